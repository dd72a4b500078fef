"""Target results and their aggregation: the ONE place computing "đạt / chưa đạt", ratios, totals.

A unit is measured only against its OWN target (`campaigns.selectors.unit_goals`: assigned,
else committed in an approved registration, else — for rates — the campaign's rate). A unit
without its own target shows its figure and no percentage.

Aggregation follows the target's kind (`Target.Kind`): quantities sum; rates never sum — they
are described by lowest / highest / mean / median across units, the number of units reaching
their own target and, when every reporting unit gave the denominator, the weighted rate.
The tracker and the summary Báo cáo both call `aggregate_results`.
"""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from campaigns.models import Target
from core.formats import format_vn_decimal

PERCENT = Decimal("0.1")
RATE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class TargetResult:
    target: Target
    goal: Decimal | None  # the unit's own target; None: it has none
    goal_source: str  # "assigned" | "committed" | "campaign" | ""
    actual: Decimal | None
    met: bool | None  # None: not reported, or no own target to compare with
    percent: Decimal | None  # actual / own goal x 100, one decimal
    base: Decimal | None = None  # the denominator the unit reported for a rate (tổng số)

    @property
    def assigned(self) -> bool:
        return self.goal_source == "assigned"

    @property
    def reported(self) -> bool:
        return self.actual is not None

    @property
    def label(self) -> str:
        if self.actual is None:
            return _("Chưa báo cáo")
        if self.goal is None:
            return _("Chưa giao chỉ tiêu riêng")
        word = _("Đạt") if self.met else _("Chưa đạt")
        if self.percent is None:
            return word
        return _("%(word)s (%(p)s%%)") % {"word": word, "p": format_vn_decimal(self.percent, 1)}

    @property
    def verdict(self) -> str:
        """Đạt / Chưa đạt / — for tables (no ratio)."""
        if self.met is None:
            return _("Chưa báo cáo") if self.actual is None else "—"
        return _("Đạt") if self.met else _("Chưa đạt")


def target_result(
    target: Target, actual: Decimal | None, goal=None, *, base: Decimal | None = None
) -> TargetResult:
    """One unit's result for one target, against its own goal.

    `goal`: a `campaigns.selectors.UnitGoal`, a Decimal (taken as assigned), or None (the unit
    has no own target: the figure is shown without a ratio or verdict). Whether it is met is
    `Target.is_met` (direction-aware: "không vượt quá" is met at or under the goal, "giảm" by a
    reduction at least the goal). The ratio is actual ÷ goal × 100, one decimal.
    """
    if goal is None:
        value, source = None, ""
    elif isinstance(goal, Decimal | int | str):
        value, source = Decimal(goal), "assigned"
    else:
        value, source = Decimal(goal.value), goal.source
    met = None
    percent = None
    if actual is not None and value is not None:
        met = target.is_met(Decimal(actual), assigned=value)
        if value:
            percent = (Decimal(actual) * 100 / value).quantize(PERCENT, ROUND_HALF_UP)
    return TargetResult(
        target=target, goal=value, goal_source=source, actual=actual, met=met, percent=percent, base=base
    )


