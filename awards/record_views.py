"""Year-end record entry: the secretariat's overview of which units entered their ratings, a
unit's rating grid (one page, saved in one go), its Excel grid, and the minutes download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from awards import record_importing, record_selectors, services
from awards.forms import RatingSheetForm
from core.excel import xlsx_response
from core.roles import TREE_ROLES
from core.views import ExcelImportView, RoleRequiredMixin, add_service_errors


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if year in services.rating_years() else default


class RatingOverviewView(RoleRequiredMixin, TemplateView):
    """Which units have entered the year's ratings (for the secretariat; a unit sees its own)."""

    required_roles = TREE_ROLES
    template_name = "awards/rating_overview.html"

    def get_context_data(self, **kwargs):
        g = self.request.GET
        year = _year(g.get("year"), services.rating_default_year())
        units = record_selectors.rating_overview_for_user(
            user=self.request.user, year=year, search=g.get("q", ""), missing_only=g.get("missing") == "1"
        )
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": services.rating_years(),
            "units": units,
            "q": g.get("q", ""),
            "missing": g.get("missing") == "1",
            "entered": sum(1 for u in units if u.sheet),
        }


class RatingSheetView(RoleRequiredMixin, View):
    """GET the grid of a unit's people for a year; POST saves every rating at once (conflict-safe)."""

    required_roles = TREE_ROLES
    template_name = "awards/rating_sheet.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = record_selectors.rating_unit_get_for_user(user=request.user, pk=kwargs["unit_pk"])
            if kwargs["year"] not in services.rating_years():
                raise Http404
            self.year = kwargs["year"]
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, sheet):
        return render(
            request,
            self.template_name,
            {
                "unit": self.unit,
                "year": self.year,
                "form": form,
                "sheet": sheet,
                "years": services.rating_years(),
            },
        )

    def get(self, request, unit_pk, year):
        sheet, people = record_selectors.rating_sheet_rows(unit=self.unit, year=self.year)
        initial = {f"p{p.pk}": p.rating for p in people}
        initial["version"] = sheet.version if sheet else 0
        initial["meeting_date"] = sheet.meeting_date if sheet else None
        return self._render(request, RatingSheetForm(people=people, initial=initial), sheet)

    def post(self, request, unit_pk, year):
        sheet, people = record_selectors.rating_sheet_rows(unit=self.unit, year=self.year)
        form = RatingSheetForm(request.POST, request.FILES, people=people)
        if form.is_valid():
            try:
                saved = services.rating_sheet_save(
                    by=request.user,
                    unit=self.unit,
                    year=self.year,
                    ratings=form.ratings(),
                    version=form.cleaned_data["version"],
                    meeting_date=form.cleaned_data["meeting_date"],
                    minutes=form.cleaned_data["minutes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã lưu xếp loại năm %(y)s: %(n)s/%(t)s người đã được xếp loại.")
                    % {"y": self.year, "n": saved.rated_count, "t": len(people)},
                )
                return redirect(request.path)
        return self._render(request, form, sheet)


class RatingMinutesView(RoleRequiredMixin, View):
    required_roles = TREE_ROLES

    def get(self, request, unit_pk, year):
        unit = record_selectors.rating_unit_get_for_user(user=request.user, pk=unit_pk)
        sheet, _people = record_selectors.rating_sheet_rows(unit=unit, year=year)
        if sheet is None or not sheet.minutes:
            raise Http404
        return FileResponse(sheet.minutes.open("rb"), as_attachment=True, filename=sheet.minutes_name)


class RatingImportView(ExcelImportView):
    """The rating grid as an Excel file: download it with the unit's people, fill "Xếp loại",
    upload, preview, confirm; saved like the grid page (all or nothing, conflict-safe)."""

    required_roles = TREE_ROLES
    template_name = "awards/rating_import.html"
    session_key = "rating_import_rows"
    columns = record_importing.COLUMNS
    aliases = record_importing.ALIASES
    required_columns = record_importing.REQUIRED
    preview_columns = ["Họ và tên", "Ngày sinh", "Số CCCD", "Xếp loại"]
    row_noun = _lazy("người")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = record_selectors.rating_unit_get_for_user(user=request.user, pk=kwargs["unit_pk"])
            if kwargs["year"] not in services.rating_years():
                raise Http404
            self.year = kwargs["year"]
            self.session_key = f"rating_import_rows:{self.unit.pk}:{self.year}"
            self.template_filename = f"xep-loai-{self.year}-{self.unit.pk}.xlsx"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            _sheet, people = record_selectors.rating_sheet_rows(unit=self.unit, year=self.year)
            return xlsx_response(
                self.template_filename,
                self.columns,
                record_importing.rating_template_rows(people),
                title_rows=[
                    [self.unit.name.upper()],
                    [_("KẾT QUẢ XẾP LOẠI MỨC ĐỘ HOÀN THÀNH NHIỆM VỤ NĂM %(y)s") % {"y": self.year}],
                ],
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit": self.unit, "year": self.year}

    def preview(self, raw_rows):
        sheet, people = record_selectors.rating_sheet_rows(unit=self.unit, year=self.year)
        self.request.session[self.session_key + ":version"] = sheet.version if sheet else 0
        return record_importing.rating_import_preview(unit=self.unit, people=people, raw_rows=raw_rows)

    def commit(self, raw_rows):
        _sheet, people = record_selectors.rating_sheet_rows(unit=self.unit, year=self.year)
        preview = record_importing.rating_import_preview(unit=self.unit, people=people, raw_rows=raw_rows)
        if not preview.ok:
            raise ValidationError(
                _("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count}
            )
        ratings = {r.values["person_id"]: r.values["rating"] for r in preview.rows if r.values["rating"]}
        sheet = services.rating_sheet_save(
            by=self.request.user,
            unit=self.unit,
            year=self.year,
            ratings=ratings,
            version=self.request.session.get(self.session_key + ":version", 0),
        )
        self.saved_sheet = sheet
        return list(ratings)

    def success_message(self, created):
        return _("Đã nhập xếp loại năm %(y)s cho %(n)s người.") % {"y": self.year, "n": len(created)}

    @property
    def success_url(self):
        return reverse("awards:rating-sheet", args=[self.unit.pk, self.year])
