"""Year-end record entry: the secretariat's overview of which units entered their ratings, a
unit's rating grid (one page, saved in one go), its Excel grid, and the minutes download."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from awards import record_importing, record_importing_facts, record_selectors, services
from awards.forms import (
    DisciplineForm,
    FreezeForm,
    HouseholdForm,
    InitiativeForm,
    RatingSheetForm,
    StartDateForm,
)
from core import audit
from core.excel import xlsx_response
from core.views import ExcelImportView, PaginatedMixin, RoleRequiredMixin, add_service_errors
from units.models import Unit
from units.permissions import TREE_ROLES, record_units
from units.selectors import person_get_for_user
from units.services import person_employed_since_set


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if year in services.rating_years() else default


class RatingOverviewView(RoleRequiredMixin, TemplateView):
    """Which units have entered the year's ratings (for the secretariat; a unit sees its own).
    Paginated: a province has about 1,500 units with staff."""

    required_roles = TREE_ROLES
    template_name = "awards/rating_overview.html"

    def get_context_data(self, **kwargs):
        g = self.request.GET
        year = _year(g.get("year"), services.rating_default_year())
        user = self.request.user
        entries = record_selectors.rating_overview_for_user(
            user=user, year=year, search=g.get("q", ""), missing_only=g.get("missing") == "1"
        )
        page = Paginator(entries, settings.THIDUA_PAGE_SIZE).get_page(g.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": services.rating_years(),
            "units": record_selectors.rating_overview_rows(user=user, year=year, entries=page.object_list),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "entered": record_selectors.rating_sheets_entered(user=user, year=year, entries=entries),
            "q": g.get("q", ""),
            "missing": g.get("missing") == "1",
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


# --- A person's record facts: initiatives, discipline, review freezes, start date -------------
class PersonFactCreateView(RoleRequiredMixin, View):
    """GET the form for one fact about a person; POST records it through its service (audited).
    404 for a person the user may not see or whose unit they do not enter the record of."""

    required_roles = TREE_ROLES
    template_name = "awards/person_fact_form.html"
    form_class = None
    title = ""
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = person_get_for_user(user=request.user, pk=kwargs["pk"])
            if not services.can_enter_record(request.user, self.person.unit):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {}

    def _render(self, request, form):
        return render(request, self.template_name, {"form": form, "person": self.person, "title": self.title})

    def get(self, request, pk):
        return self._render(request, self.form_class(initial=self.get_initial()))

    def post(self, request, pk):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.save(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect(self.person.get_absolute_url() + "#record")
        return self._render(request, form)

    def save(self, data):  # pragma: no cover - abstract
        raise NotImplementedError


class InitiativeCreateView(PersonFactCreateView):
    form_class = InitiativeForm
    title = _lazy("Thêm sáng kiến")
    success_message = _lazy("Đã ghi sáng kiến.")

    def save(self, data):
        services.initiative_create(by=self.request.user, person=self.person, **data)


class DisciplineCreateView(PersonFactCreateView):
    form_class = DisciplineForm
    title = _lazy("Ghi kỷ luật")
    success_message = _lazy("Đã ghi kỷ luật.")

    def save(self, data):
        services.discipline_create(by=self.request.user, person=self.person, **data)


class FreezeCreateView(PersonFactCreateView):
    form_class = FreezeForm
    title = _lazy("Tạm dừng xét khen thưởng")
    success_message = _lazy("Đã ghi thời gian tạm dừng xét khen thưởng.")

    def save(self, data):
        services.freeze_create(by=self.request.user, person=self.person, **data)


class StartDateView(PersonFactCreateView):
    form_class = StartDateForm
    title = _lazy("Ngày bắt đầu công tác")
    success_message = _lazy("Đã cập nhật ngày bắt đầu công tác.")

    def get_initial(self):
        return {"employed_since": self.person.employed_since}

    def save(self, data):
        person_employed_since_set(
            by=self.request.user, person=self.person, employed_since=data["employed_since"]
        )


# --- Households ---------------------------------------------------------------------
class HouseholdListView(RoleRequiredMixin, PaginatedMixin, ListView):
    required_roles = TREE_ROLES
    template_name = "awards/household_list.html"
    context_object_name = "households"

    def get_queryset(self):
        return record_selectors.household_list_for_user(
            user=self.request.user, search=self.request.GET.get("q", "")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = record_selectors.has_villages_for_record(self.request.user)
        return ctx


class HouseholdCreateView(RoleRequiredMixin, View):
    required_roles = TREE_ROLES
    template_name = "awards/household_form.html"

    def _villages(self, request):
        villages = record_selectors.villages_for_record(request.user)
        if not villages:
            raise Http404
        return Unit.objects.filter(pk__in=[v.pk for v in villages]).order_by("path")

    def get(self, request):
        return render(request, self.template_name, {"form": HouseholdForm(villages=self._villages(request))})

    def post(self, request):
        form = HouseholdForm(request.POST, villages=self._villages(request))
        if form.is_valid():
            try:
                household = services.household_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm hộ gia đình."))
                return redirect("awards:household-detail", pk=household.pk)
        return render(request, self.template_name, {"form": form})


class HouseholdDetailView(RoleRequiredMixin, View):
    required_roles = TREE_ROLES
    template_name = "awards/household_detail.html"

    def get(self, request, pk):
        household = record_selectors.household_get_for_user(user=request.user, pk=pk)
        return render(
            request,
            self.template_name,
            {
                "household": household,
                "award_history": record_selectors.household_award_history(household),
                "history": audit.history_for(household)[:20],
            },
        )


class FactImportView(ExcelImportView):
    """Excel import of one kind of record fact (initiatives, discipline, freezes, start dates,
    households) through the one import scaffold; rows outside the user's units are refused."""

    required_roles = TREE_ROLES
    template_name = "awards/fact_import.html"

    def dispatch(self, request, *args, **kwargs):
        kind = record_importing_facts.KINDS.get(kwargs["kind"])
        if kind is None:
            raise Http404
        self.kind = kind
        self.columns, self.required_columns, self.aliases = kind.columns, kind.required, kind.aliases
        self.row_noun = kind.row_noun
        self.preview_columns = kind.columns[:6]
        self.session_key = f"fact_import_rows:{kind.slug}"
        self.template_filename = f"mau-nhap-{kind.slug}.xlsx"
        if request.user.is_authenticated and not record_units(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "kind": self.kind,
            "kinds": record_importing_facts.KINDS,
        }

    def preview(self, raw_rows):
        return record_importing_facts.fact_import_preview(
            by=self.request.user, kind=self.kind, raw_rows=raw_rows
        )

    def commit(self, raw_rows):
        return record_importing_facts.fact_import_commit(
            by=self.request.user, kind=self.kind, raw_rows=raw_rows
        )

    def success_message(self, created):
        return _("Đã nhập %(n)s %(noun)s.") % {"n": len(created), "noun": self.kind.row_noun}
