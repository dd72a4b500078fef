from datetime import date

import pytest

from awards.catalogue import catalogue_seed
from awards.models import (
    AwardKind,
    BaseSalary,
    ConferringAuthority,
    CouncilThreshold,
    RequiredDocument,
    RuleParameter,
    RuleSet,
)
from awards.rules import load_rulebook

pytestmark = pytest.mark.django_db

GLOSSARY_CODES = {
    "advanced_worker",
    "grassroots_fighter",
    "provincial_fighter",
    "national_fighter",
    "advanced_collective",
    "excellent_collective",
    "emulation_flag",
    "government_flag",
    "cultural_family",
    "cultural_village",
    "certificate_of_merit",
    "merit_diploma",
    "pm_merit_diploma",
}


def test_fresh_database_has_the_catalogue():
    codes = set(AwardKind.objects.values_list("code", flat=True))
    assert codes >= GLOSSARY_CODES
    gk = AwardKind.objects.get(code="certificate_of_merit")
    assert (gk.name, gk.category, gk.subject_kinds) == (
        "Giấy khen",
        "form",
        ["individual", "collective", "household"],
    )
    assert AwardKind.objects.get(code="cultural_family").subject_kinds == ["household"]


def test_rule_sets_switch_on_1_july_2025():
    rules = load_rulebook()
    assert rules.rule_set_on(date(2025, 6, 30)).code == "nd98_2023"
    assert rules.rule_set_on(date(2025, 7, 1)).code == "nd152_2025"
    assert RuleSet.objects.get(code="nd98_2023").valid_to == date(2025, 6, 30)


def test_base_salaries_seeded():
    assert list(BaseSalary.objects.values_list("amount", "effective_from")) == [
        (1_490_000, date(2019, 7, 1)),
        (1_800_000, date(2023, 7, 1)),
        (2_340_000, date(2024, 7, 1)),
    ]


def test_commune_chairman_gains_powers_and_district_disappears():
    def awards(rs, level):
        return set(
            ConferringAuthority.objects.filter(
                rule_set__code=rs, level=level, conferrer="chairman"
            ).values_list("award_kind__code", flat=True)
        )

    assert awards("nd98_2023", "commune") == {"advanced_worker", "certificate_of_merit", "cultural_family"}
    assert awards("nd152_2025", "commune") == {
        "advanced_worker",
        "certificate_of_merit",
        "cultural_family",
        "grassroots_fighter",
        "advanced_collective",
        "cultural_village",
    }
    assert awards("nd98_2023", "district")
    assert not ConferringAuthority.objects.filter(rule_set__code="nd152_2025", level="district").exists()


def test_fighters_need_initiative_certification():
    docs = set(
        RequiredDocument.objects.filter(
            rule_set__code="nd152_2025", award_kind__code="grassroots_fighter"
        ).values_list("document_type", flat=True)
    )
    assert docs == {"submission", "achievement_report", "minutes", "initiative_certification"}
    assert not RequiredDocument.objects.filter(
        award_kind__code="advanced_worker", document_type="initiative_certification"
    ).exists()


def test_unconfirmed_items_are_flagged_with_a_note():
    quota = RuleParameter.objects.get(rule_set__code="nd152_2025", key="grassroots_fighter.quota_percent")
    assert quota.value == 15
    assert quota.unconfirmed
    assert "ND 91" in quota.note or "NĐ 91" in quota.note
    assert RuleSet.objects.get(code="nd152_2025").rounding == "none"
    assert RuleSet.objects.get(code="nd98_2023").rounding == "up_10000"
    assert "⚠" in RuleSet._meta.get_field("rounding").help_text
    pf = CouncilThreshold.objects.get(level="province", award_kind__code="provincial_fighter")
    assert (pf.approval_percent, pf.base, pf.secret_ballot, pf.unconfirmed) == (90, "members", True, True)


def test_seed_is_idempotent():
    before = (AwardKind.objects.count(), ConferringAuthority.objects.count(), RuleParameter.objects.count())
    catalogue_seed()
    assert (
        AwardKind.objects.count(),
        ConferringAuthority.objects.count(),
        RuleParameter.objects.count(),
    ) == before


def test_household_and_collective_multipliers_hold_in_the_seed():
    rules = load_rulebook()
    nd152 = rules.rule_set_on(date(2025, 7, 1))
    for award in ("certificate_of_merit", "merit_diploma"):
        assert nd152.coefficients[(award, "household")] == nd152.coefficients[(award, "individual")] * 3 / 2
    for rs in rules.rule_sets:
        gk = rs.coefficients
        assert gk[("certificate_of_merit", "collective")] == 2 * gk[("certificate_of_merit", "individual")]


def test_rule_sets_may_not_overlap():
    from django.core.exceptions import ValidationError

    rs = RuleSet(code="x", name="Thử", decree="NĐ x", valid_from=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="trùng với"):
        rs.full_clean()
    RuleSet.objects.filter(code="nd152_2025").update(valid_to=date(2026, 12, 31))
    RuleSet(code="y", name="Luật sửa đổi", decree="NĐ y", valid_from=date(2027, 1, 1)).full_clean()
