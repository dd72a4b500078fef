"""Reads for report rounds, submissions, the tracker and the reminder log (one gate per entity)."""

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Commitment, Registration, Target, TargetAssignment
from campaigns.permissions import can_manage_campaign
from campaigns.selectors import campaigns_visible_to, unit_goals
from core import caching
from reports.achievement import TargetAggregate, TargetResult, aggregate_results, target_result
from reports.models import ReminderDelivery, ReportRound, ReportSubmission, SubmissionFigure
from reports.reminders import reminders_received
from reports.schedule import days_left, days_overdue
from units import permissions as authority
from units.models import BlocMembership, Unit

_is_admin = authority.is_admin


def _unit_paths(user) -> list[str]:
    return [u.path for u in authority.grant_units(user, authority.UNIT_ROLES)]


# --- Rounds --------------------------------------------------------------------------
def rounds_visible_to(user) -> QuerySet[ReportRound]:
    """Office roles: rounds of campaigns launched in their branch. Units: rounds they report in."""
    qs = ReportRound.objects.select_related("campaign", "campaign__launching_unit")
    if _is_admin(user):
        return qs
    q = authority.subtree_q("campaign__launching_unit", authority.paths_where(user, authority.OFFICE_ROLES))
    q |= authority.subtree_q("units", _unit_paths(user))
    return qs.filter(pk__in=ReportRound.objects.filter(q).values("pk"))


def round_list_for_user(*, user, campaign_id=None, kind="", state="") -> QuerySet[ReportRound]:
    """Report rounds `user` may see with `unit_count` and `reported_count`, filtered by campaign id,
    `kind` and `state`; QuerySet. The counts are correlated subqueries (`_round_counts`): a
    join of units × submissions would read 1,500 × 1,500 rows per round at province scale.
    """
    qs = rounds_visible_to(user).annotate(**_round_counts())
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if kind:
        qs = qs.filter(kind=kind)
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    return qs.order_by("-deadline", "-pk")


