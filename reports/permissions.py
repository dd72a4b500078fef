"""Who may do what with report rounds and submissions (built on units.permissions)."""

from reports.models import ReportRound, ReportSubmission
from units import permissions as authority


def can_manage_round(user, rnd: ReportRound) -> bool:
    """The desk of the campaign's launching unit (or an administrator): open, close, remind, decide."""
    return authority.can_manage(user, rnd.campaign.launching_unit)


def can_report_for(user, unit) -> bool:
    """Unit head or clerk of `unit` (or above it): fill in and submit the unit's report."""
    return authority.has_role(user, unit, authority.UNIT_ROLES)


def can_decide_submission(user, submission: ReportSubmission) -> bool:
    """Accept or return a submission: the desk of the round."""
    return can_manage_round(user, submission.round)
