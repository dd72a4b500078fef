"""Reports' part of a unit merger (units.reorganisation): obligations in open rounds move.

For every report round still open (not closed) that lists a former unit, the successor takes the
former unit's place in the list of units that must report, together with the former unit's
submission if it started one (the first, by unit order, when several merged units did). A former
unit keeps its place only when its own submission stays with it as history.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core import caching
from reports.models import ReportRound, ReportSubmission
from units.models import Unit
from units.reorganisation import Succession


def _plan(sources: list[Unit], target: Unit | None = None):
    """[(round, former unit, its submission or None, moves?)] for the open rounds of `sources`."""
    rows = []
    rounds = (
        ReportRound.objects.filter(closed_at__isnull=True, units__in=sources)
        .distinct()
        .prefetch_related("units")
        .order_by("deadline", "pk")
    )
    source_pks = {u.pk for u in sources}
    for rnd in rounds:
        subs = {s.unit_id: s for s in ReportSubmission.objects.filter(round=rnd, unit__in=sources)}
        taken = target is not None and ReportSubmission.objects.filter(round=rnd, unit=target).exists()
        for unit in sorted((u for u in rnd.units.all() if u.pk in source_pks), key=lambda u: u.path):
            sub = subs.get(unit.pk)
            moves = sub is None or not taken
            taken = taken or sub is not None
            rows.append((rnd, unit, sub, moves))
    return rows


def obligations_preview(*, sources: list[Unit], effective: date) -> Succession:
    """The open report rounds' obligations of `sources` that would move to the successor."""
    moving, staying = [], []
    for rnd, unit, sub, moves in _plan(sources):
        state = sub.get_status_display() if sub else _("chưa nộp")
        line = f"{rnd.title}: {unit.name} ({state})"
        if moves:
            moving.append(line)
        else:
            staying.append(line + " — " + _("giữ ở đơn vị cũ (đơn vị mới đã có báo cáo kỳ này)"))
    return Succession(label=_("Nghĩa vụ báo cáo của kỳ báo cáo đang mở"), moving=moving, staying=staying)


def obligations_apply(*, sources: list[Unit], target: Unit, effective: date, by) -> int:
    """Put `target` in the former units' place in the open rounds; returns obligations moved."""
    moved = 0
    for rnd, unit, sub, moves in _plan(sources, target):
        if not moves:
            continue
        rnd.units.add(target)
        rnd.units.remove(unit)
        if sub is not None:
            ReportSubmission.objects.filter(pk=sub.pk).update(unit=target)
        moved += 1
    if moved:
        caching.bump(ReportRound, ReportSubmission)
    return moved
