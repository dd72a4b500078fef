"""Target results: the ONE function computing "reached / not reached" and the ratio."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns.models import Target
from core.formats import format_vn_decimal

PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class TargetResult:
    target: Target
    goal: Decimal
    assigned: bool  # the unit has its own value (TargetAssignment)
    actual: Decimal | None
    met: bool | None  # None: not reported
    percent: Decimal | None  # actual / goal x 100, one decimal; None when unknown or goal is 0

    @property
    def label(self) -> str:
        if self.met is None:
            return _("Chưa báo cáo")
        word = _("Đạt") if self.met else _("Chưa đạt")
        if self.percent is None:
            return word
        return _("%(word)s (%(p)s%%)") % {"word": word, "p": format_vn_decimal(self.percent, 1)}


def target_result(target: Target, actual: Decimal | None, assigned: Decimal | None = None) -> TargetResult:
    """The unit's result for one target: its own assigned value if it has one, else the target's.

    Whether it is met is `Target.is_met` (direction-aware). The ratio is actual ÷ goal for
    every direction; for "không vượt quá" (at most) a ratio up to 100% is the good side.
    """
    goal = assigned if assigned is not None else target.value
    met = target.is_met(actual, assigned=assigned)
    percent = None
    if actual is not None and goal:
        percent = (Decimal(actual) * 100 / Decimal(goal)).quantize(PERCENT)
    return TargetResult(
        target=target, goal=goal, assigned=assigned is not None, actual=actual, met=met, percent=percent
    )
