"""Demo data of the awards register (idempotent); the council is in `nominations.demo`.

- Award history of six people of xã Bình Lư for three years (ILLUSTRATIVE): task ratings, Lao
  động tiên tiến and Chiến sĩ thi đua cơ sở records decided by the district chair, an initiative
  and a reprimand, so the eligibility verdicts of a new nomination differ from person to person;
  and the commune's Tập thể lao động tiên tiến: the three years before the load date, at the
  latest 2022–2024 (the district's last years; in the 2026 world found after the reform on the
  pages of xã Tam Đường, the successor).
- 2026 world (`load_2026`): the staff of Trường Tiểu học Bình Lư get ratings for the last three
  years and Lao động tiên tiến records, each decided by the body that had authority on the
  decision's date (the district chair until 30/06/2025, the commune chair after).
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
    """The PROFILES history of the first people of `commune` for `year`-3 … `year`-1."""
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
                        decision_level="district",
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
    collective = AwardKind.objects.get(code="advanced_collective")
    y = year - 1
    if not AwardRecord.objects.filter(collective=commune, award_kind=collective, year=y).exists():
        services.award_record_create(
            by=by,
            collective=commune,
            award_kind=collective,
            year=y,
            decision_number="15/QĐ-UBND",
            decision_date=date(y + 1, 1, 15),
            issuer="Chủ tịch UBND huyện Tam Đường",
            decision_level="district",
        )
    return people


def load(*, stdout, two_level: bool = False, today: date, world: str = "2026") -> dict:
    """The catalogue and the district's award history (see the module docstring)."""
    from units import demo as units_demo

    # The catalogue comes from a data migration; a flushed test database (transactional
    # browser tests) no longer has it, so make sure it is there (idempotent).
    catalogue_seed()
    if world == units_demo.WORLD_2026 and units_demo.reform_done():
        return {}
    # The district decided until 30/06/2025: its history ends with 2024, its last full year (in
    # the district-2024 world too when loaded after 2025; its later years would be unlawful).
    year = min(today.year, 2025)
    commune = Unit.objects.get(name="Ủy ban nhân dân xã Bình Lư")
    people = build_history(commune, year)
    stdout.write(
        f"  awards: lịch sử khen thưởng của {len(people)} cá nhân xã Bình Lư ({year - 3}–{year - 1})"
    )
    return {"people": people}


SCHOOL_2026 = "Trường Tiểu học Bình Lư"


def load_2026(*, stdout, today: date) -> dict:
    """Ratings and Lao động tiên tiến records of Trường Tiểu học Bình Lư's staff (the nominees of
    the demo batch, and five colleagues recognised Lao động tiên tiến of the nominated year so the
    batch's Chiến sĩ thi đua cơ sở is within the 15% quota), each record decided by the level that
    had authority on its date."""
    from units import demo as units_demo

    by = get_user_model().objects.get(username="vanphong_tamduong")
    school = Unit.objects.get(name=SCHOOL_2026, kind=Unit.Kind.SCHOOL)
    commune = units_demo.communes_2026()[0]
    worker = AwardKind.objects.get(code="advanced_worker")
    people = list(Person.objects.filter(unit=school, user__isnull=True).order_by("pk")[:5])
    year = today.year - 1  # the achievement year nominated this year
    for i, person in enumerate(people):
        for y in (year - 2, year - 1, year):
            services.task_rating_set(by=by, person=person, year=y, rating="excellent" if i < 3 else "good")
        for y in (year - 2, year - 1):
            decided = date(y + 1, 1, 15)
            if (
                decided > today
                or AwardRecord.objects.filter(person=person, award_kind=worker, year=y).exists()
            ):
                continue
            after = decided >= units_demo.REFORM_DAY
            services.award_record_create(
                by=by,
                person=person,
                award_kind=worker,
                year=y,
                decision_number=f"{20 + y % 10:02d}/QĐ-UBND",
                decision_date=decided,
                issuer=f"Chủ tịch {commune.short_name}" if after else "Chủ tịch UBND huyện Tam Đường",
                decision_level="commune" if after else "district",
            )
        if i == 0 and not Initiative.objects.filter(person=person).exists():
            services.initiative_create(
                by=by,
                person=person,
                title="Dạy học song ngữ Thái - Việt cho học sinh lớp 1",
                scope="unit",
                recognised_on=date(year, 11, 20),
                recognised_by=SCHOOL_2026,
            )
    # Five more teachers already recognised Lao động tiên tiến of the nominated year, so the school
    # counts 7 of them with the demo batch's two (15% rounded down allows its one Chiến sĩ thi đua
    # cơ sở): the demo shows a batch within its quota.
    others = list(Person.objects.filter(unit=school, user__isnull=True).order_by("pk")[5:10])
    decided = date(year + 1, 1, 15)
    for person in others:
        if (
            decided > today
            or AwardRecord.objects.filter(person=person, award_kind=worker, year=year).exists()
        ):
            continue
        services.task_rating_set(by=by, person=person, year=year, rating="good")
        after = decided >= units_demo.REFORM_DAY
        services.award_record_create(
            by=by,
            person=person,
            award_kind=worker,
            year=year,
            decision_number=f"{20 + year % 10:02d}/QĐ-UBND",
            decision_date=decided,
            issuer=f"Chủ tịch {commune.short_name}" if after else "Chủ tịch UBND huyện Tam Đường",
            decision_level="commune" if after else "district",
        )
    stdout.write(
        f"  awards 2026: xếp loại và khen thưởng của {len(people) + len(others)} cá nhân {SCHOOL_2026}"
    )
    return {"people": people}
