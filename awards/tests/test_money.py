from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardCoefficient, Rounding, RuleSet
from awards.money import bonus_amount, compute_bonus
from awards.rules import load_rulebook
from core import caching

pytestmark = pytest.mark.django_db

AFTER = date(2025, 7, 15)  # ND 152, base salary 2,340,000
BEFORE = date(2025, 6, 30)  # ND 98, base salary 2,340,000


@pytest.mark.parametrize(
    ("coefficient", "expected"),
    [
        ("0.3", 702_000),
        ("0.45", 1_053_000),
        ("0.6", 1_404_000),
        ("0.8", 1_872_000),
        ("1.0", 2_340_000),
        ("1.5", 3_510_000),
        ("2.0", 4_680_000),
        ("3.0", 7_020_000),
        ("3.5", 8_190_000),
        ("4.5", 10_530_000),
        ("8.0", 18_720_000),
        ("12.0", 28_080_000),
    ],
)
def test_coefficient_times_2340000_unrounded(coefficient, expected):
    assert (
        compute_bonus(coefficient=Decimal(coefficient), base_salary=2_340_000, rounding=Rounding.NONE)
        == expected
    )


@pytest.mark.parametrize(
    ("coefficient", "expected"),
    [
        ("0.3", 710_000),  # 702,000 rounded UP to tens of thousands (ND 98 wording)
        ("0.45", 1_060_000),
        ("0.8", 1_880_000),
        ("1.0", 2_340_000),
        ("1.5", 3_510_000),
        ("3.0", 7_020_000),
        ("3.5", 8_190_000),
        ("4.5", 10_530_000),
        ("8.0", 18_720_000),
        ("12.0", 28_080_000),
    ],
)
def test_default_rounding_is_up_to_10000(coefficient, expected):
    assert (
        compute_bonus(coefficient=Decimal(coefficient), base_salary=2_340_000, rounding=Rounding.UP_10000)
        == expected
    )


@pytest.mark.parametrize(
    ("award", "subject", "expected"),
    [
        ("advanced_worker", "individual", 702_000),
        ("grassroots_fighter", "individual", 2_340_000),
        ("provincial_fighter", "individual", 7_020_000),
        ("national_fighter", "individual", 10_530_000),
        ("advanced_collective", "collective", 1_872_000),
        ("excellent_collective", "collective", 3_510_000),
        ("emulation_flag", "collective", 18_720_000),
        ("government_flag", "collective", 28_080_000),
        ("cultural_village", "collective", 3_510_000),
        ("certificate_of_merit", "individual", 702_000),
        ("certificate_of_merit", "collective", 1_404_000),
        ("certificate_of_merit", "household", 1_053_000),
        ("merit_diploma", "individual", 3_510_000),
        ("pm_merit_diploma", "individual", 8_190_000),
        ("labour_order_3", "individual", 10_530_000),
    ],
)
def test_seeded_nd152_amounts_are_exact(award, subject, expected):
    assert RuleSet.objects.get(code="nd152_2025").rounding == Rounding.NONE
    assert bonus_amount(award_kind=award, subject_kind=subject, decision_date=AFTER) == expected


def test_nd98_rounds_up_and_the_rounding_is_configurable():
    # ND 98 (before 1/7/2025): 0.3 x 2,340,000 = 702,000, rounded UP to tens of thousands.
    assert RuleSet.objects.get(code="nd98_2023").rounding == Rounding.UP_10000
    assert (
        bonus_amount(award_kind="advanced_worker", subject_kind="individual", decision_date=BEFORE) == 710_000
    )
    # A province that applies ND 152 with rounding switches it on in the admin (law.md §11.6).
    RuleSet.objects.filter(code="nd152_2025").update(rounding=Rounding.UP_10000)
    caching.bump(RuleSet)  # .update() skips save(): the cached rule book must hear of it
    assert (
        bonus_amount(award_kind="certificate_of_merit", subject_kind="household", decision_date=AFTER)
        == 1_060_000
    )


def test_provincial_merit_diploma_changes_on_1_july_2025():
    assert (
        bonus_amount(award_kind="merit_diploma", subject_kind="individual", decision_date=BEFORE) == 2_340_000
    )
    assert (
        bonus_amount(award_kind="merit_diploma", subject_kind="individual", decision_date=AFTER) == 3_510_000
    )


def test_base_salary_in_force_on_decision_date():
    # 1.0 × 1,800,000 (from 1/7/2023) vs 2,340,000 (from 1/7/2024), same rule set ND 98.
    assert (
        bonus_amount(
            award_kind="grassroots_fighter", subject_kind="individual", decision_date=date(2024, 6, 30)
        )
        == 1_800_000
    )
    assert (
        bonus_amount(
            award_kind="grassroots_fighter", subject_kind="individual", decision_date=date(2024, 7, 1)
        )
        == 2_340_000
    )


def test_edited_coefficient_is_used():
    AwardCoefficient.objects.filter(
        rule_set__code="nd152_2025", award_kind__code="advanced_worker", subject_kind="individual"
    ).update(coefficient=Decimal("0.5"))
    assert (
        bonus_amount(award_kind="advanced_worker", subject_kind="individual", decision_date=AFTER)
        == 1_170_000
    )


def test_missing_coefficient_is_a_clear_error():
    with pytest.raises(ValidationError, match="Chưa cấu hình hệ số"):
        bonus_amount(award_kind="cultural_family", subject_kind="household", decision_date=AFTER)


def test_no_rule_set_before_2024_is_a_clear_error():
    with pytest.raises(ValidationError, match="Không có bộ quy tắc"):
        bonus_amount(award_kind="advanced_worker", subject_kind="individual", decision_date=date(2023, 5, 1))


def test_rulebook_loads_in_fixed_queries(django_assert_num_queries):
    with django_assert_num_queries(8):
        rules = load_rulebook()
    assert [rs.code for rs in rules.rule_sets] == ["nd98_2023", "nd152_2025"]
