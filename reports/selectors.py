"""Reads for report rounds, submissions, the tracker and the reminder log (one gate per entity)."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Target, TargetAssignment
from campaigns.selectors import campaigns_visible_to
from reports.achievement import TargetResult, target_result
from reports.models import ReminderDelivery, ReportRound, ReportSubmission, SubmissionFigure
from reports.schedule import days_left
from units import permissions as authority
from units.models import Unit

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
    reported = Q(submissions__status__in=ReportSubmission.REPORTED)
    qs = rounds_visible_to(user).annotate(
        unit_count=Count("units", distinct=True),
        reported_count=Count("submissions", filter=reported, distinct=True),
    )
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if kind:
        qs = qs.filter(kind=kind)
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    return qs.order_by("-deadline", "-pk")


def round_get_for_user(*, user, pk: int) -> ReportRound:
    return get_object_or_404(rounds_visible_to(user).select_related("policy", "closed_by"), pk=pk)


def campaigns_for_rounds(user) -> QuerySet[Campaign]:
    return campaigns_visible_to(user).exclude(status=Campaign.Status.DRAFT).order_by("-year", "-pk")


def units_reporting_for_user(user, rnd: ReportRound) -> QuerySet[Unit]:
    """The round's units this user reports for (its unit-head/clerk grants, subtree included)."""
    return rnd.units.filter(pk__in=authority.own_units(user).values("pk"))


# --- Submissions ---------------------------------------------------------------------
def submissions_visible_to(user) -> QuerySet[ReportSubmission]:
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
    return get_object_or_404(submissions_visible_to(user).prefetch_related("attachments"), pk=pk)


def submission_results(
    submission: ReportSubmission | None, *, rnd: ReportRound, unit: Unit
) -> list[TargetResult]:
    """Each target of the round's campaign with the unit's goal, actual figure and result (3 queries)."""
    targets = list(Target.objects.filter(campaign_id=rnd.campaign_id).order_by("order", "pk"))
    assigned = dict(
        TargetAssignment.objects.filter(target__in=targets, unit=unit).values_list("target_id", "value")
    )
    actual = {}
    if submission is not None and submission.pk:
        actual = dict(submission.figures.values_list("target_id", "actual"))
    return [target_result(t, actual.get(t.pk), assigned.get(t.pk)) for t in targets]


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

    @property
    def label(self):
        return TrackerState.LABELS.get(self.state, "")


@dataclass
class TrackerRow:
    unit: Unit
    cells: list[TrackerCell] = field(default_factory=list)


@dataclass
class Tracker:
    rounds: list[ReportRound]
    rows: list[TrackerRow]
    counts: dict[str, int]


def tracker(*, campaign: Campaign, round_id=None, bloc_id=None, state="", now=None) -> Tracker:
    """Units × rounds of a campaign with each cell's state; a constant number of queries."""
    now = now or timezone.now()
    rounds = list(ReportRound.objects.filter(campaign=campaign).order_by("deadline", "pk"))
    if round_id:
        rounds = [r for r in rounds if r.pk == round_id]
    through = ReportRound.units.through
    required = set(through.objects.filter(reportround__in=rounds).values_list("reportround_id", "unit_id"))
    units = Unit.objects.filter(pk__in={u for _r, u in required}).order_by("path")
    if bloc_id:
        units = units.filter(bloc_memberships__bloc_id=bloc_id)
    subs = {
        (s["round_id"], s["unit_id"]): s
        for s in ReportSubmission.objects.filter(round__in=rounds).values(
            "pk", "round_id", "unit_id", "status", "is_late", "submitted_at"
        )
    }
    rows, counts = [], dict.fromkeys(TrackerState.ORDER, 0)
    for unit in units.distinct():
        row = TrackerRow(unit=unit)
        for rnd in rounds:
            cell = TrackerCell(round=rnd, required=(rnd.pk, unit.pk) in required)
            if cell.required:
                s = subs.get((rnd.pk, unit.pk))
                cell.state = submission_state(
                    status=s and s["status"], is_late=bool(s and s["is_late"]), deadline=rnd.deadline, now=now
                )
                if s:
                    cell.submission_id, cell.submitted_at = s["pk"], s["submitted_at"]
            row.cells.append(cell)
        if state and not any(c.state == state for c in row.cells):
            continue
        for c in row.cells:
            if c.state:
                counts[c.state] += 1
        rows.append(row)
    return Tracker(rounds=rounds, rows=rows, counts=counts)


# --- A unit head's open rounds -------------------------------------------------------
@dataclass
class OpenRound:
    round: ReportRound
    unit: Unit
    submission: ReportSubmission | None
    days_left: int
    state: str

    @property
    def state_label(self):
        return TrackerState.LABELS.get(self.state, "")


def my_open_rounds(user, now=None) -> list[OpenRound]:
    """Open rounds the user's units must report in, with days left (3 queries)."""
    now = now or timezone.now()
    paths = _unit_paths(user)
    if not paths:
        return []
    through = ReportRound.units.through
    pairs = list(
        through.objects.filter(
            reportround__closed_at__isnull=True,
            reportround__opens_at__lte=now,
            unit__in=authority.own_units(user),
        )
        .select_related("reportround", "reportround__campaign", "unit")
        .order_by("reportround__deadline", "unit__path")
    )
    subs = {
        (s.round_id, s.unit_id): s
        for s in ReportSubmission.objects.filter(
            round_id__in={p.reportround_id for p in pairs}, unit_id__in={p.unit_id for p in pairs}
        )
    }
    today = timezone.localdate(now)
    out = []
    for p in pairs:
        s = subs.get((p.reportround_id, p.unit_id))
        out.append(
            OpenRound(
                round=p.reportround,
                unit=p.unit,
                submission=s,
                days_left=days_left(p.reportround.deadline, today),
                state=submission_state(
                    status=s and s.status,
                    is_late=bool(s and s.is_late),
                    deadline=p.reportround.deadline,
                    now=now,
                ),
            )
        )
    return out


# --- Reminder log --------------------------------------------------------------------
def delivery_list_for_user(*, user, status="", round_id=None) -> QuerySet[ReminderDelivery]:
    qs = ReminderDelivery.objects.select_related("recipient", "unit", "round")
    if not _is_admin(user):
        qs = qs.filter(
            authority.subtree_q(
                "round__campaign__launching_unit", authority.paths_where(user, authority.MANAGING_ROLES)
            )
        )
    if status:
        qs = qs.filter(status=status)
    if round_id:
        qs = qs.filter(round_id=round_id)
    return qs.order_by("-created_at", "-pk")


def figures_prefetch():
    return Prefetch("figures", queryset=SubmissionFigure.objects.select_related("target"))
