"""Province-scale generated data for the benchmark (architecture.md §6).

~1,500 units, ~60,000 people, ~500,000 award records over ten years, 200 campaigns.
Deterministic (seeded); written with bulk_create and explicit ids into an EMPTY database.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from awards.models import AwardKind, AwardRecord
from campaigns.models import Campaign, Target
from core.roles import Role
from core.search import fold_diacritics
from units.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from units.models import AdministrativeLevel, Person, RoleGrant, Unit

BATCH = 5000


@dataclass
class Scale:
    communes: int = 100
    units_per_commune: int = 12
    departments: int = 30
    units_per_department: int = 5
    people: int = 60_000
    award_records: int = 500_000
    campaigns: int = 200

    @classmethod
    def small(cls) -> "Scale":
        return cls(
            communes=4,
            units_per_commune=3,
            departments=2,
            units_per_department=2,
            people=300,
            award_records=2_000,
            campaigns=5,
        )


def _unit(pk, name, kind, level, parent=None):
    path = (parent.path if parent else "") + f"{pk:06d}/"
    return Unit(
        pk=pk,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        path=path,
        depth=path.count("/") - 1,
        search_key=fold_diacritics(name),
    )


@transaction.atomic
def generate(scale: Scale, *, seed: int = 2025, out=print) -> dict:
    if Unit.objects.exists():
        raise RuntimeError(
            "The benchmark generates into an empty database only (use a scratch DATABASE_URL)."
        )
    rng = random.Random(seed)  # noqa: S311 - generated test data
    province_level, _ = AdministrativeLevel.objects.get_or_create(
        code="province", defaults={"name": "Cấp tỉnh", "rank": 1}
    )
    commune_level, _ = AdministrativeLevel.objects.get_or_create(
        code="commune", defaults={"name": "Cấp xã", "rank": 3}
    )
    K = Unit.Kind
    pk = 1
    province = _unit(pk, "Ủy ban nhân dân tỉnh Mẫu", K.PEOPLES_COMMITTEE, province_level)
    units = [province]
    workplaces = []
    for d in range(scale.departments):
        pk += 1
        dept = _unit(pk, f"Sở chuyên ngành số {d + 1}", K.SPECIALIST_OFFICE, province_level, province)
        units.append(dept)
        workplaces.append(dept)
        for s in range(scale.units_per_department):
            pk += 1
            sub = _unit(
                pk, f"Đơn vị sự nghiệp {s + 1} thuộc Sở số {d + 1}", K.PUBLIC_SERVICE, province_level, dept
            )
            units.append(sub)
            workplaces.append(sub)
    communes = []
    for c in range(scale.communes):
        pk += 1
        commune = _unit(
            pk, f"Ủy ban nhân dân xã Mẫu Số {c + 1}", K.PEOPLES_COMMITTEE, commune_level, province
        )
        units.append(commune)
        communes.append(commune)
        workplaces.append(commune)
        for s in range(scale.units_per_commune):
            pk += 1
            kind = [K.SPECIALIST_OFFICE, K.SCHOOL, K.VILLAGE][s % 3]
            sub = _unit(pk, f"Đơn vị {s + 1} của xã Mẫu Số {c + 1}", kind, commune_level, commune)
            units.append(sub)
            workplaces.append(sub)
    Unit.objects.bulk_create(units, batch_size=BATCH)
    out(f"  {len(units)} đơn vị")

    people = []
    for i in range(1, scale.people + 1):
        female = rng.random() < 0.45
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        born = date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                pk=i,
                full_name=name,
                search_key=fold_diacritics(name),
                gender="female" if female else "male",
                date_of_birth=born,
                cccd=f"0{i:011d}",
                unit=workplaces[i % len(workplaces)],
                employed_since=date(rng.randint(2000, 2020), 1, 1),
                position="Chuyên viên",
            )
        )
    Person.objects.bulk_create(people, batch_size=BATCH)
    out(f"  {len(people)} cá nhân")

    kinds = {k.code: k for k in AwardKind.objects.all()}
    individual = [
        kinds[c] for c in ("advanced_worker", "grassroots_fighter", "certificate_of_merit") if c in kinds
    ]
    collective = [kinds[c] for c in ("advanced_collective", "certificate_of_merit") if c in kinds]
    batch, made = [], 0
    for i in range(1, scale.award_records + 1):
        year = 2016 + (i % 10)
        if i % 10 == 0:
            unit = workplaces[rng.randrange(len(workplaces))]
            rec = AwardRecord(
                collective=unit, unit=unit, award_kind=rng.choice(collective), subject_key=unit.search_key
            )
        else:
            person = people[rng.randrange(len(people))]
            rec = AwardRecord(
                person_id=person.pk,
                unit_id=person.unit_id,
                award_kind=rng.choice(individual),
                subject_key=person.search_key,
            )
        rec.pk = i
        rec.year = year
        rec.occasion = "regular"
        rec.decision_number = f"{rng.randint(1, 999):02d}/QĐ-UBND"
        rec.decision_date = date(year + 1, 1, rng.randint(5, 28))
        rec.issuer = "Chủ tịch UBND tỉnh Mẫu"
        batch.append(rec)
        if len(batch) == BATCH:
            AwardRecord.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    AwardRecord.objects.bulk_create(batch)
    made += len(batch)
    out(f"  {made} bản ghi khen thưởng")

    campaigns = [
        Campaign(
            pk=i,
            title=f"Phong trào thi đua số {i} năm {2016 + i % 10}",
            search_key=fold_diacritics(f"Phong trào thi đua số {i}"),
            year=2016 + i % 10,
            launching_unit=communes[i % len(communes)] if i % 3 else province,
            status="closed" if i % 10 else "launched",
        )
        for i in range(1, scale.campaigns + 1)
    ]
    Campaign.objects.bulk_create(campaigns, batch_size=BATCH)
    Target.objects.bulk_create(
        [Target(campaign=c, name="Thu ngân sách", unit_of_measure="tỷ đồng", value=100) for c in campaigns],
        batch_size=BATCH,
    )
    out(f"  {len(campaigns)} phong trào")

    User = get_user_model()
    user = User.objects.create_user("bench-noivu", password="bench-only-not-a-login")  # noqa: S106
    RoleGrant.objects.create(user=user, unit=province, role=Role.SECRETARIAT, valid_from=date(2020, 1, 1))
    return {"user": user, "units": len(units), "people": len(people), "records": made}
