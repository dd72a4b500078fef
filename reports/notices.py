"""Who hears of a report's state changes (core.notifying): the launching unit's desk when a unit
submits (or resubmits) it, the unit's head and clerk when it is accepted or returned."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notifying
from core.roles import Role
from reports.models import ReportSubmission
from reports.selectors import submissions_visible_to
from units import permissions as authority

S = ReportSubmission.Status
notifying.visibility("reports.reportsubmission", submissions_visible_to)


def _url(sub: ReportSubmission) -> str:
    return reverse("reports:submission-detail", args=[sub.pk])


def _submitted(sub: ReportSubmission, data: dict) -> list[notifying.Notice]:
    desk = authority.nearest_role_holders(sub.round.campaign.launching_unit, Role.SECRETARIAT)
    title = _("Báo cáo chờ tiếp nhận: %(u)s — %(r)s") % {"u": sub.unit.name, "r": sub.round.title}
    body = _("Nộp sau hạn.") if sub.is_late else ""
    return [notifying.Notice(desk, title, _url(sub), sub, body=body)]


notifying.rule("reports.reportsubmission", S.SUBMITTED, kind="reports.submission.submitted")(_submitted)
notifying.rule("reports.reportsubmission", S.RESUBMITTED, kind="reports.submission.resubmitted")(_submitted)


@notifying.rule("reports.reportsubmission", S.ACCEPTED, kind="reports.submission.accepted")
def _accepted(sub: ReportSubmission, data: dict) -> list[notifying.Notice]:
    title = _("Báo cáo đã được tiếp nhận: %(r)s") % {"r": sub.round.title}
    return [notifying.Notice(authority.role_holders(sub.unit, authority.UNIT_ROLES), title, _url(sub), sub)]


@notifying.rule("reports.reportsubmission", S.RETURNED, kind="reports.submission.returned")
def _returned(sub: ReportSubmission, data: dict) -> list[notifying.Notice]:
    title = _("Báo cáo bị trả lại: %(r)s") % {"r": sub.round.title}
    users = authority.role_holders(sub.unit, authority.UNIT_ROLES)
    return [notifying.Notice(users, title, _url(sub), sub, body=sub.return_reason)]
