"""Template contexts for the official outputs (Công văn đôn đốc, Báo cáo tổng hợp).

Pure reads: the lead's document templates render these; nothing here writes or formats a
layout. Every target result and aggregate comes from `reports.selectors.round_results`.
"""

from django.utils import timezone

from reports.models import ReportRound, ReportSubmission
from reports.selectors import TrackerState, round_results, submission_state


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


REPORTED = ReportSubmission.REPORTED


def round_summary_context(round: ReportRound) -> dict:
    """For the Báo cáo (tổng hợp): target results per reporting unit, aggregates, who did not report.

    Only reports that were submitted (or accepted) count; drafts and returned reports are
    "not reported". Each unit is measured against its own target and the aggregates follow the
    target kind — both from `reports.selectors.round_results`, the computation the tracker shows.
    """
    data = round_results(round)
    return {
        "round": round,
        "campaign": round.campaign,
        "targets": data.targets,
        "rows": data.rows,
        "aggregates": data.aggregates,
        "not_reported": data.not_reported,
        "required_count": len(data.rows) + len(data.not_reported),
        "reported_count": len(data.rows),
        "late_count": sum(1 for r in data.rows if r.submission.is_late),
    }