def _round_counts() -> dict:
    """Annotations of a ReportRound queryset: `unit_count` (units that must report) and
    `reported_count` (submissions sent: submitted, resubmitted or accepted), each a correlated
    subquery on an index, so their cost does not grow with the other rounds' rows."""
    through = ReportRound.units.through
    must = (
        through.objects.filter(reportround=OuterRef("pk"))
        .order_by()
        .values("reportround")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sent = (
        ReportSubmission.objects.filter(round=OuterRef("pk"), status__in=ReportSubmission.REPORTED)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return {
        "unit_count": Coalesce(Subquery(must, output_field=IntegerField()), zero),
        "reported_count": Coalesce(Subquery(sent, output_field=IntegerField()), zero),
    }


def round_get_for_user(*, user, pk: int) -> ReportRound:
    """Round `pk` if visible to `user` (policy, closer joined), else Http404."""
    return get_object_or_404(rounds_visible_to(user).select_related("policy", "closed_by"), pk=pk)


def campaigns_for_rounds(user) -> QuerySet[Campaign]:
    """Launched campaigns `user` may see (rounds can be opened for them), newest first."""
    return campaigns_visible_to(user).exclude(status=Campaign.Status.DRAFT).order_by("-year", "-pk")


class CampaignChoice(NamedTuple):
    """A campaign as the rounds list's filter and buttons show it."""

    pk: int
    title: str
    display_title: str
    manageable: bool  # open for rounds by this user: launched, not closed, in their branch


def round_campaign_choices(user, *, limit: int = 50) -> list[CampaignChoice]:
    """The newest `limit` campaigns of :func:`campaigns_for_rounds` (the rounds list's campaign
    filter), each with whether `user` may add rounds to it and follow its tracker (not closed,
    `campaigns.permissions.can_manage_campaign`). Cached for the user's authority
    (`units.permissions.authority_key`) until a campaign, unit or bloc membership changes
    (core/caching.py): the query and 50 campaigns with their launching units cost ≈4 ms a view
    at province scale (issue 17). The rounds themselves are read afresh."""

    def compute() -> list[CampaignChoice]:
        return [
            CampaignChoice(
                c.pk,
                c.title,
                c.display_title,
                c.status != Campaign.Status.CLOSED and can_manage_campaign(user, c),
            )
            for c in campaigns_for_rounds(user)[:limit]
        ]

    return caching.cached_aggregate(
        "reports:round_campaigns",
        [*authority.authority_key(user), limit],
        [Campaign, Unit, BlocMembership],
        compute,
    )


def units_reporting_for_user(user, rnd: ReportRound) -> QuerySet[Unit]:
    """The round's units this user reports for (its unit-head/clerk grants, subtree included)."""
    return rnd.units.filter(pk__in=authority.own_units(user).values("pk"))


# --- Submissions ---------------------------------------------------------------------
def submissions_visible_to(user) -> QuerySet[ReportSubmission]:
    """Submissions `user` may see: admins all; the launching unit's managers; the reporting unit's
    staff (council members do not read them). QuerySet with round, campaign and unit joined.
    """
    qs = ReportSubmission.objects.select_related(
        "round", "round__campaign", "round__campaign__launching_unit", "unit", "submitted_by", "decided_by"
    )
    if _is_admin(user):
        return qs
    # Council members do not read units' submissions (README, issue 10 item 6).
    q = authority.subtree_q(
        "round__campaign__launching_unit", authority.paths_where(user, authority.FILE_ROLES)
    )
    q |= authority.subtree_q("unit", _unit_paths(user))
    return qs.filter(q)


def submission_get_for_user(*, user, pk: int) -> ReportSubmission:
    """Submission `pk` if visible to `user` (attachments prefetched), else Http404."""
    return get_object_or_404(submissions_visible_to(user).prefetch_related("attachments"), pk=pk)


def submission_results(
    submission: ReportSubmission | None, *, rnd: ReportRound, unit: Unit
) -> list[TargetResult]:
    """Each target of the round's campaign with the unit's OWN goal, its figure and result (4 queries)."""
    targets = list(Target.objects.filter(campaign_id=rnd.campaign_id).order_by("order", "pk"))
    goals = unit_goals(targets, [unit.pk])
    figures = {}
    if submission is not None and submission.pk:
        figures = {f.target_id: f for f in submission.figures.all()}
    out = []
    for t in targets:
        f = figures.get(t.pk)
        out.append(target_result(t, f and f.actual, goals.get((unit.pk, t.pk)), base=f and f.base))
    return out


@dataclass
class UnitResults:
    unit: Unit
    submission: ReportSubmission | None
    results: list[TargetResult] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)


@dataclass
class RoundResults:
    targets: list[Target]
    rows: list[UnitResults]  # units that reported (submitted or accepted)
    aggregates: list[TargetAggregate]
    not_reported: list[Unit]


def _reported_figures(rnd: ReportRound, unit_ids=None) -> dict[tuple[int, int], tuple]:
    """{(unit_id, target_id): (actual, base)} of the reports sent in `rnd` (submitted,
    resubmitted, accepted), optionally for `unit_ids` only. One query, no model instances."""
    qs = SubmissionFigure.objects.filter(
        submission__round=rnd, submission__status__in=ReportSubmission.REPORTED
    )
    if unit_ids is not None:
        qs = qs.filter(submission__unit_id__in=list(unit_ids))
    return {
        (unit_id, target_id): (actual, base)
        for unit_id, target_id, actual, base in qs.values_list(
            "submission__unit_id", "target_id", "actual", "base"
        )
    }


def _unit_results(targets, unit_id: int, figures: dict, goals: dict) -> list[TargetResult]:
    """One reporting unit's TargetResult per target (figures from `_reported_figures`, goals
    from `unit_goals`): what the round page, the tracker and the summary Báo cáo all show."""
    out = []
    for t in targets:
        actual, base = figures.get((unit_id, t.pk), (None, None))
        out.append(target_result(t, actual, goals.get((unit_id, t.pk)), base=base))
    return out


def round_results(rnd: ReportRound, *, units=None) -> RoundResults:
    """Per-unit results and per-target aggregates of a round — the ONE computation the tracker,
    the round page and the summary Báo cáo share.

    Only submitted / resubmitted / accepted reports count; each unit is measured against its own
    target (`unit_goals`); `aggregate_results` combines them by target kind. `units`: the units to
    include (default: the round's required units, by path). Five queries.
    """
    targets = list(Target.objects.filter(campaign_id=rnd.campaign_id).order_by("order", "pk"))
    units = list(rnd.units.order_by("path") if units is None else units)
    subs = {
        s.unit_id: s
        for s in ReportSubmission.objects.filter(
            round=rnd, status__in=ReportSubmission.REPORTED, unit__in=units
        )
    }
    figures = _reported_figures(rnd, [u.pk for u in units])
    goals = unit_goals(targets, [u.pk for u in units])
    rows, not_reported = [], []
    per_target: dict[int, list[TargetResult]] = {t.pk: [] for t in targets}
    for unit in units:
        sub = subs.get(unit.pk)
        if sub is None:
            not_reported.append(unit)
            continue
        row = UnitResults(unit=unit, submission=sub, results=_unit_results(targets, unit.pk, figures, goals))
        for t, r in zip(targets, row.results, strict=True):
            per_target[t.pk].append(r)
        rows.append(row)
    return RoundResults(
        targets=targets,
        rows=rows,
        aggregates=[aggregate_results(t, per_target[t.pk]) for t in targets],
        not_reported=not_reported,
    )


def round_aggregates(rnd: ReportRound, *, unit_ids=None) -> list[TargetAggregate]:
    """The per-target aggregates of `round_results` (same units' results, same aggregation)
    without loading a model per unit or submission: for the round page and the tracker, where
    1,500 units report. `unit_ids`: the units to include (default: every unit of the round).
    One query (the targets) while the cached numbers stand (core/caching.py), five whatever the
    number of units otherwise.
    """
    targets = list(Target.objects.filter(campaign_id=rnd.campaign_id).order_by("order", "pk"))
    if unit_ids is not None:
        unit_ids = sorted(unit_ids)

    def compute() -> list[dict]:
        reported = ReportSubmission.objects.filter(round=rnd, status__in=ReportSubmission.REPORTED)
        if unit_ids is not None:
            reported = reported.filter(unit_id__in=unit_ids)
        reporting = reported.values_list("unit_id", flat=True)
        goals = unit_goals(targets, reporting)  # evaluates `reporting` once, then as a subquery
        figures = _reported_figures(rnd, unit_ids)
        per_target: dict[int, list[TargetResult]] = {t.pk: [] for t in targets}
        for unit_id in reporting:
            for t, r in zip(targets, _unit_results(targets, unit_id, figures, goals), strict=True):
                per_target[t.pk].append(r)
        return [_aggregate_fields(aggregate_results(t, per_target[t.pk])) for t in targets]

    # Plain numbers per target, cached until a submission, a figure, a target or a unit's goal
    # changes (core/caching.py); the Target objects are read afresh (one query).
    cached = caching.cached_aggregate(
        "reports:round_aggregates",
        [rnd.pk, [t.pk for t in targets], unit_ids],
        [ReportSubmission, SubmissionFigure, Target, TargetAssignment, Commitment, Registration],
        compute,
    )
    return [TargetAggregate(target=t, **fields) for t, fields in zip(targets, cached, strict=True)]


def _aggregate_fields(agg: TargetAggregate) -> dict:
    return {f.name: getattr(agg, f.name) for f in dataclasses.fields(agg) if f.name != "target"}


# --- Tracker -------------------------------------------------------------------------
class TrackerState:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    ACCEPTED = "accepted"
    RETURNED = "returned"

    LABELS = {
        NOT_STARTED: _("Chưa bắt đầu"),
        DRAFT: _("Đang soạn"),
        ON_TIME: _("Đã nộp đúng hạn"),
        LATE: _("Đã nộp muộn"),
        OVERDUE: _("Quá hạn chưa nộp"),
        ACCEPTED: _("Đã tiếp nhận"),
        RETURNED: _("Trả lại"),
    }
    ORDER = [NOT_STARTED, DRAFT, ON_TIME, LATE, OVERDUE, ACCEPTED, RETURNED]
    #: The Bootstrap classes of each state's badge (the pages render `<span class="badge …">`
    #: from these: no template branches per state, and no include per cell of a 1,500-unit table).
    BADGES = {
        NOT_STARTED: "text-bg-light text-dark border",
        DRAFT: "text-bg-secondary",
        ON_TIME: "text-bg-primary",
        LATE: "text-bg-warning",
        OVERDUE: "text-bg-danger",
        ACCEPTED: "text-bg-success",
        RETURNED: "text-bg-danger",
    }

    @classmethod
    def summary(cls, counts: dict[str, int]) -> list[tuple[str, str, int, str]]:
        """(state, label, count, badge classes) in page order, from a Tracker's `counts`."""
        return [(s, cls.LABELS[s], counts[s], cls.BADGES[s]) for s in cls.ORDER]


def submission_state(*, status: str | None, is_late: bool, deadline, now) -> str:
    """The tracker state of one unit in one round (status None = no submission yet)."""
    S = ReportSubmission.Status
    if status in (S.SUBMITTED, S.RESUBMITTED):
        return TrackerState.LATE if is_late else TrackerState.ON_TIME
    if status == S.ACCEPTED:
        return TrackerState.ACCEPTED
    if status == S.RETURNED:
        return TrackerState.RETURNED
    if now > deadline:
        return TrackerState.OVERDUE
    return TrackerState.DRAFT if status == S.DRAFT else TrackerState.NOT_STARTED


@dataclass
class TrackerCell:
    round: ReportRound
    required: bool
    state: str = ""
    submission_id: int | None = None
    submitted_at: object = None
    is_late: bool = False
    deadline_at_submission: object = None  # the deadline in force when it was submitted
    days_overdue: int = 0  # not reported and past the deadline: schedule.days_overdue

    @property
    def label(self):
        return TrackerState.LABELS.get(self.state, "")

    @property
    def badge(self) -> str:
        return TrackerState.BADGES.get(self.state, "")

    @property
    def timeliness(self) -> str:
        """On time / late, a fact of the submission: kept after acceptance and deadline changes."""
        if self.submitted_at is None:
            return ""
        deadline = self.deadline_at_submission or self.round.deadline
        word = _("Nộp muộn") if self.is_late else _("Đúng hạn")
        return f"{word} (hạn {timezone.localtime(deadline):%d/%m/%Y})"


@dataclass
class TrackerRow:
    unit: Unit
    cells: list[TrackerCell] = field(default_factory=list)


@dataclass
class Tracker:
    rounds: list[ReportRound]
    rows: list[TrackerRow]  # the requested page's rows (every row when not paginated)
    counts: dict[str, int]  # cells per state over every row that passes the filters
    unit_ids: list[int] = field(default_factory=list)  # every row's unit, in tree order
    page: object = None  # django.core.paginator.Page of unit ids when paginated
    all_rounds: list[ReportRound] = field(default_factory=list)  # the campaign's, for the filter


def tracker(
    *, campaign: Campaign, round_id=None, bloc_id=None, state="", now=None, page=None, per_page=None
) -> Tracker:
    """Units × rounds of a campaign with each cell's state; a constant number of queries.

    The states and their counts are worked out for every unit from plain values (no model per
    unit, :func:`_tracker_states`); `page` (a page number, or None for every row, as the Excel
    export needs) limits the rows built, with their Unit objects, to `per_page` units (default
    ``settings.THIDUA_PAGE_SIZE``, 25: 1,500 units report in a province round, and each row of 5
    rounds costs ≈0.8 ms to render, issue 17). A page's units, required cells and submissions
    are cached like the states (:func:`_tracker_rows_data`); the cells' states are worked out
    from them for `now`.
    """
    from django.core.paginator import Paginator

    now = now or timezone.now()
    all_rounds = list(ReportRound.objects.filter(campaign=campaign).order_by("deadline", "pk"))
    rounds = [r for r in all_rounds if r.pk == round_id] if round_id else all_rounds
    unit_ids, counts = _tracker_states(rounds, bloc_id, state, now)
    shown, paged = unit_ids, None
    if page is not None:
        paged = Paginator(unit_ids, per_page or settings.THIDUA_PAGE_SIZE).get_page(page)
        shown = list(paged.object_list)
        by_pk, required, subs = caching.cached_aggregate(
            "reports:tracker_rows",
            [[r.pk for r in rounds], shown],
            [ReportRound, ReportSubmission, Unit],
            lambda: _tracker_rows_data(rounds, shown),
        )
    else:
        by_pk, required, subs = _tracker_rows_data(rounds, shown)
    today = timezone.localdate(now)
    overdue_days = {r.pk: days_overdue(r.deadline, today) for r in rounds}
    rows = []
    for unit_id in shown:
        row = TrackerRow(unit=by_pk[unit_id])
        for rnd in rounds:
            cell = TrackerCell(round=rnd, required=(rnd.pk, unit_id) in required)
            if cell.required:
                s = subs.get((rnd.pk, unit_id))
                cell.state = submission_state(
                    status=s and s["status"], is_late=bool(s and s["is_late"]), deadline=rnd.deadline, now=now
                )
                if not (s and s["status"] in ReportSubmission.REPORTED):
                    cell.days_overdue = overdue_days[rnd.pk]
                if s:
                    cell.submission_id, cell.submitted_at = s["pk"], s["submitted_at"]
                    cell.is_late = s["is_late"]
                    cell.deadline_at_submission = s["deadline_at_submission"]
            row.cells.append(cell)
        rows.append(row)
    return Tracker(
        rounds=rounds, rows=rows, counts=counts, unit_ids=unit_ids, page=paged, all_rounds=all_rounds
    )


def _tracker_rows_data(rounds: list[ReportRound], unit_ids: list[int]) -> tuple[dict, set, dict]:
    """What the tracker's rows of units `unit_ids` (pks) show for `rounds`, as stored (no clock):
    ({unit_id: Unit}, {(round_id, unit_id) the unit must report in}, {(round_id, unit_id):
    submission values}). Three queries."""
    by_pk = Unit.objects.in_bulk(unit_ids)
    required = set(
        ReportRound.units.through.objects.filter(reportround__in=rounds, unit_id__in=unit_ids).values_list(
            "reportround_id", "unit_id"
        )
    )
    subs = {
        (s["round_id"], s["unit_id"]): s
        for s in ReportSubmission.objects.filter(round__in=rounds, unit_id__in=unit_ids).values(
            "pk", "round_id", "unit_id", "status", "is_late", "submitted_at", "deadline_at_submission"
        )
    }
    return by_pk, required, subs


def _tracker_states(rounds: list[ReportRound], bloc_id, state: str, now) -> tuple[list[int], dict[str, int]]:
    """(unit ids in tree order, {state: cells}) of the tracker of `rounds` (ReportRound list)
    narrowed to bloc `bloc_id` (pk or None) and to units with a cell in `state` ("" for all), at
    `now` (aware datetime). A state moves with the clock only when a deadline passes
    (:func:`submission_state`), so the result is cached under which deadlines have passed, until
    a round, a submission, a unit or a bloc membership changes (core/caching.py): at province
    scale the 7,400 cells cost ≈25 ms of Python per view otherwise (issue 17)."""
    passed = [now > r.deadline for r in rounds]

    def compute() -> tuple[list[int], dict[str, int]]:
        base = _tracker_base([r.pk for r in rounds], bloc_id)
        required = {tuple(pair) for pair in base["required"]}
        status = {(r, u): (st, late) for r, u, st, late in base["status"]}
        unit_ids, counts = [], dict.fromkeys(TrackerState.ORDER, 0)
        for unit_id, _path in base["units"]:
            mine = [
                submission_state(
                    status=status.get((rnd.pk, unit_id), (None, False))[0],
                    is_late=status.get((rnd.pk, unit_id), (None, False))[1],
                    deadline=rnd.deadline,
                    now=now,
                )
                for rnd in rounds
                if (rnd.pk, unit_id) in required
            ]
            if state and state not in mine:
                continue
            for st in mine:
                counts[st] += 1
            unit_ids.append(unit_id)
        return unit_ids, counts

    return caching.cached_aggregate(
        "reports:tracker_states",
        [[r.pk for r in rounds], passed, bloc_id, state],
        [ReportRound, ReportSubmission, Unit, BlocMembership],
        compute,
    )


def _tracker_base(round_ids: list[int], bloc_id) -> dict:
    """The plain data behind every tracker cell of the rounds `round_ids` (pks), narrowed to the
    members of bloc `bloc_id` (a pk or None): {"required": [(round_id, unit_id)], "units":
    [(unit_id, path)] in tree order, "status": [(round_id, unit_id, status, is_late)]}. Cached
    until a round (its units), a submission, a unit or a bloc membership changes
    (core/caching.py); three queries otherwise. The states are worked out from it for `now` by
    the caller (they move with the clock)."""

    def compute() -> dict:
        through = ReportRound.units.through
        in_rounds = through.objects.filter(reportround__in=round_ids)
        required = list(in_rounds.values_list("reportround_id", "unit_id"))
        units = Unit.objects.filter(pk__in=in_rounds.values("unit_id"))
        if bloc_id:
            units = units.filter(bloc_memberships__bloc_id=bloc_id)
        return {
            "required": required,
            "units": list(units.order_by("path").values_list("pk", "path").distinct()),
            "status": list(
                ReportSubmission.objects.filter(round__in=round_ids)
                .order_by()
                .values_list("round_id", "unit_id", "status", "is_late")
            ),
        }

    return caching.cached_aggregate(
        "reports:tracker_base",
        [sorted(round_ids), bloc_id],
        [ReportRound, ReportSubmission, Unit, BlocMembership],
        compute,
    )


def unit_blocs(unit_ids, year: int) -> dict[int, str]:
    """{unit_id: "Khối A; Cụm B"}: the blocs/clusters each unit belongs to in `year` (one query)."""
    out: dict[int, list[str]] = {}
    for unit_id, name in (
        BlocMembership.objects.filter(unit_id__in=list(unit_ids), bloc__year=year)
        .order_by("bloc__name")
        .values_list("unit_id", "bloc__name")
    ):
        out.setdefault(unit_id, []).append(name)
    return {k: "; ".join(v) for k, v in out.items()}


def tracker_export_rows(data: "Tracker", campaign: Campaign) -> tuple[list[str], list[list]]:
    """Headers and rows of the tracker's Excel: one row per unit and round it must report in,
    with bloc, status, submission time (ICT), on time / late against the deadline in force at
    submission, days overdue, and the unit's figure for every target (4 queries)."""
    targets = list(Target.objects.filter(campaign=campaign).order_by("order", "pk"))
    blocs = unit_blocs([row.unit.pk for row in data.rows], campaign.year)
    sub_ids = [c.submission_id for row in data.rows for c in row.cells if c.submission_id]
    figures = {
        (f["submission_id"], f["target_id"]): f["actual"]
        for f in SubmissionFigure.objects.filter(submission_id__in=sub_ids).values(
            "submission_id", "target_id", "actual"
        )
    }
    headers = [
        "Đơn vị",
        "Khối, cụm",
        "Kỳ báo cáo",
        "Hạn nộp",
        "Tình trạng",
        "Nộp lúc",
        "Đúng hạn / muộn",
        "Số ngày quá hạn",
        *[f"{t.name} ({t.unit_of_measure})" for t in targets],
    ]
    rows = []
    for row in data.rows:
        for c in row.cells:
            if not c.required:
                continue
            rows.append(
                [
                    row.unit.name,
                    blocs.get(row.unit.pk, ""),
                    c.round.title,
                    timezone.localtime(c.round.deadline),
                    c.label,
                    timezone.localtime(c.submitted_at) if c.submitted_at else None,
                    c.timeliness,
                    c.days_overdue or None,
                    *[
                        float(v) if (v := figures.get((c.submission_id, t.pk))) is not None else None
                        for t in targets
                    ],
                ]
            )
    return headers, rows


# --- A unit head's open rounds -------------------------------------------------------
@dataclass
class OpenRound:
    round: ReportRound
    unit: Unit
    submission: ReportSubmission | None
    days_left: int
    state: str
    days_overdue: int = 0  # schedule.days_overdue: the same number the reminders and digest show

    @property
    def state_label(self):
        return TrackerState.LABELS.get(self.state, "")

    @property
    def badge(self) -> str:
        return TrackerState.BADGES.get(self.state, "")


def my_open_rounds(user, now=None) -> list[OpenRound]:
    """Open rounds the user's units must report in, with days left (4 queries whatever the
    number of rounds and units): :func:`open_rounds_rows` of :func:`my_open_round_pairs`."""
    now = now or timezone.now()
    return open_rounds_rows(my_open_round_pairs(user, now=now), now=now)


def my_open_round_pairs(user, *, now) -> list[tuple[int, int]]:
    """(round_id, unit_id) of every open round (opened by `now`, an aware datetime, not closed)
    that a unit `user` heads or clerks for must report in, by deadline then unit tree order; one
    query ([] without such a unit). A page of them is what :func:`open_rounds_rows` builds."""
    if not _unit_paths(user):
        return []
    through = ReportRound.units.through
    return list(
        through.objects.filter(
            reportround__closed_at__isnull=True,
            reportround__opens_at__lte=now,
            unit__in=authority.own_units(user),
        )
        .order_by("reportround__deadline", "unit__path")
        .values_list("reportround_id", "unit_id")
    )


def open_rounds_rows(pairs, *, now) -> list[OpenRound]:
    """An OpenRound (round, unit, submission, days left / overdue, state at `now`) per
    (round_id, unit_id) of `pairs`, in their order; three queries whatever their number (none for
    no pairs).

    Each round (with its campaign) and each unit is read once: joining them into every pair built
    a round, a campaign and a unit per pair, the page's main cost for a district head's 65 pairs
    (issue 17). Each row's `round` / `unit` is the same object for every pair that shares it.
    """
    pairs = list(pairs)
    if not pairs:
        return []
    round_ids, unit_ids = {r for r, _u in pairs}, {u for _r, u in pairs}
    rounds = ReportRound.objects.select_related("campaign").in_bulk(round_ids)
    units = Unit.objects.in_bulk(unit_ids)
    subs = {
        (s.round_id, s.unit_id): s
        for s in ReportSubmission.objects.filter(round_id__in=round_ids, unit_id__in=unit_ids)
    }
    today = timezone.localdate(now)
    out = []
    for round_id, unit_id in pairs:
        rnd, s = rounds[round_id], subs.get((round_id, unit_id))
        out.append(
            OpenRound(
                round=rnd,
                unit=units[unit_id],
                submission=s,
                days_left=days_left(rnd.deadline, today),
                days_overdue=days_overdue(rnd.deadline, today),
                state=submission_state(
                    status=s and s.status,
                    is_late=bool(s and s.is_late),
                    deadline=rnd.deadline,
                    now=now,
                ),
            )
        )
    return out


# --- Reminder log --------------------------------------------------------------------
def delivery_list_for_user(*, user, status="", round_id=None, unit_id=None) -> QuerySet[ReminderDelivery]:
    """Reminder deliveries of the campaigns `user` manages (all for admins), filtered by `status`,
    round id and unit id; registration reminders (campaign, no round) included; QuerySet.
    """
    qs = ReminderDelivery.objects.select_related("recipient", "unit", "round", "campaign")
    if not _is_admin(user):
        # The managed campaigns as subqueries rather than joins through round, campaign and
        # launching unit twice: planning the eight-table join cost ≈8 ms per query (issue 17).
        paths = authority.paths_where(user, authority.MANAGING_ROLES)
        managed = Campaign.objects.filter(authority.subtree_q("launching_unit", paths)).values("pk")
        qs = qs.filter(
            Q(round__in=ReportRound.objects.filter(campaign__in=managed).values("pk"))
            | Q(campaign__in=managed)  # registration reminders
        )
    if status:
        qs = qs.filter(status=status)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-created_at", "-pk")


@dataclass
class UnitRoundStatus:
    round: ReportRound
    unit: Unit
    reported: bool
    days_overdue: int  # schedule.days_overdue, 0 once reported: the number the digest shows
    reminders: int  # reminders.reminders_received: the count the escalation digest shows


def unit_round_status(*, user, round_id: int, unit_id: int, now=None) -> UnitRoundStatus:
    """Where one unit stands in one round, with the same numbers as the reminders and the digest.

    Args: `round_id` must be visible to `user` and `unit_id` one of its reporting units; `now`
    (aware datetime, default the clock) fixes the day for the days overdue.
    Returns: UnitRoundStatus (3 queries). Raises: Http404 for a round or unit out of reach.
    """
    rnd = round_get_for_user(user=user, pk=round_id)
    unit = get_object_or_404(rnd.units.all(), pk=unit_id)
    reported = ReportSubmission.objects.filter(
        round=rnd, unit=unit, status__in=ReportSubmission.REPORTED
    ).exists()
    return UnitRoundStatus(
        round=rnd,
        unit=unit,
        reported=reported,
        days_overdue=0 if reported else days_overdue(rnd.deadline, timezone.localdate(now)),
        reminders=reminders_received(rnd.pk, unit.pk),
    )


def figures_prefetch():
    """A Prefetch of a submission's figures with their target joined."""
    return Prefetch("figures", queryset=SubmissionFigure.objects.select_related("target"))


# --- Cockpit (issue 16 item 1) ---------------------------------------------------------------
def _desk_rounds(user) -> QuerySet[ReportRound]:
    """Rounds of campaigns launched in the branches where `user` is on the desk (all for admins)."""
    if not authority.holds_any(user, authority.MANAGING_ROLES):
        return ReportRound.objects.none()
    return rounds_visible_to(user).filter(
        authority.subtree_q("campaign__launching_unit", authority.paths_where(user, authority.MANAGING_ROLES))
    )


def submissions_to_accept(user) -> QuerySet[ReportSubmission]:
    """Submissions sent (or sent again) to the desk of `user`, oldest first: the secretariat
    accepts or returns them. QuerySet with round, campaign and unit joined."""
    if not authority.holds_any(user, authority.MANAGING_ROLES):
        return ReportSubmission.objects.none()
    desk = authority.subtree_q(
        "round__campaign__launching_unit", authority.paths_where(user, authority.MANAGING_ROLES)
    )
    return (
        submissions_visible_to(user)
        .filter(desk, status__in=[ReportSubmission.Status.SUBMITTED, ReportSubmission.Status.RESUBMITTED])
        .order_by("submitted_at", "pk")
    )


def submissions_returned_to(user) -> QuerySet[ReportSubmission]:
    """Submissions of the user's own units (unit head / clerk grants) returned with a reason,
    most recent first. QuerySet with round and unit joined."""
    return (
        ReportSubmission.objects.filter(
            status=ReportSubmission.Status.RETURNED, unit__in=authority.own_units(user)
        )
        .select_related("round", "unit")
        .order_by("-updated_at", "-pk")
    )


def round_deadlines(user, *, now, days: int = 14) -> QuerySet[ReportRound]:
    """Open desk rounds of `user` whose deadline falls between `now` (aware datetime) and `days`
    days later, soonest first. QuerySet."""
    return (
        _desk_rounds(user)
        .filter(closed_at__isnull=True, deadline__gte=now, deadline__lte=now + timedelta(days=days))
        .order_by("deadline", "pk")
    )


def rounds_with_late_units(user, *, now) -> QuerySet[ReportRound]:
    """Open desk rounds of `user` past their deadline (`now`, aware datetime) with `late_count`:
    units that must report and have no submission sent (submitted, resubmitted or accepted).
    Counts are correlated subqueries, so the cost does not grow with the rows. QuerySet, the
    most overdue first."""
    return (
        _desk_rounds(user)
        .filter(closed_at__isnull=True, deadline__lt=now)
        .annotate(**_round_counts())
        .annotate(late_count=F("unit_count") - F("reported_count"))
        .filter(late_count__gt=0)
        .order_by("deadline", "pk")
    )
