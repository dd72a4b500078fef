"""Who hears of the nomination workflow's events (core.notifying): the desk when a unit sends a
batch (tờ trình); the unit's head and clerk when it is returned, appraised or decided; the
signer when a decision waits for signature and its drafter when it is signed; the members who
attend a session when its ballot opens."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notifying
from core.roles import Role
from nominations.models import CouncilSession, Decision, NominationBatch
from nominations.selectors import batches_visible_to, decisions_visible_to, sessions_visible_to
from units import permissions as authority

B = NominationBatch.Status
notifying.visibility("nominations.nominationbatch", batches_visible_to)
notifying.visibility("nominations.decision", decisions_visible_to)
notifying.visibility("nominations.councilsession", sessions_visible_to)


def _batch_url(batch: NominationBatch) -> str:
    return reverse("awards:batch-detail", args=[batch.pk])


def _unit_staff(batch: NominationBatch):
    return authority.role_holders(batch.unit, authority.UNIT_ROLES)


@notifying.rule("nominations.nominationbatch", B.SUBMITTED, kind="awards.batch.submitted")
def _batch_submitted(batch: NominationBatch, data: dict) -> list[notifying.Notice]:
    desk = authority.nearest_role_holders(batch.unit, Role.SECRETARIAT)
    title = _("Tờ trình đề nghị khen thưởng chờ thẩm định: %(u)s — %(t)s") % {
        "u": batch.unit.name,
        "t": batch.title,
    }
    return [notifying.Notice(desk, title, _batch_url(batch), batch)]


@notifying.rule("nominations.nominationbatch", B.RETURNED, kind="awards.batch.returned")
def _batch_returned(batch: NominationBatch, data: dict) -> list[notifying.Notice]:
    title = _("Tờ trình bị trả lại để bổ sung: %(t)s") % {"t": batch.title}
    return [notifying.Notice(_unit_staff(batch), title, _batch_url(batch), batch, body=batch.return_reason)]


@notifying.rule("nominations.nominationbatch", B.APPRAISED, kind="awards.batch.appraised")
def _batch_appraised(batch: NominationBatch, data: dict) -> list[notifying.Notice]:
    title = _("Tờ trình đã được thẩm định: %(t)s") % {"t": batch.title}
    return [notifying.Notice(_unit_staff(batch), title, _batch_url(batch), batch)]


def _decision_url(decision: Decision) -> str:
    return reverse("awards:decision-detail", args=[decision.pk])


@notifying.rule("nominations.decision", "drafted", kind="awards.decision.to_sign")
def _decision_drafted(decision: Decision, data: dict) -> list[notifying.Notice]:
    title = _("Quyết định khen thưởng chờ ký: %(t)s") % {"t": decision.title}
    return [notifying.Notice([decision.signer], title, _decision_url(decision), decision)]


@notifying.rule("nominations.decision", Decision.Status.ISSUED, kind="awards.decision.issued")
def _decision_issued(decision: Decision, data: dict) -> list[notifying.Notice]:
    """The drafter learns it is signed; each proposing unit's staff that its batch is decided."""
    notices = []
    if decision.created_by_id:
        title = _("Quyết định khen thưởng đã ký ban hành: số %(n)s — %(t)s") % {
            "n": decision.number,
            "t": decision.title,
        }
        notices.append(notifying.Notice([decision.created_by], title, _decision_url(decision), decision))
    batches = NominationBatch.objects.filter(nominations__decision_line__decision=decision).distinct()
    for batch in batches.select_related("unit").order_by("pk"):
        title = _("Đã có quyết định khen thưởng số %(n)s cho tờ trình: %(t)s") % {
            "n": decision.number,
            "t": batch.title,
        }
        notices.append(notifying.Notice(_unit_staff(batch), title, _batch_url(batch), batch))
    return notices


@notifying.rule("nominations.councilsession", CouncilSession.Status.VOTING, kind="awards.ballot.opened")
def _ballot_opened(session: CouncilSession, data: dict) -> list[notifying.Notice]:
    title = _("Bắt đầu bỏ phiếu: %(s)s") % {"s": session.title}
    url = reverse("awards:session-detail", args=[session.pk])
    return [notifying.Notice(session.attendees.all(), title, url, session)]


@notifying.rule("nominations.councilsession", "closing_soon", kind="awards.ballot.closing_soon")
def _ballot_closing_soon(session: CouncilSession, data: dict) -> list[notifying.Notice]:
    from django.contrib.auth import get_user_model

    title = _("Sắp kết thúc bỏ phiếu, bạn chưa bỏ phiếu đủ: %(s)s") % {"s": session.title}
    url = reverse("awards:session-detail", args=[session.pk])
    members = get_user_model().objects.filter(pk__in=data.get("members", []))
    return [notifying.Notice(members, title, url, session)]
