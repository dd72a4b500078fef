"""Awards' part of a unit merger (units.reorganisation): the award history is attributed, not moved.

The register is a legal record: an award stays recorded to the collective that received it. After
a merger the successor's page shows its predecessors' awards (``award_history_for_unit`` follows
``Unit.successor``); the preview lists them so the secretariat sees what the new unit inherits.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from awards.models import AwardRecord
from units.models import Unit
from units.reorganisation import Succession


def history_preview(*, sources: list[Unit], effective: date) -> Succession:
    """The collective awards of `sources` that the successor's history will show."""
    records = (
        AwardRecord.objects.filter(collective__in=sources)
        .select_related("award_kind", "collective")
        .order_by("-year", "collective__path")
    )
    return Succession(
        label=_("Lịch sử khen thưởng tập thể (giữ nguyên sổ, hiển thị ở đơn vị mới)"),
        moving=[f"{r.collective.name}: {r.award_kind.name} {r.year} ({r.decision_number})" for r in records],
    )


def history_apply(*, sources: list[Unit], target: Unit, effective: date, by) -> int:
    """Nothing is rewritten (the successor link attributes the history); returns the count shown."""
    return AwardRecord.objects.filter(collective__in=sources).count()
