"""A generated register for the dashboard and statistics tests: records of known kinds, levels,
years, genders and unit types in the root conftest's jurisdiction, plus an annulled one and one
outside the jurisdiction (neither may be counted)."""

from __future__ import annotations

import random
from datetime import date

from awards.models import AwardAnnulment
from awards.tests.factories import AwardRecordFactory, HouseholdFactory, PersonFactory, UnitFactory, kind
from units.models import Person, Unit

INDIVIDUAL_KINDS = ["advanced_worker", "grassroots_fighter", "certificate_of_merit", "provincial_fighter"]
COLLECTIVE_KINDS = ["advanced_collective", "certificate_of_merit"]
HOUSEHOLD_KINDS = ["cultural_family", "certificate_of_merit"]
LEVELS = ["", "commune", "district", "province", "national"]
YEARS = range(2021, 2027)


def build_register(j, n: int, seed: int = 7) -> list:
    """`n` register entries in the jurisdiction `j` (conftest.Jurisdiction) spread over kinds,
    levels, years 2021–2026, genders, subjects and unit kinds (a school and a village besides the
    communes), plus an annulled entry and one in an unrelated tree. Returns the records that
    count (in force, inside the jurisdiction)."""
    rnd = random.Random(seed)
    school = Unit.objects.filter(name="Trường Tiểu học Bình Lư").first() or UnitFactory(
        name="Trường Tiểu học Bình Lư", kind=Unit.Kind.SCHOOL, level=j.commune_a.level, parent=j.commune_a
    )
    units = [j.commune_a, j.commune_b, school, j.village_a, j.office]
    records = []
    for _i in range(n):
        subject = rnd.choice(["individual", "individual", "collective", "household"])
        year = rnd.choice(YEARS)
        extra = {"year": year, "decision_level": rnd.choice(LEVELS)}
        if subject == "individual":
            person = PersonFactory(
                unit=rnd.choice(units), gender=rnd.choice([Person.Gender.MALE, Person.Gender.FEMALE])
            )
            rec = AwardRecordFactory(person=person, award_kind=kind(rnd.choice(INDIVIDUAL_KINDS)), **extra)
        elif subject == "collective":
            rec = AwardRecordFactory(
                person=None,
                collective=rnd.choice(units),
                award_kind=kind(rnd.choice(COLLECTIVE_KINDS)),
                **extra,
            )
        else:
            household = HouseholdFactory(village=j.village_a)
            rec = AwardRecordFactory(
                person=None, household=household, award_kind=kind(rnd.choice(HOUSEHOLD_KINDS)), **extra
            )
        records.append(rec)
    annulled = AwardRecordFactory(
        person=PersonFactory(unit=j.commune_a), year=2024, decision_level="district"
    )
    AwardAnnulment.objects.create(
        record=annulled, ground="forged_documents", decision_number="9/QĐ", decision_date=date(2025, 3, 1)
    )
    AwardRecordFactory(person=PersonFactory(unit=UnitFactory(name="UBND xã ngoài phạm vi")), year=2024)
    return records
