"""The dashboard's numbers (issue 16 item 4): reporting rates, registrations, awards, money and
quota use, for the secretariat and the leaders (signers) of a jurisdiction.

Every figure is read through the owning app's visibility selector (``award_records_visible_to``,
``rounds_visible_to``, ``registrations_visible_to``, ``blocs_visible_to``), so the dashboard shows
only what the user's jurisdiction may see (``units/permissions.py``), optionally narrowed to the
subtree of one visible unit (``scope``). Aggregation is done by the database (``values().annotate``)
so the number of queries does not grow with the data (``thidua/tests/test_dashboard.py``).

Each chart is a :class:`Chart`: the labels and series the browser draws (``static/js/dashboard.js``
with the vendored Chart.js, reading the canvas's ``data-spec``) and the same numbers as a table
(shown under the chart, exported to Excel) — the table is the accessible form of the chart.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from awards.eligibility import ADVANCED_WORKER, GRASSROOTS_FIGHTER
from awards.models import (
    AwardAnnulment,
    AwardCoefficient,
    AwardKind,
    AwardRecord,
    BaseSalary,
    Household,
    RuleParameter,
    RuleSet,
    SubjectKind,
)
from awards.money import bonus_amount
from awards.rules import load_rulebook
from awards.selectors import award_records_visible_to
from campaigns.models import Campaign, Registration
from campaigns.selectors import registrations_visible_to
from core import caching
from nominations.models import DecisionLine, Nomination, NominationBatch
from nominations.selectors import OPEN_STATUSES, quota_budgets
from reports.models import ReportRound, ReportSubmission
from reports.selectors import rounds_visible_to
from units import permissions as authority
from units.models import Bloc, BlocMembership, Person, Unit
from units.selectors import blocs_visible_to

#: How many units the "awards by unit" and "quota" charts show (the most awarded first).
TOP_UNITS = 15
#: Years shown by default in the multi-year charts (ending at the chosen year).
DEFAULT_SPAN = 5
#: The longest span of years a chart or table shows (one column per year in the tables).
MAX_SPAN = 20


@dataclass
class Chart:
    """One chart and its table. `kind` is a Chart.js type ("bar", "line", "doughnut");
    `datasets` are [{"label": str, "data": [number]}] aligned with `labels`; `headers` and `rows`
    are the table (first column the label, then one column per number); `unit` the measure
    shown to the reader ("khen thưởng", "%", "đồng")."""

    key: str
    title: str
    kind: str
    labels: list[str] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    note: str = ""
    horizontal: bool = False
    stacked: bool = False
    percent: bool = False  # a rate: the value axis runs 0-100

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def spec_json(self) -> str:
        """:meth:`as_json` as a JSON string, for the canvas's ``data-spec`` attribute (the page
        carries no inline script: CSP and ``core/tests/test_security_walk.py``)."""
        return json.dumps(self.as_json(), ensure_ascii=False)

    def as_json(self) -> dict:
        """The part the browser needs: type, labels, datasets, options flags."""
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "labels": self.labels,
            "datasets": self.datasets,
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "percent": self.percent,
        }


@dataclass
class Filters:
    """The dashboard's filters: `year` (report rounds, registrations), `year_from`..`year_to`
    (award charts), `quota_year` (the achievement year whose grassroots-fighter quota is shown),
    `scope` (a visible unit whose subtree narrows everything, or None for the whole jurisdiction)."""

    year: int
    year_from: int
    year_to: int
    quota_year: int
    scope: Unit | None = None
    swapped: bool = False  # the years asked for were out of order and were swapped


def scope_choices(user) -> QuerySet[Unit]:
    """Units offered as the jurisdiction filter: the units where `user` holds a register role
    (secretariat, admin, chair, vice-chair) and their direct sub-units, all within what `user`
    may see; QuerySet ordered by tree path. Administrators without grants get the top units and
    their children. Two queries at most."""
    roots = authority.grant_units(user, authority.REGISTER_ROLES)
    visible = authority.visible_units(user)
    if roots:
        q = Q(pk__in=[u.pk for u in roots]) | Q(parent__in=[u.pk for u in roots])
    else:
        q = Q(parent__isnull=True) | Q(parent__parent__isnull=True)
    return visible.filter(q).order_by("path")


def scope_for_user(user, unit_id: int | None) -> Unit | None:
    """The unit `unit_id` (a pk, or None for everything `user` sees) if `user` may see it.

    Raises Http404 for a unit outside the user's units (units.permissions.visible_units), as
    every other page does for an object the user may not see — never a silent widening.
    """
    if not unit_id:
        return None
    unit = authority.visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def default_filters(
    *, today: date | None = None, year=None, year_from=None, year_to=None, quota_year=None, scope=None
) -> Filters:
    """Filters with defaults: this year; the award span the `DEFAULT_SPAN` years up to it; the
    quota of the previous year's achievements (the year whose awards are decided now). Years out
    of order are swapped; a span longer than `MAX_SPAN` years keeps its last `MAX_SPAN` years."""
    today = today or timezone.localdate()
    year = year or today.year
    year_to = year_to or year
    year_from = year_from or year_to - DEFAULT_SPAN + 1
    swapped = year_from > year_to
    if swapped:
        year_from, year_to = year_to, year_from
    year_from = max(year_from, year_to - MAX_SPAN + 1)
    return Filters(
        year=year,
        year_from=year_from,
        year_to=year_to,
        quota_year=quota_year or year - 1,
        scope=scope,
        swapped=swapped,
    )


def _in_scope(qs, field_name: str, scope: Unit | None):
    if scope is None:
        return qs
    return qs.filter(authority.subtree_q(field_name, [scope.path]))


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def award_records(user, filters: Filters) -> QuerySet[AwardRecord]:
    """Register entries in force that `user` may see, in the award span and scope (QuerySet,
    no ordering, for aggregation)."""
    qs = (
        award_records_visible_to(user)
        .in_force()
        .filter(year__gte=filters.year_from, year__lte=filters.year_to)
    )
    return _in_scope(qs, "unit", filters.scope).order_by()


# --- Report rounds -----------------------------------------------------------------------------
def _rounds(user, filters: Filters) -> list[ReportRound]:
    return list(rounds_visible_to(user).filter(campaign__year=filters.year).order_by("deadline", "pk"))


def reporting_by_round(user, filters: Filters) -> Chart:
    """Per report round of campaigns of `filters.year`: units required to report (in scope),
    units that have reported (submitted, resubmitted or accepted), the rate in %. Three queries."""
    rounds = _rounds(user, filters)
    through = ReportRound.units.through
    required = dict(
        _in_scope(through.objects.filter(reportround__in=rounds), "unit", filters.scope)
        .values("reportround_id")
        .annotate(n=Count("unit_id", distinct=True))
        .values_list("reportround_id", "n")
    )
    reported = dict(
        _in_scope(
            ReportSubmission.objects.filter(round__in=rounds, status__in=ReportSubmission.REPORTED),
            "unit",
            filters.scope,
        )
        .values("round_id")
        .annotate(n=Count("unit_id", distinct=True))
        .values_list("round_id", "n")
    )
    chart = Chart(
        key="reporting-rounds",
        percent=True,
        title=f"Tỷ lệ báo cáo theo kỳ báo cáo (phong trào năm {filters.year})",
        kind="bar",
        headers=["Kỳ báo cáo", "Số đơn vị phải báo cáo", "Số đơn vị đã báo cáo", "Tỷ lệ (%)"],
    )
    rates = []
    for rnd in rounds:
        need, done = required.get(rnd.pk, 0), reported.get(rnd.pk, 0)
        if not need:
            continue
        chart.labels.append(rnd.title)
        rates.append(_pct(done, need))
        chart.rows.append([rnd.title, need, done, _pct(done, need)])
    chart.datasets = [{"label": "Tỷ lệ đã báo cáo (%)", "data": rates}]
    return chart


def reporting_by_bloc(user, filters: Filters) -> Chart:
    """Per bloc or cluster of `filters.year` that `user` may see: (round, unit) pairs required of
    its member units in the rounds of that year's campaigns, pairs reported, rate in %. Four
    queries."""
    rounds = _rounds(user, filters)
    bloc_ids = list(blocs_visible_to(user).filter(year=filters.year).values_list("pk", flat=True))
    member = "unit__bloc_memberships__bloc"
    through = ReportRound.units.through
    required = {
        (r["bid"], r["name"]): r["n"]
        for r in _in_scope(
            through.objects.filter(reportround__in=rounds, **{f"{member}__in": bloc_ids}),
            "unit",
            filters.scope,
        )
        .values(bid=F(f"{member}_id"), name=F(f"{member}__name"))
        .annotate(n=Count("pk"))
        .order_by("name")
    }
    reported = {
        r["bid"]: r["n"]
        for r in _in_scope(
            ReportSubmission.objects.filter(
                round__in=rounds, status__in=ReportSubmission.REPORTED, **{f"{member}__in": bloc_ids}
            ),
            "unit",
            filters.scope,
        )
        .values(bid=F(f"{member}_id"))
        .annotate(n=Count("pk"))
        .order_by()
    }
    chart = Chart(
        key="reporting-blocs",
        percent=True,
        title=f"Tỷ lệ báo cáo theo khối, cụm thi đua (năm {filters.year})",
        kind="bar",
        headers=["Khối, cụm", "Số lượt phải báo cáo", "Số lượt đã báo cáo", "Tỷ lệ (%)"],
        note="Một lượt là một đơn vị trong một kỳ báo cáo.",
    )
    rates = []
    for (bid, name), need in required.items():
        done = reported.get(bid, 0)
        chart.labels.append(name)
        rates.append(_pct(done, need))
        chart.rows.append([name, need, done, _pct(done, need)])
    chart.datasets = [{"label": "Tỷ lệ đã báo cáo (%)", "data": rates}]
    return chart


# --- Registrations -----------------------------------------------------------------------------
def registrations_by_status(user, filters: Filters) -> Chart:
    """Emulation registrations of campaigns of `filters.year` that `user` may read (units in
    scope), counted per status (draft, submitted, approved, returned). One query."""
    counts = dict(
        _in_scope(registrations_visible_to(user).filter(campaign__year=filters.year), "unit", filters.scope)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    chart = Chart(
        key="registrations",
        title=f"Đăng ký thi đua theo trạng thái (phong trào năm {filters.year})",
        kind="doughnut",
        headers=["Trạng thái", "Số đăng ký"],
    )
    data = []
    for status in Registration.Status:
        n = counts.get(status.value, 0)
        chart.labels.append(str(status.label))
        data.append(n)
        chart.rows.append([str(status.label), n])
    chart.datasets = [{"label": "Số đăng ký", "data": data}]
    if not any(data):
        chart.rows = []
    return chart


# --- Awards ------------------------------------------------------------------------------------
def _span(filters: Filters) -> str:
    if filters.year_from == filters.year_to:
        return f"năm {filters.year_to}"
    return f"{filters.year_from}–{filters.year_to}"


def awards_by_kind(user, filters: Filters) -> Chart:
    """Awards in force (register) of the award span, per award kind (catalogue order), split into
    individuals, collectives and households. One query."""
    subject = Case(
        When(person__isnull=False, then=Value(SubjectKind.INDIVIDUAL)),
        When(collective__isnull=False, then=Value(SubjectKind.COLLECTIVE)),
        default=Value(SubjectKind.HOUSEHOLD),
        output_field=CharField(),
    )
    groups = (
        award_records(user, filters)
        .annotate(subject=subject)
        .values("award_kind__name", "award_kind__order", "award_kind_id", "subject")
        .annotate(n=Count("pk"))
        .order_by("award_kind__order", "award_kind__name")
    )
    table: dict[str, dict[str, int]] = {}
    for g in groups:
        table.setdefault(g["award_kind__name"], {})[g["subject"]] = g["n"]
    kinds = list(SubjectKind)
    chart = Chart(
        key="awards-kind",
        title=f"Khen thưởng theo danh hiệu, hình thức ({_span(filters)})",
        kind="bar",
        horizontal=True,
        stacked=True,
        labels=list(table),
        headers=["Danh hiệu, hình thức", *[str(k.label) for k in kinds], "Tổng số"],
    )
    chart.datasets = [
        {"label": str(k.label), "data": [table[name].get(k.value, 0) for name in table]} for k in kinds
    ]
    for name, by_subject in table.items():
        values = [by_subject.get(k.value, 0) for k in kinds]
        chart.rows.append([name, *values, sum(values)])
    return chart


def awards_by_level(user, filters: Filters) -> Chart:
    """Awards in force of the award span per deciding level (``decision_level``: national,
    province, district, commune; "not recorded" for old entries without it). One query."""
    from awards.choices import LevelCode

    counts = dict(
        award_records(user, filters)
        .values("decision_level")
        .annotate(n=Count("pk"))
        .values_list("decision_level", "n")
    )
    chart = Chart(
        key="awards-level",
        title=f"Khen thưởng theo cấp quyết định ({_span(filters)})",
        kind="doughnut",
        headers=["Cấp quyết định", "Số khen thưởng"],
    )
    data = []
    for code, label in [*LevelCode.choices, ("", "Chưa ghi cấp")]:
        n = counts.get(code, 0)
        if n:
            chart.labels.append(str(label))
            data.append(n)
            chart.rows.append([str(label), n])
    chart.datasets = [{"label": "Số khen thưởng", "data": data}]
    return chart


def awards_by_unit(user, filters: Filters) -> Chart:
    """The `TOP_UNITS` units with the most awards in force in the award span (the unit the
    subject belonged to), most first. One query."""
    rows = list(
        award_records(user, filters)
        .values("unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:TOP_UNITS]
    )
    return Chart(
        key="awards-unit",
        title=f"Khen thưởng theo đơn vị — {TOP_UNITS} đơn vị nhiều nhất ({_span(filters)})",
        kind="bar",
        horizontal=True,
        labels=[r["unit__name"] for r in rows],
        datasets=[{"label": "Số khen thưởng", "data": [r["n"] for r in rows]}],
        headers=["Đơn vị", "Số khen thưởng"],
        rows=[[r["unit__name"], r["n"]] for r in rows],
    )


def awards_by_year(user, filters: Filters) -> Chart:
    """Awards in force per achievement year of the span, split into emulation titles and award
    forms (catalogue category). One query."""
    counts = {
        (r["year"], r["award_kind__category"]): r["n"]
        for r in award_records(user, filters).values("year", "award_kind__category").annotate(n=Count("pk"))
    }
    years = list(range(filters.year_from, filters.year_to + 1))
    cats = list(AwardKind.Category)
    chart = Chart(
        key="awards-year",
        title=f"Khen thưởng theo năm ({_span(filters)})",
        kind="bar",
        stacked=True,
        labels=[str(y) for y in years],
        headers=["Năm", *[str(c.label) for c in cats], "Tổng số"],
    )
    chart.datasets = [
        {"label": str(c.label), "data": [counts.get((y, c.value), 0) for y in years]} for c in cats
    ]
    for y in years:
        values = [counts.get((y, c.value), 0) for c in cats]
        chart.rows.append([str(y), *values, sum(values)])
    if not any(r[-1] for r in chart.rows):
        chart.rows = []
    return chart


def money_by_year(user, filters: Filters) -> Chart:
    """Award money (VND) per achievement year of the span: the amounts of the issued decisions'
    lines behind the register entries, and — for entries without a decision line (imported from
    the old register) — the amount the rules give (coefficient × base salary on the decision date,
    ``awards.money.bonus_amount``, law.md §5.2), shown apart as an estimate. Entries whose rule
    has no coefficient are left out of the estimate. Two queries and the rule book (8)."""
    base = award_records(user, filters)
    decided = dict(
        base.filter(decision_line__isnull=False)
        .values("year")
        .annotate(total=Sum("decision_line__amount"))
        .values_list("year", "total")
    )
    subject = Case(
        When(person__isnull=False, then=Value(SubjectKind.INDIVIDUAL)),
        When(collective__isnull=False, then=Value(SubjectKind.COLLECTIVE)),
        default=Value(SubjectKind.HOUSEHOLD),
        output_field=CharField(),
    )
    groups = list(
        base.filter(decision_line__isnull=True, award_kind__carries_money=True)
        .annotate(subject=subject)
        .values("year", "award_kind__code", "subject", "decision_date")
        .annotate(n=Count("pk"))
    )
    estimated: dict[int, int] = {}
    if groups:
        rules = load_rulebook()
        for g in groups:
            try:
                amount = bonus_amount(
                    award_kind=g["award_kind__code"],
                    subject_kind=g["subject"],
                    decision_date=g["decision_date"],
                    rules=rules,
                )
            except ValidationError:
                continue
            estimated[g["year"]] = estimated.get(g["year"], 0) + amount * g["n"]
    years = list(range(filters.year_from, filters.year_to + 1))
    chart = Chart(
        key="money-year",
        title=f"Tiền thưởng theo năm, đồng ({_span(filters)})",
        kind="bar",
        stacked=True,
        labels=[str(y) for y in years],
        datasets=[
            {"label": "Theo quyết định đã ban hành", "data": [int(decided.get(y) or 0) for y in years]},
            {"label": "Ước tính theo quy định (sổ cũ)", "data": [estimated.get(y, 0) for y in years]},
        ],
        headers=["Năm", "Theo quyết định đã ban hành (đồng)", "Ước tính theo quy định (đồng)", "Tổng (đồng)"],
        note=(
            "Khen thưởng nhập từ sổ cũ không có dòng quyết định: số tiền được ước tính bằng hệ số "
            "nhân mức lương cơ sở tại ngày quyết định (Nghị định 98/2023, 152/2025)."
        ),
    )
    for y in years:
        d, e = int(decided.get(y) or 0), estimated.get(y, 0)
        chart.rows.append([str(y), d, e, d + e])
    if not any(r[-1] for r in chart.rows):
        chart.rows = []
    return chart


def quota_use(user, filters: Filters) -> Chart:
    """Grassroots-fighter quota use of `filters.quota_year` per unit: the `TOP_UNITS` units (in
    scope) with the most Advanced Workers and fighters in the register in force and in open
    nominations; for each, Advanced Workers, fighters, the allowed number under the rule set in
    force (``nominations.selectors.quota_budgets``; ⚠ the percentage and its rounding are dated,
    unconfirmed parameters, law.md §4.1) and what is left. Two queries and those of
    ``quota_budgets``."""
    year = filters.quota_year
    codes = [ADVANCED_WORKER, GRASSROOTS_FIGHTER]
    records = award_records_visible_to(user).in_force().filter(year=year, award_kind__code__in=codes)
    counts: dict[int, int] = {}
    for unit_id, n in (
        _in_scope(records.exclude(person=None), "unit", filters.scope)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    ):
        counts[unit_id] = counts.get(unit_id, 0) + n
    nominations = Nomination.objects.filter(
        status__in=OPEN_STATUSES,
        batch__year=year,
        award_kind__code__in=codes,
        person__unit__in=authority.visible_units(user),
    )
    for unit_id, n in (
        _in_scope(nominations, "person__unit", filters.scope)
        .order_by()
        .values("person__unit_id")
        .annotate(n=Count("pk"))
        .values_list("person__unit_id", "n")
    ):
        counts[unit_id] = counts.get(unit_id, 0) + n
    unit_ids = sorted(counts, key=lambda uid: (-counts[uid], uid))[:TOP_UNITS]
    today = timezone.localdate()
    on_date = today if year >= today.year - 1 else date(year + 1, 1, 31)
    try:
        budgets = quota_budgets(unit_ids=unit_ids, year=year, on_date=on_date) if unit_ids else []
    except ValidationError:  # no rule set in force on that date
        budgets = []
    budgets.sort(key=lambda b: (-b["advanced_workers"], b["unit"].name))
    names = [b["unit"].name for b in budgets]
    return Chart(
        key="quota",
        title=f"Sử dụng tỷ lệ Chiến sĩ thi đua cơ sở theo đơn vị (năm thành tích {year})",
        kind="bar",
        labels=names,
        datasets=[
            {"label": "Được phép", "data": [b["allowed"] for b in budgets]},
            {"label": "Đã dùng", "data": [b["fighters"] for b in budgets]},
        ],
        headers=["Đơn vị", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Được phép", "Còn lại"],
        rows=[
            # What is left: a number, or "Vượt N" when over (as on the batch page; never negative).
            [
                b["unit"].name,
                b["advanced_workers"],
                b["fighters"],
                b["allowed"],
                b["left"] if b["left"] >= 0 else b["left_label"],
            ]
            for b in budgets
        ],
        note=(
            "Tính cả khen thưởng đã có trong sổ và đề nghị đang xử lý. Tỷ lệ và cách làm tròn lấy theo "
            "bộ quy tắc có hiệu lực (⚠ chưa xác nhận)."
        ),
    )


CHARTS = (
    reporting_by_round,
    reporting_by_bloc,
    registrations_by_status,
    awards_by_kind,
    awards_by_level,
    awards_by_unit,
    awards_by_year,
    money_by_year,
    quota_use,
)


def dashboard_charts(user, filters: Filters) -> list[Chart]:
    """Every chart of the dashboard for `user` under `filters`, in page order; a constant number
    of queries whatever the data size, none for a chart whose inputs have not changed since it
    was last computed for the same scope and filters (:func:`cached_chart`)."""
    return [cached_chart(build, user, filters) for build in CHARTS]


def chart_by_key(user, filters: Filters, key: str) -> Chart | None:
    """One chart by its `key` (for the Excel export), or None for an unknown key."""
    builders = {
        "reporting-rounds": reporting_by_round,
        "reporting-blocs": reporting_by_bloc,
        "registrations": registrations_by_status,
        "awards-kind": awards_by_kind,
        "awards-level": awards_by_level,
        "awards-unit": awards_by_unit,
        "awards-year": awards_by_year,
        "money-year": money_by_year,
        "quota": quota_use,
    }
    build = builders.get(key)
    return cached_chart(build, user, filters) if build else None


#: The tables each chart reads (the inputs of its cached value, core/caching.py).
_REGISTER = (AwardRecord, AwardAnnulment, AwardKind, Unit, Household)
_RULES = (RuleSet, AwardCoefficient, RuleParameter, BaseSalary)
CHART_INPUTS = {
    reporting_by_round: (ReportRound, ReportSubmission, Campaign, Unit),
    reporting_by_bloc: (ReportRound, ReportSubmission, Campaign, Unit, Bloc, BlocMembership),
    registrations_by_status: (Registration, Campaign, Unit),
    awards_by_kind: _REGISTER,
    awards_by_level: _REGISTER,
    awards_by_unit: _REGISTER,
    awards_by_year: _REGISTER,
    money_by_year: (*_REGISTER, DecisionLine, *_RULES),
    quota_use: (*_REGISTER, Person, Nomination, NominationBatch, *_RULES),
}


def user_scope_key(user) -> list:
    """What decides which rows `user` may see, as JSON-serialisable data for a cache key: ["admin"]
    for administrators, else the sorted [role, unit pk, unit path] of the grants in force today
    (every ``*_visible_to`` selector derives its rows from these). No query beyond the
    request's cached grants."""
    if authority.is_admin(user):
        return ["admin"]
    return sorted([g.role, g.unit_id, g.unit.path] for g in authority.active_grants(user))


def filters_key(filters: Filters) -> list:
    """`filters` as a cache-key part: the years, the quota year and the scope unit (pk, path)."""
    scope = [filters.scope.pk, filters.scope.path] if filters.scope else None
    return [filters.year, filters.year_from, filters.year_to, filters.quota_year, scope]


def cached_chart(build, user, filters: Filters) -> Chart:
    """`build(user, filters)` (one of :data:`CHARTS`), from the cache while none of its input
    tables (:data:`CHART_INPUTS`) has changed (core/caching.py). The key holds the user's scope
    (:func:`user_scope_key`), the filters and today's date, so no user sees another's figures and
    the date-dependent quota rules follow the calendar. Returns a Chart (rebuilt from plain
    data). Raises what `build` raises."""
    data = caching.cached_aggregate(
        f"dashboard:{build.__name__}",
        [user_scope_key(user), filters_key(filters), timezone.localdate().isoformat()],
        CHART_INPUTS[build],
        lambda: dataclasses.asdict(build(user, filters)),
    )
    return Chart(**data)
