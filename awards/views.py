"""Thin views: the award register search (with Excel export) and the Excel import of past awards."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView

from awards import importing, selectors
from awards.forms import AwardImportForm
from core.pagination import WindowCountPaginator
from core.views import ExcelImportView, ExportMixin, PaginatedMixin, RoleRequiredMixin
from units.permissions import MANAGING_ROLES, OFFICE_ROLES, REGISTER_ROLES, TREE_ROLES
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
        ("Cấp quyết định", "issuer"),  # as written: the import reads this column back
        ("Cấp (theo dữ liệu)", "get_decision_level_display"),  # the level the authority rule used
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

    def get_paginator(self, queryset, per_page, **kwargs):
        # No exact COUNT(*) over the jurisdiction on each view; `?count=exact` asks for it.
        exact = self.request.GET.get("count") == "exact"
        return WindowCountPaginator(queryset, per_page, exact=exact, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        unit_id = _int(self.request.GET.get("unit"))
        ctx["unit_filter"] = units_visible_to(user).filter(pk=unit_id).first() if unit_id else None
        ctx["kind_choices"] = selectors.award_kind_choices()
        ctx["year_choices"] = selectors.award_record_years(user)
        return ctx


class AwardImportView(ExcelImportView):
    """The award-register import: the shared Excel import page over `awards.importing`."""

    required_roles = MANAGING_ROLES
    template_name = "awards/award_import.html"
    session_key = "award_import_rows"
    columns = importing.COLUMNS
    aliases = importing.ALIASES
    required_columns = importing.REQUIRED
    template_filename = "mau-nhap-khen-thuong.xlsx"
    form_class = AwardImportForm
    success_url = reverse_lazy("awards:register")
    preview_columns = ["Đối tượng", "Họ và tên", "Đơn vị", "Danh hiệu, hình thức", "Năm", "Số quyết định"]
    row_noun = _lazy("khen thưởng")
    background_commit = "awards.importing.award_import_commit"

    def preview(self, raw_rows):
        preview = importing.award_import_preview(by=self.request.user, raw_rows=raw_rows)
        for row in preview.rows:
            if row.values.get("new_household"):
                row.notes.append(_("Sẽ tạo hộ gia đình mới."))
        return preview

    def commit(self, raw_rows):
        return importing.award_import_commit(by=self.request.user, raw_rows=raw_rows)

    def success_message(self, created):
        return _("Đã nhập %(n)s khen thưởng vào sổ.") % {"n": len(created)}


# --- Issue 16 item 6: who is due this year, and the fairness view ------------------------------
class WhoIsDueHomeView(RoleRequiredMixin, View):
    """Opens "who is due" on the user's highest unit (its own staff, the desk, the signers)."""

    required_roles = TREE_ROLES

    def get(self, request):
        unit = selectors.due_default_unit(request.user)
        if unit is None:
            raise Http404
        return redirect("awards:due", pk=unit.pk)


class WhoIsDueView(RoleRequiredMixin, View):
    """Người, tập thể đến hạn: whose history makes them eligible, this year, for a higher title
    or a Bằng khen (the eligibility engine, with its reasons). A unit outside the user's tree: 404."""

    required_roles = TREE_ROLES
    template_name = "awards/who_is_due.html"
    paginate_by = 50

    def get(self, request, pk):
        unit = selectors.due_unit_get_for_user(user=request.user, pk=pk)
        today = timezone.localdate()
        year = _int(request.GET.get("year")) or selectors.due_year_default(today)
        if not 2000 <= year <= today.year:
            year = selectors.due_year_default(today)
        try:
            rows = selectors.who_is_due(unit=unit, year=year, on_date=today)
        except selectors.TooManyCandidates:
            rows, too_many = [], selectors.DUE_MAX_CANDIDATES
        else:
            too_many = 0
        page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        ctx = {
            "unit": unit,
            "year": year,
            "today": today,
            "years": list(range(today.year, today.year - 6, -1)),
            "rows": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "total": len(rows),
            "too_many": too_many,
            "sub_units": unit.children.order_by("name"),
        }
        return render(request, self.template_name, ctx)


class FairnessView(RoleRequiredMixin, View):
    """Công bằng trong khen thưởng: shares of awards by unit type, position level, gender and
    ethnicity, year on year (secretariat, signers, council members of the jurisdiction)."""

    required_roles = OFFICE_ROLES
    template_name = "awards/fairness.html"
    span = 5

    def get(self, request):
        unit_id = _int(request.GET.get("unit"))
        unit = get_object_or_404(selectors.fairness_units(request.user), pk=unit_id) if unit_id else None
        last = _int(request.GET.get("year")) or timezone.localdate().year - 1
        years = list(range(last - self.span + 1, last + 1))
        ctx = {
            "unit": unit,
            "years": years,
            "last": last,
            "year_choices": list(range(timezone.localdate().year, timezone.localdate().year - 11, -1)),
            "dimensions": selectors.award_fairness(user=request.user, years=years, unit=unit),
        }
        return render(request, self.template_name, ctx)
