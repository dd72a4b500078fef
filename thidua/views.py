"""The home page: one panel per role the user holds, each with its cockpit (issue 16 item 1);
the dashboard of charts (item 4) and the statistics tables (item 5)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.excel import xlsx_table_response
from core.roles import Role
from core.views import RoleRequiredMixin
from thidua import dashboard, statistics
from thidua.cockpit import cockpit_for, tree_counts
from units import permissions, selectors
from units.permissions import REGISTER_ROLES


class HomeView(LoginRequiredMixin, TemplateView):
    """One page, one panel per role the user holds; each panel lists what waits and links to the
    place to act (counts from the apps' selectors, constant query cost)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        grants = permissions.active_grants(user)
        ctx["grants"] = grants
        ctx["roles"] = permissions.user_roles(user)
        ctx["desk_units"] = permissions.grant_units(user, permissions.DESK_ROLES)
        ctx["signer_units"] = permissions.grant_units(user, permissions.SIGNER_ROLES)
        ctx["unit_grants"] = [g for g in grants if g.role in permissions.UNIT_ROLES]
        ctx["headed_blocs"] = (
            selectors.blocs_visible_to(user)
            .filter(head__in=permissions.grant_units(user, Role.BLOC_HEAD))
            .annotate(member_count=Count("memberships"))
            if Role.BLOC_HEAD in ctx["roles"]
            else []
        )
        if permissions.holds_any(user, permissions.TREE_ROLES):
            counts = tree_counts(user)
            ctx["unit_count"], ctx["people_count"] = counts["units"], counts["people"]
        ctx["cockpit"] = cockpit_for(user)
        return ctx


def _year(value: str | None) -> int | None:
    """A year from the query string (1945–2100), else None."""
    return int(value) if value and value.isdigit() and 1945 <= int(value) <= 2100 else None


def _filters(request) -> dashboard.Filters:
    g = request.GET
    unit_id = int(g["unit"]) if g.get("unit", "").isdigit() else None
    return dashboard.default_filters(
        year=_year(g.get("year")),
        year_from=_year(g.get("from")),
        year_to=_year(g.get("to")),
        quota_year=_year(g.get("quota_year")),
        scope=dashboard.scope_for_user(request.user, unit_id),
    )


def _title_rows(filters: dashboard.Filters, title: str) -> list[str]:
    scope = filters.scope.name if filters.scope else _("Toàn bộ phạm vi được xem")
    return [title, _("Phạm vi: %(s)s") % {"s": scope}]


class DashboardView(RoleRequiredMixin, TemplateView):
    """Biểu đồ thống kê (issue 16 item 4) for the secretariat and the signers of a jurisdiction:
    each chart with its numbers as a table and an Excel export (`?export=xlsx&chart=<key>`)."""

    required_roles = REGISTER_ROLES
    template_name = "stats/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filters = _filters(request)
            chart = dashboard.chart_by_key(request.user, filters, request.GET.get("chart", ""))
            if chart is None:
                raise Http404
            return xlsx_table_response(
                f"bieu-do-{chart.key}.xlsx",
                chart.headers,
                chart.rows,
                title_rows=_title_rows(filters, chart.title),
                sheet="Số liệu",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filters = _filters(self.request)
        charts = dashboard.dashboard_charts(self.request.user, filters)
        ctx.update(
            filters=filters,
            charts=charts,
            scope_choices=dashboard.scope_choices(self.request.user),
            year_choices=list(range(timezone.localdate().year + 1, 1999, -1)),
            querystring=self._querystring(),
        )
        return ctx

    def _querystring(self) -> str:
        params = self.request.GET.copy()
        for key in ("export", "chart", "table"):
            params.pop(key, None)
        return params.urlencode()


class StatisticsView(DashboardView):
    """Bảng thống kê (issue 16 item 5): register counts by level, award kind, year, unit type and
    gender over a span of years, tables defined as data (⚠ form unconfirmed); printable, and each
    table exported to Excel (`?export=xlsx&table=<code>`)."""

    template_name = "stats/statistics.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filters = _filters(request)
            found = statistics.statistics_tables(request.user, filters, codes=[request.GET.get("table", "")])
            if not found:
                raise Http404
            table = found[0]
            return xlsx_table_response(
                f"thong-ke-{table.code.lower()}.xlsx",
                table.headers,
                table.all_rows(),
                title_rows=_title_rows(filters, f"Biểu {table.code}. {table.title}"),
                sheet=table.code,
            )
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = TemplateView.get_context_data(self, **kwargs)
        filters = _filters(self.request)
        ctx.update(
            filters=filters,
            tables=statistics.statistics_tables(self.request.user, filters),
            scope_choices=dashboard.scope_choices(self.request.user),
            year_choices=list(range(timezone.localdate().year + 1, 1999, -1)),
            querystring=self._querystring(),
        )
        return ctx
