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


@dataclass
class WorkflowScale:
    """The workflow at province scale (issue 17): batches, a council session, a decision annex."""

    batches: int = 60
    nominees_per_batch: int = 20
    big_batch: int = 500
    agenda_items: int = 300
    annex_lines: int = 1000

    @classmethod
    def small(cls) -> "WorkflowScale":
        return cls(batches=3, nominees_per_batch=3, big_batch=20, agenda_items=12, annex_lines=30)


@transaction.atomic
def generate_workflow(scale: WorkflowScale, *, user, out=print) -> dict:
    """Nomination batches (one of `big_batch` nominees), one council session in voting with
    `agenda_items` items and cast ballots, one draft decision with an `annex_lines`-line annex.

    `user` (the bench login) chairs the council and signs. Rows are written with bulk_create
    straight into the tables (no services): this is generated data, not a workflow run.
    Returns {"batch": pk of the big batch, "session": pk, "decision": pk}.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from nominations.models import (
        AgendaItem,
        BallotTally,
        Council,
        CouncilSession,
        Decision,
        DecisionLine,
        Nomination,
        NominationBatch,
    )

    province = Unit.objects.get(pk=1)
    kind = AwardKind.objects.get(code="advanced_worker")
    units = list(Unit.objects.filter(depth=1).order_by("pk"))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[: max(scale.annex_lines, 5000)])
    when = datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    S = Nomination.Status

    def batch(pk, unit, status, title):
        return NominationBatch(
            pk=pk, unit=unit, title=title, year=2025, status=status, submitted_at=when, created_by=user
        )

    batches = [batch(1, province, "appraised", "Tờ trình khen thưởng tổng kết năm 2025 (500 đối tượng)")]
    batches.append(batch(2, province, "appraised", "Tờ trình khen thưởng đã có quyết định"))
    for i in range(scale.batches):
        status = ["submitted", "draft", "appraised", "returned"][i % 4]
        batches.append(batch(3 + i, units[i % len(units)], status, f"Tờ trình đề nghị số {i + 1}/2025"))
    NominationBatch.objects.bulk_create(batches)

    nominations, pk, person_i = [], 0, 0

    def nominee(batch_pk, status):
        nonlocal pk, person_i
        pk += 1
        person_i += 1
        return Nomination(
            pk=pk,
            batch_id=batch_pk,
            person_id=people[person_i % len(people)],
            award_kind=kind,
            year=2025,
            status=status,
            summary="Hoàn thành xuất sắc nhiệm vụ năm 2025.",
        )

    big = [
        nominee(1, S.IN_COUNCIL if i < scale.agenda_items else S.APPRAISED) for i in range(scale.big_batch)
    ]
    decided = [nominee(2, S.DECIDED) for _ in range(scale.annex_lines)]
    others = [
        nominee(b.pk, S.SUBMITTED if b.status != "draft" else S.DRAFT)
        for b in batches[2:]
        for _ in range(scale.nominees_per_batch)
    ]
    nominations = big + decided + others
    Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    out(f"  {len(batches)} tờ trình, {len(nominations)} đề nghị")

    council = Council.objects.create(
        name="Hội đồng Thi đua - Khen thưởng tỉnh Mẫu", unit=province, level="province", chair=user
    )
    council.members.add(user)
    session = CouncilSession.objects.create(
        council=council,
        title="Phiên họp xét khen thưởng tổng kết năm 2025",
        meeting_date=date(2026, 1, 12),
        status="voting",
        member_count=1,
        attendee_count=1,
        opened_at=when,
        created_by=user,
    )
    session.attendees.add(user)
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(session=session, nomination=n, order=i + 1)
            for i, n in enumerate(big[: scale.agenda_items])
        ]
    )
    BallotTally.objects.bulk_create([BallotTally(item=item, yes=1) for item in items])
    decision = Decision.objects.create(
        unit=province,
        session=session,
        title="Quyết định khen thưởng tổng kết năm 2025",
        decision_date=date(2026, 1, 20),
        rule_set="2024",
        article_1="Tặng danh hiệu Lao động tiên tiến cho các cá nhân có tên trong danh sách kèm theo.",
        article_2="Tiền thưởng theo quy định.",
        article_3="Chánh Văn phòng và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành.",
        signer=user,
        signer_title="CHỦ TỊCH",
        created_by=user,
    )
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(
                decision=decision,
                nomination=n,
                order=i + 1,
                award_kind=kind,
                subject_kind="individual",
                subject_name=f"Cá nhân {n.person_id}",
                year=2025,
                amount=540_000,
            )
            for i, n in enumerate(decided)
        ],
        batch_size=BATCH,
    )
    out(f"  1 phiên họp ({len(items)} nội dung), 1 quyết định ({len(decided)} dòng)")
    return {"batch": 1, "session": session.pk, "decision": decision.pk}
