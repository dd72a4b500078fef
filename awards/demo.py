"""Demo data of the awards register (idempotent); the council is in `nominations.demo`.

- Award history of six people of xã Bình Lư for the three previous years (ILLUSTRATIVE): task
  ratings, Lao động tiên tiến and Chiến sĩ thi đua cơ sở records, an initiative and a reprimand,
  so the eligibility verdicts of a new nomination differ from person to person.
"""

from datetime import date

from django.contrib.auth import get_user_model

from awards import services
from awards.catalogue import catalogue_seed
from awards.models import AwardKind, AwardRecord, DisciplineRecord, Initiative
from units.models import Person, Unit

# per person: (ratings for y-3, y-2, y-1), awards {offset: [codes]}, initiative?, reprimand in y-1?
PROFILES = [
    (
        ("excellent", "excellent", "excellent"),
        {3: ["advanced_worker", "grassroots_fighter"], 2: ["advanced_worker", "grassroots_fighter"]},
        True,
        False,
    ),
    (("good", "excellent", "excellent"), {3: ["advanced_worker"], 2: ["advanced_worker"]}, False, False),
    (("good", "good", "good"), {3: ["advanced_worker"], 2: ["advanced_worker"]}, False, False),
    (("good", "good", "completed"), {3: ["advanced_worker"]}, False, False),
    (("excellent", "good", "excellent"), {2: ["advanced_worker"]}, False, True),
    (("good", "good", "excellent"), {}, True, False),
]


def build_history(commune: Unit, year: int) -> list[Person]:
    by = get_user_model().objects.get(username="noivu")
    people = list(Person.objects.filter(unit=commune, user__isnull=True).order_by("pk")[: len(PROFILES)])
    kinds = {k.code: k for k in AwardKind.objects.filter(code__in=["advanced_worker", "grassroots_fighter"])}
    for person, (ratings, awards, initiative, reprimand) in zip(people, PROFILES, strict=False):
        for offset, rating in zip((3, 2, 1), ratings, strict=True):
            services.task_rating_set(by=by, person=person, year=year - offset, rating=rating)
        for offset, codes in awards.items():
            for code in codes:
                y = year - offset
                if not AwardRecord.objects.filter(person=person, award_kind__code=code, year=y).exists():
                    services.award_record_create(
                        by=by,
                        person=person,
                        award_kind=kinds[code],
                        year=y,
                        decision_number=f"{10 + offset:02d}/QĐ-UBND",
                        decision_date=date(y + 1, 1, 15),
                        issuer="Chủ tịch UBND huyện Tam Đường",
                    )
        if initiative and not Initiative.objects.filter(person=person).exists():
            services.initiative_create(
                by=by,
                person=person,
                title="Số hóa hồ sơ một cửa của xã",
                scope="unit",
                recognised_on=date(year - 1, 11, 20),
                recognised_by="Ủy ban nhân dân xã Bình Lư",
            )
        if reprimand and not DisciplineRecord.objects.filter(person=person).exists():
            services.discipline_create(
                by=by,
                person=person,
                form="reprimand",
                start=date(year - 1, 3, 1),
                end=date(year - 1, 9, 1),
                decision_number="05/QĐ-UBND",
            )
    return people


def load(*, stdout, two_level: bool = False, today: date) -> dict:
    # The catalogue comes from a data migration; a flushed test database (transactional
    # browser tests) no longer has it, so make sure it is there (idempotent).
    catalogue_seed()
    commune = Unit.objects.get(name="Ủy ban nhân dân xã Bình Lư")
    people = build_history(commune, today.year)
    stdout.write(f"  awards: lịch sử khen thưởng của {len(people)} cá nhân xã Bình Lư")
    return {"people": people}
