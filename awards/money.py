"""Award money: coefficient × base salary in force on the decision date (law.md §5.2)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from awards.models import Rounding, SubjectKind
from awards.rules import RuleBook, load_rulebook


def round_amount(raw: Decimal, mode: str) -> int:
    """Round a VND amount. UP_10000: up to the next 10,000 (ND 98); NONE: to the đồng.

    ⚠ law.md §5.2/§11.6: the decree says round up to tens of thousands, yet a MOHA example
    pays 1,053,000 VND for a household Giấy khen; the mode is a rule-set setting.
    """
    if mode == Rounding.UP_10000:
        return int((raw / 10_000).to_integral_value(rounding=ROUND_CEILING) * 10_000)
    return int(raw.to_integral_value(rounding=ROUND_CEILING))


def compute_bonus(*, coefficient: Decimal, base_salary: int, rounding: str) -> int:
    """The pure arithmetic: coefficient × base salary, rounded."""
    return round_amount(Decimal(coefficient) * Decimal(base_salary), rounding)


def bonus_amount(*, award_kind, subject_kind: str, decision_date: date, rules: RuleBook | None = None) -> int:
    """Money (VND) for `award_kind` (code or AwardKind) given to a `subject_kind` on `decision_date`.

    An AwardKind whose `carries_money` is off gets 0 (no coefficient needed).

    The coefficient comes from the rule set in force on the decision date (ND 98 until
    30/06/2025, ND 152 from 01/07/2025) and the base salary from the dated table. Pass
    `rules` (from `load_rulebook()`) when computing many amounts; otherwise it is loaded.
    """
    code = getattr(award_kind, "code", award_kind)
    if getattr(award_kind, "carries_money", True) is False:
        return 0  # e.g. Gia đình văn hóa: a title without money from the fund (AwardKind setting)
    rules = rules or load_rulebook()
    rule_set = rules.rule_set_on(decision_date)
    coefficient = rule_set.coefficients.get((code, str(subject_kind)))
    if coefficient is None:
        raise ValidationError(
            _("Chưa cấu hình hệ số tiền thưởng cho “%(award)s” (%(subject)s) theo %(rs)s.")
            % {
                "award": getattr(award_kind, "name", code),
                "subject": SubjectKind(subject_kind).label,
                "rs": rule_set.decree,
            }
        )
    return compute_bonus(
        coefficient=coefficient, base_salary=rules.base_salary_on(decision_date), rounding=rule_set.rounding
    )
