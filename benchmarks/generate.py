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


@dataclass
class ReportScale:
    """Report rounds at province scale (issue 17): rounds of 2026 campaigns addressed to every
    generated unit, with submissions in mixed states and figures against targets."""

    campaigns: int = 2
    rounds: int = 5
    reminded: int = 1  # overdue reminders per unit that has not reported in a past-deadline round

    @classmethod
    def small(cls) -> "ReportScale":
        return cls(campaigns=2, rounds=3)


#: (kind, title, opens, deadline) of the rounds, dealt round-robin to the campaigns; opening and
#: deadline in days from the day of generation: the first deadlines are past (units that have not
#: reported are overdue), the third falls within the cockpit's 14 days, the last is further ahead.
_ROUNDS = [
    ("interim", "Báo cáo sơ kết 6 tháng đầu năm", -150, -120),
    ("periodic", "Báo cáo kết quả 9 tháng", -60, -30),
    ("final", "Báo cáo tổng kết năm", -10, 10),
    ("interim", "Báo cáo sơ kết phong trào", -140, -110),
    ("final", "Báo cáo tổng kết phong trào", -5, 30),
]


@transaction.atomic
def generate_reports(scale: ReportScale, *, user, out=print) -> dict:
    """Report rounds on `scale.campaigns` campaigns of this year launched by the province, each
    round addressed to every generated unit (~1,500), with submissions in mixed states and figures.
    Dates are days from today (`_ROUNDS`), so the rounds are open whenever the bench runs:
    deterministic for a given day.

    In a past-deadline round 10% of the units have no report (overdue; one failed and the others
    sent overdue reminders), 5% a draft, 5% returned, 40% accepted and 40% submitted (a quarter of
    them late); in a round still open before its deadline 40% submitted, 10% drafts, the rest
    not started. Each reported submission carries one figure per target (two quantity targets,
    one assigned to every unit, and one rate in %). Deterministic; bulk_create.
    Also creates the unit head `bench-thutruong` of the first commune (unless present).
    `user`: the bench login (sends the reminders, decides). Returns {"rounds": [pk, ...],
    "campaigns": [pk, ...], "submission": pk of a submitted report, "unit_head": User}.
    """
    from datetime import datetime, time, timedelta
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from campaigns.models import TargetAssignment
    from reports.models import (
        ReminderDelivery,
        ReminderPolicy,
        ReportRound,
        ReportSubmission,
        SubmissionFigure,
    )

    ict = ZoneInfo("Asia/Ho_Chi_Minh")

    def at(day, hour=17):
        return datetime.combine(day, time(hour, 0), tzinfo=ict)

    now = timezone.now()
    today = timezone.localdate(now)
    year = today.year
    province = Unit.objects.get(pk=1)
    commune = Unit.objects.filter(depth=1, level__code="commune").order_by("pk").first()
    unit_ids = list(Unit.objects.order_by("path").values_list("pk", flat=True))
    top = Campaign.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    campaigns = [
        Campaign(
            pk=top + 1 + i,
            title=f"Phong trào thi đua chuyên đề số {i + 1} năm {year}",
            search_key=fold_diacritics(f"Phong trào thi đua chuyên đề số {i + 1} năm {year}"),
            year=year,
            launching_unit=province,
            status="launched",
            launched_at=at(today - timedelta(days=200), 9),
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        for i in range(scale.campaigns)
    ]
    Campaign.objects.bulk_create(campaigns)
    targets = {}
    for c in campaigns:
        targets[c.pk] = Target.objects.bulk_create(
            [
                Target(campaign=c, order=1, name="Thu ngân sách", unit_of_measure="tỷ đồng", value=100),
                Target(campaign=c, order=2, name="Số hộ thoát nghèo", unit_of_measure="hộ", value=2000),
                Target(
                    campaign=c,
                    order=3,
                    name="Tỷ lệ hộ gia đình văn hóa",
                    unit_of_measure="%",
                    value=Decimal("90"),
                    kind=Target.Kind.RATE,
                ),
            ]
        )
    TargetAssignment.objects.bulk_create(
        [TargetAssignment(target=targets[c.pk][1], unit_id=u, value=5) for c in campaigns for u in unit_ids],
        batch_size=BATCH,
    )

    top = ReportRound.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rounds = []
    for i in range(scale.rounds):
        kind, title, opens, deadline = _ROUNDS[i % len(_ROUNDS)]
        rounds.append(
            ReportRound(
                pk=top + 1 + i,
                campaign=campaigns[i % len(campaigns)],
                kind=kind,
                title=f"{title} {year}",
                opens_at=at(today + timedelta(days=opens), 7),
                deadline=at(today + timedelta(days=deadline)),
                created_by=user,
            )
        )
    ReportRound.objects.bulk_create(rounds)
    ReminderPolicy.objects.bulk_create([ReminderPolicy(round=r, days_before=[7, 1]) for r in rounds])
    through = ReportRound.units.through
    through.objects.bulk_create(
        [through(reportround_id=r.pk, unit_id=u) for r in rounds for u in unit_ids], batch_size=BATCH
    )

    S = ReportSubmission.Status
    subs, deliveries = [], []
    for r in rounds:
        past = r.deadline < now
        for i, unit_id in enumerate(unit_ids):
            k = (i * 7 + r.pk) % 20
            if past:
                status = (
                    None
                    if k < 2
                    else S.DRAFT
                    if k == 2
                    else S.RETURNED
                    if k == 3
                    else S.ACCEPTED
                    if k < 12
                    else S.RESUBMITTED
                    if k == 12
                    else S.SUBMITTED
                )
            else:
                status = S.SUBMITTED if k < 8 else S.DRAFT if k < 10 else None
            if unit_id == commune.pk:  # the unit head's own: a report returned, one being drafted
                status = S.RETURNED if past else S.DRAFT
            if status is None:
                if past:
                    deliveries += [
                        ReminderDelivery(
                            recipient=user,
                            round=r,
                            unit_id=unit_id,
                            kind=ReminderDelivery.Kind.OVERDUE,
                            due_date=timezone.localdate(r.deadline) + timedelta(days=1 + 3 * n),
                            status="failed" if i % 10 == 0 else "sent",
                            attempts=3 if i % 10 == 0 else 1,
                            last_error="Máy chủ thư từ chối" if i % 10 == 0 else "",
                            sent_at=None if i % 10 == 0 else r.deadline + timedelta(days=1 + 3 * n),
                            created_at=r.deadline + timedelta(days=1 + 3 * n),
                            channels="email,in_app",
                        )
                        for n in range(scale.reminded)
                    ]
                continue
            late = past and k % 4 == 0
            when = r.deadline + timedelta(days=2 if late else -2) if past else now - timedelta(days=1)
            sent = None if status == S.DRAFT else when + timedelta(hours=i % 5)
            decided = status in (S.ACCEPTED, S.RETURNED)
            subs.append(
                ReportSubmission(
                    round=r,
                    unit_id=unit_id,
                    status=status,
                    narrative="Đơn vị đã triển khai đầy đủ các nội dung của phong trào.",
                    submitted_at=sent,
                    first_submitted_at=sent,
                    submitted_by=None if sent is None else user,
                    is_late=late and sent is not None,
                    deadline_at_submission=None if sent is None else r.deadline,
                    decided_at=sent + timedelta(days=3) if decided else None,
                    decided_by=user if decided else None,
                    return_reason="Bổ sung số liệu thu ngân sách." if status == S.RETURNED else "",
                )
            )
    ReportSubmission.objects.bulk_create(subs, batch_size=BATCH)
    ReminderDelivery.objects.bulk_create(deliveries, batch_size=BATCH)
    rng = random.Random(17)  # noqa: S311 - generated test data
    figures = []
    for s in subs:
        if s.status == S.DRAFT:
            continue
        money, households, rate = targets[s.round.campaign_id]
        figures += [
            SubmissionFigure(submission=s, target=money, actual=Decimal(rng.randint(1, 40)) / 10),
            SubmissionFigure(submission=s, target=households, actual=rng.randint(0, 12)),
            SubmissionFigure(
                submission=s,
                target=rate,
                actual=Decimal(rng.randint(800, 1000)) / 10,
                base=rng.randint(50, 900),
            ),
        ]
    SubmissionFigure.objects.bulk_create(figures, batch_size=BATCH)
    out(
        f"  {len(rounds)} kỳ báo cáo × {len(unit_ids)} đơn vị, {len(subs)} báo cáo, "
        f"{len(figures)} số liệu, {len(deliveries)} lượt nhắc"
    )

    User = get_user_model()
    head, created = User.objects.get_or_create(username="bench-thutruong")
    if created:
        head.set_unusable_password()
        head.save()
        RoleGrant.objects.create(user=head, unit=commune, role=Role.UNIT_HEAD, valid_from=date(2020, 1, 1))
    submitted = next(s for s in subs if s.status == S.SUBMITTED)
    return {
        "rounds": [r.pk for r in rounds],
        "campaigns": [c.pk for c in campaigns],
        "submission": submitted.pk,
        "unit_head": head,
    }
