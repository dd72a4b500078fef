"""Campaigns' part of a unit merger (units.reorganisation): open registrations move to the successor.

A registration moves when its campaign is still open (not "Đã kết thúc"), whatever its state:
the successor carries the former unit's commitments to the campaign's review. When two merged
units registered for the same campaign, the first (by unit order) moves and the other stays with
its former unit as history (the successor holds one registration per campaign). The successor
also joins the participants of the open campaigns its predecessors took part in.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from campaigns.models import Campaign, Registration
from core import caching
from units.models import Unit
from units.reorganisation import Succession


def _open_registrations(sources: list[Unit]):
    return (
        Registration.objects.filter(unit__in=sources)
        .exclude(campaign__status=Campaign.Status.CLOSED)
        .select_related("campaign", "unit")
        .order_by("campaign_id", "unit__path", "pk")
    )


def _split(sources: list[Unit], target: Unit | None = None):
    """(moving, staying) registrations: one per campaign moves, unless the target has one."""
    taken = (
        set(Registration.objects.filter(unit=target).values_list("campaign_id", flat=True))
        if target
        else set()
    )
    moving, staying = [], []
    for reg in _open_registrations(sources):
        if reg.campaign_id in taken:
            staying.append(reg)
        else:
            taken.add(reg.campaign_id)
            moving.append(reg)
    return moving, staying


def registrations_preview(*, sources: list[Unit], effective: date) -> Succession:
    """The open registrations of `sources` that would move (and those that would stay, why)."""
    moving, staying = _split(sources)
    return Succession(
        label=_("Đăng ký thi đua của phong trào chưa kết thúc"),
        moving=[f"{r.unit.name}: {r.campaign.title} ({r.get_status_display()})" for r in moving],
        staying=[
            _("%(u)s: %(c)s — giữ ở đơn vị cũ (đơn vị mới đã có đăng ký cho phong trào này)")
            % {"u": r.unit.name, "c": r.campaign.title}
            for r in staying
        ],
    )


def registrations_apply(*, sources: list[Unit], target: Unit, effective: date, by) -> int:
    """Move the open registrations of `sources` to `target`; add `target` to the participants of
    the open campaigns `sources` took part in. Returns the number of registrations moved."""
    moving, _staying = _split(sources, target)
    Registration.objects.filter(pk__in=[r.pk for r in moving]).update(unit=target)
    for campaign in (
        Campaign.objects.filter(participants__in=sources).exclude(status=Campaign.Status.CLOSED).distinct()
    ):
        campaign.participants.add(target)
    caching.bump(Registration, Campaign)
    return len(moving)
