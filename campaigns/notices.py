"""Who hears of a registration's state changes (core.notifying): the launching unit's desk when
a unit sends it, the unit's head and clerk when it is approved or returned."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import Registration
from campaigns.selectors import registrations_visible_to
from core import notifying
from core.roles import Role
from units import permissions as authority

S = Registration.Status
notifying.visibility("campaigns.registration", registrations_visible_to)


def _url(reg: Registration) -> str:
    return reverse("campaigns:registration-detail", args=[reg.pk])


@notifying.rule("campaigns.registration", S.SUBMITTED, kind="campaigns.registration.submitted")
def _submitted(reg: Registration, data: dict) -> list[notifying.Notice]:
    desk = authority.nearest_role_holders(reg.campaign.launching_unit, Role.SECRETARIAT)
    title = _("Đăng ký thi đua chờ duyệt: %(u)s — %(c)s") % {"u": reg.unit.name, "c": reg.campaign.title}
    return [notifying.Notice(desk, title, _url(reg), reg)]


@notifying.rule("campaigns.registration", S.APPROVED, kind="campaigns.registration.approved")
def _approved(reg: Registration, data: dict) -> list[notifying.Notice]:
    title = _("Bản đăng ký thi đua đã được duyệt: %(c)s") % {"c": reg.campaign.title}
    return [notifying.Notice(authority.role_holders(reg.unit, authority.UNIT_ROLES), title, _url(reg), reg)]


@notifying.rule("campaigns.registration", S.RETURNED, kind="campaigns.registration.returned")
def _returned(reg: Registration, data: dict) -> list[notifying.Notice]:
    title = _("Bản đăng ký thi đua bị trả lại: %(c)s") % {"c": reg.campaign.title}
    users = authority.role_holders(reg.unit, authority.UNIT_ROLES)
    return [notifying.Notice(users, title, _url(reg), reg, body=reg.return_reason)]