@dataclass(frozen=True)
class TargetAggregate:
    """How the units' results for one target combine (see `aggregate_results`)."""

    target: Target
    reported: int  # units that reported a figure
    with_goal: int  # of those, units with an own target
    met: int  # of those, units reaching their own target
    total: Decimal | None = None  # quantities: sum of the figures
    goal_total: Decimal | None = None  # quantities: sum of own targets of the reporting units
    lowest: Decimal | None = None  # rates
    highest: Decimal | None = None
    mean: Decimal | None = None
    median: Decimal | None = None
    weighted: Decimal | None = None  # rates: Σ(rate × base) ÷ Σ base when every unit gave its base

    @property
    def is_rate(self) -> bool:
        return self.target.is_rate

    @property
    def total_percent(self) -> Decimal | None:
        """Sum of figures against the campaign's (whole jurisdiction's) quantity target."""
        if self.total is None or not self.target.value:
            return None
        return (self.total * 100 / Decimal(self.target.value)).quantize(PERCENT, ROUND_HALF_UP)

    @property
    def sentence(self) -> str:
        """One line for the Báo cáo and the tracker (Vietnamese, no internal marks)."""
        t = self.target
        uom = t.unit_of_measure
        n = lambda v: format_vn_decimal(v, 2)  # noqa: E731
        sep = "" if uom in Target.RATE_UNITS else " "
        q = lambda v: f"{n(v)}{sep}{uom}"  # noqa: E731
        head = _("%(name)s (chỉ tiêu %(dir)s %(goal)s)") % {
            "name": t.name,
            "dir": t.get_direction_display().lower(),
            "goal": q(t.value),
        }
        if not self.reported:
            return _("- %(head)s: chưa có đơn vị báo cáo số liệu.") % {"head": head}
        parts = [_("%(n)s đơn vị báo cáo số liệu") % {"n": self.reported}]
        reduce = t.direction == Target.Direction.REDUCE
        if self.is_rate:
            what = _("mức giảm") if reduce else _("kết quả")
            parts.append(
                _("%(what)s thấp nhất %(lo)s, cao nhất %(hi)s, trung bình %(mean)s, trung vị %(med)s")
                % {
                    "what": what,
                    "lo": q(self.lowest),
                    "hi": q(self.highest),
                    "mean": q(self.mean),
                    "med": q(self.median),
                }
            )
            if self.weighted is not None:
                parts.append(
                    _("tỷ lệ chung (bình quân gia quyền theo tổng số) %(w)s") % {"w": q(self.weighted)}
                )
        else:
            word = _("tổng mức giảm") if reduce else _("tổng số thực hiện")
            text = _("%(word)s %(sum)s") % {"word": word, "sum": q(self.total)}
            if self.total_percent is not None:
                text += _(", bằng %(p)s%% chỉ tiêu chung") % {"p": format_vn_decimal(self.total_percent, 1)}
            parts.append(text)
        if self.with_goal:
            parts.append(
                _("%(met)s/%(with)s đơn vị đạt chỉ tiêu của đơn vị")
                % {"met": self.met, "with": self.with_goal}
            )
        if self.with_goal < self.reported:
            parts.append(
                _("%(k)s đơn vị chưa được giao chỉ tiêu riêng") % {"k": self.reported - self.with_goal}
            )
        return _("- %(head)s: %(parts)s.") % {"head": head, "parts": "; ".join(parts)}


def _q(value) -> Decimal:
    return Decimal(value).quantize(RATE_PLACES, ROUND_HALF_UP)


def aggregate_results(target: Target, results: list[TargetResult]) -> TargetAggregate:
    """Combine the units' results for `target` according to its kind (the ONE aggregation).

    `results`: `TargetResult`s of this target, one per unit (unreported ones are ignored).
    Quantities: the sum of figures and of the reporting units' own targets. Rates (%, ‰):
    never summed — lowest, highest, mean and median of the units' rates, and the weighted rate
    Σ(rate × base) ÷ Σ base only when every reporting unit gave its base (denominator).
    In both cases the number of units with an own target and of those reaching it
    (direction-aware, `Target.is_met`).
    """
    done = [r for r in results if r.actual is not None]
    with_goal = [r for r in done if r.goal is not None]
    common = {
        "target": target,
        "reported": len(done),
        "with_goal": len(with_goal),
        "met": sum(1 for r in with_goal if r.met),
    }
    if not done:
        return TargetAggregate(**common)
    values = [Decimal(r.actual) for r in done]
    if not target.is_rate:
        return TargetAggregate(
            **common,
            total=sum(values, Decimal(0)),
            goal_total=sum((r.goal for r in with_goal), Decimal(0)) if with_goal else None,
        )
    weighted = None
    if all(r.base for r in done):
        bases = sum((Decimal(r.base) for r in done), Decimal(0))
        weighted = _q(sum(Decimal(r.actual) * Decimal(r.base) for r in done) / bases)
    return TargetAggregate(
        **common,
        lowest=_q(min(values)),
        highest=_q(max(values)),
        mean=_q(sum(values, Decimal(0)) / len(values)),
        median=_q(statistics.median(values)),
        weighted=weighted,
    )
