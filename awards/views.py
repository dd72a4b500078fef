"""Thin views: the award register search (with Excel export) and the Excel import of past awards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from awards import importing, selectors
from awards.forms import AwardImportForm
from core.excel import read_rows, xlsx_response
from core.views import ExportMixin, PaginatedMixin, RoleRequiredMixin, message_error
from units.permissions import MANAGING_ROLES, REGISTER_ROLES
from units.permissions import visible_units as units_visible_to


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class AwardRecordListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    """Sổ khen thưởng: search by name (diacritics optional), unit, year, award kind."""

    required_roles = REGISTER_ROLES
    template_name = "awards/award_register.html"
    context_object_name = "records"
    export_filename = "so-khen-thuong.xlsx"
    export_columns = [
        ("Họ tên / Tên tập thể", "subject_name"),
        ("Đối tượng", "subject_kind_label"),
        ("Đơn vị", "unit.name"),
        ("Danh hiệu, hình thức", "award_kind.name"),
        ("Năm", "year"),
        ("Số quyết định", "decision_number"),
        ("Ngày quyết định", "decision_date"),
        ("Cấp quyết định", "issuer"),
        ("Loại khen thưởng", "get_occasion_display"),
        ("Trạng thái", "status_label"),
    ]

    def get_queryset(self):
        g = self.request.GET
        return selectors.award_record_list_for_user(
            user=self.request.user,
            search=g.get("q", ""),
            unit_id=_int(g.get("unit")),
            year=_int(g.get("year")),
            award_kind=g.get("kind", ""),
            unit_query=g.get("unit_q", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        unit_id = _int(self.request.GET.get("unit"))
        ctx["unit_filter"] = units_visible_to(user).filter(pk=unit_id).first() if unit_id else None
        ctx["kind_choices"] = selectors.award_kind_choices()
        ctx["year_choices"] = selectors.award_record_years(user)
        return ctx


class AwardImportView(RoleRequiredMixin, View):
    """GET: upload form. POST with a file: preview. POST confirm: write all or nothing."""

    required_roles = MANAGING_ROLES
    template_name = "awards/award_import.html"
    session_key = "award_import_rows"

    def _render(self, request, form, preview=None):
        return render(
            request, self.template_name, {"form": form, "preview": preview, "columns": importing.COLUMNS}
        )

    def get(self, request):
        if request.GET.get("template") == "xlsx":
            return xlsx_response("mau-nhap-khen-thuong.xlsx", importing.COLUMNS, [])
        return self._render(request, AwardImportForm())

    def post(self, request):
        if "confirm" in request.POST:
            raw_rows = request.session.get(self.session_key)
            if not raw_rows:
                messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
                return redirect("awards:import")
            try:
                created = importing.award_import_commit(by=request.user, raw_rows=raw_rows)
            except ValidationError as exc:
                message_error(request, exc)
                return redirect("awards:import")
            del request.session[self.session_key]
            messages.success(request, _("Đã nhập %(n)s khen thưởng vào sổ.") % {"n": len(created)})
            return redirect("awards:register")
        form = AwardImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        try:
            raw_rows = list(read_rows(form.cleaned_data["file"], max_rows=5000))
        except Exception:  # openpyxl raises many types for a corrupt workbook
            form.add_error("file", _("Không đọc được tệp Excel (tệp hỏng hoặc quá 5.000 dòng)."))
            return self._render(request, form)
        raw_rows = importing.serialisable(raw_rows)
        preview = importing.award_import_preview(by=request.user, raw_rows=raw_rows)
        if preview.ok:
            request.session[self.session_key] = raw_rows
        else:
            request.session.pop(self.session_key, None)
        return self._render(request, AwardImportForm(), preview)
