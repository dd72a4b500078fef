"""Template contexts for the official outputs (Công văn đôn đốc, Báo cáo tổng hợp).

Pure reads: the lead's document templates render these; nothing here writes or formats a
layout. Every target result comes from `reports.achievement.target_result`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from campaigns.models import TargetAssignment
from reports.achievement import TargetResult, target_result
from reports.models import ReportRound, ReportSubmission, SubmissionFigure
from reports.selectors import TrackerState, submission_state


def _required_units(rnd: ReportRound):
    return list(rnd.units.order_by("path"))


def reminder_letter_context(round: ReportRound, now=None) -> dict:
    """For the Công văn đôn đốc: the units that have not reported by the deadline, and the late ones.

    `late_units` lists every unit still not reported (no report, a draft, or a report returned
    for completion) once the deadline has passed; `submitted_late` those that reported after it.
    """
    now = now or timezone.now()
    subs = {s.unit_id: s for s in ReportSubmission.objects.filter(round=round)}
    late_units, submitted_late, reported = [], [], 0
    for unit in _required_units(round):
        s = subs.get(unit.pk)
        state = submission_state(
            status=s and s.status, is_late=bool(s and s.is_late), deadline=round.deadline, now=now
        )
        if state in (TrackerState.OVERDUE, TrackerState.RETURNED) and now > round.deadline:
            late_units.append({"unit": unit, "state": state, "state_label": TrackerState.LABELS[state]})
        elif state == TrackerState.LATE or (state == TrackerState.ACCEPTED and s.is_late):
            submitted_late.append({"unit": unit, "submitted_at": s.submitted_at})
            reported += 1
        elif state in (TrackerState.ON_TIME, TrackerState.ACCEPTED):
            reported += 1
    return {
        "round": round,
        "campaign": round.campaign,
        "deadline": timezone.localtime(round.deadline),
        "late_units": late_units,
        "submitted_late": submitted_late,
        "required_count": len(round.units.all()),
        "reported_count": reported,
        "generated_at": timezone.localtime(now),
    }


@dataclass
class TargetTotal:
    target: object
    reported: int = 0
    met: int = 0
    total_actual: Decimal = Decimal(0)


@dataclass
class UnitRow:
    unit: object
    submission: ReportSubmission | None
    results: list[TargetResult] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)


REPORTED = ReportSubmission.REPORTED


def round_summary_context(round: ReportRound) -> dict:
    """For the Báo cáo (tổng hợp): target results per reporting unit, totals, who did not report.

    Only reports that were submitted (or accepted) count; drafts and returned reports are
    "not reported". Totals sum the actual figures of the units that reported each target.
    """
    targets = list(round.campaign.targets.order_by("order", "pk"))
    units = _required_units(round)
    subs = {
        s.unit_id: s
        for s in ReportSubmission.objects.filter(round=round, status__in=REPORTED).select_related("unit")
    }
    figures = {}
    for f in SubmissionFigure.objects.filter(submission__in=subs.values()).values(
        "submission__unit_id", "target_id", "actual"
    ):
        figures[(f["submission__unit_id"], f["target_id"])] = f["actual"]
    assigned = {
        (a["unit_id"], a["target_id"]): a["value"]
        for a in TargetAssignment.objects.filter(target__in=targets, unit__in=units).values(
            "unit_id", "target_id", "value"
        )
    }
    totals = {t.pk: TargetTotal(target=t) for t in targets}
    rows, not_reported = [], []
    for unit in units:
        sub = subs.get(unit.pk)
        if sub is None:
            not_reported.append(unit)
            continue
        row = UnitRow(unit=unit, submission=sub)
        for t in targets:
            r = target_result(t, figures.get((unit.pk, t.pk)), assigned.get((unit.pk, t.pk)))
            row.results.append(r)
            if r.actual is not None:
                total = totals[t.pk]
                total.reported += 1
                total.total_actual += r.actual
                total.met += 1 if r.met else 0
        rows.append(row)
    return {
        "round": round,
        "campaign": round.campaign,
        "targets": targets,
        "rows": rows,
        "totals": [totals[t.pk] for t in targets],
        "not_reported": not_reported,
        "required_count": len(units),
        "reported_count": len(rows),
        "late_count": sum(1 for r in rows if r.submission.is_late),
    }
