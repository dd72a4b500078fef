"""Demo data of the nomination workflow (idempotent).

- Hội đồng Thi đua - Khen thưởng huyện Tam Đường: chaired by `chutich`, with `hoidong` and six
  generated members (`hoidong2` … `hoidong7`, password as every demo login). In the 2026 world it
  is history (the district ended on 30/06/2025).
- 2026 world (`load_2026`): each new commune's council (level commune), chaired by its chair. In
  xã Tam Đường, Trường Tiểu học Bình Lư's batch for last year's achievements: Lao động tiên tiến,
  Chiến sĩ thi đua cơ sở, Giấy khen of the commune chair and Tập thể lao động tiên tiến were
  appraised and approved by the council's ballot, waiting for the chair's decision; a Chiến sĩ
  thi đua cấp tỉnh was appraised with "trình cấp tỉnh" (the commune cannot decide it) and waits
  to be sent to the province.
"""

from datetime import date

from django.contrib.auth import get_user_model

from awards.models import LevelCode
from core.roles import Role
from nominations.models import Council
from nominations.services import council_create
from units.demo import DEMO_PASSWORD
from units.models import RoleGrant, Unit

COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng huyện Tam Đường"
EXTRA_MEMBERS = [
    ("hoidong2", "Lò Văn Thành"),
    ("hoidong3", "Phạm Thị Lan"),
    ("hoidong4", "Tẩn Láo Lở"),
    ("hoidong5", "Đỗ Minh Tuấn"),
    ("hoidong6", "Vàng Thị Mỷ"),
    ("hoidong7", "Chu Văn Hải"),
]


def _user(username: str, full_name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def build_council(district: Unit) -> Council:
    User = get_user_model()
    chair = User.objects.get(username="chutich")
    members = [User.objects.get(username="hoidong")]
    for username, name in EXTRA_MEMBERS:
        user = _user(username, name)
        RoleGrant.objects.get_or_create(
            user=user, unit=district, role=Role.COUNCIL_MEMBER, valid_from=date(2024, 1, 1)
        )
        members.append(user)
    council = Council.objects.filter(name=COUNCIL_NAME, unit=district).first()
    if council is None:
        council = council_create(
            by=User.objects.get(username="noivu"),
            name=COUNCIL_NAME,
            unit=district,
            level=LevelCode.DISTRICT,
            chair=chair,
            members=members,
        )
    return council


def load(*, stdout, two_level: bool = False, today: date, world: str = "2026") -> dict:
    """Create the district's council (idempotent); `today` is the load date (unused: the council
    has no dates of its own). Returns {"council": Council}, or {} once the 2026 world's reform is
    applied (the history is not rebuilt)."""
    from units import demo as units_demo

    if world == units_demo.WORLD_2026 and units_demo.reform_done():
        return {}
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    council = build_council(district)
    stdout.write(f"  nominations: {council.name} ({council.members.count()} thành viên)")
    return {"council": council}


# --- The 2026 world ----------------------------------------------------------------------------
COUNCILS_2026 = [
    # commune index, secretariat, chair, members
    (
        0,
        "vanphong_tamduong",
        "chutich_tamduong",
        ["hoidong_tamduong", "hoidong_tamduong2", "hoidong_tamduong3"],
    ),
    (1, "vanphong_khunha", "chutich_khunha", ["hoidong_khunha"]),
]
BATCH_TITLE = "Tờ trình đề nghị khen thưởng năm {year} của Trường Tiểu học Bình Lư"
# Why the office proposes a nominee whose verdict fails (the demo's history is partial).
OVERRIDE = "Thành tích nổi bật trong năm học, đơn vị đã bình xét (minh họa)."


def _blank_pdf() -> bytes:
    """A one-page blank A4 PDF (the demo's stand-in for a scanned dossier document)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def load_2026(*, stdout, today: date) -> dict:
    """The communes' councils and xã Tam Đường's demo batch (idempotent; see the module docstring).

    Returns {"councils": [Council, …], "batch": NominationBatch}."""
    from units import demo as units_demo

    User = get_user_model()
    communes = units_demo.communes_2026()
    councils = []
    for idx, secretariat, chair, members in COUNCILS_2026:
        commune = communes[idx]
        place = commune.name.removeprefix("Ủy ban nhân dân ")
        name = f"Hội đồng Thi đua - Khen thưởng {place}"
        council = Council.objects.filter(name=name, unit=commune).first()
        if council is None:
            council = council_create(
                by=User.objects.get(username=secretariat),
                name=name,
                unit=commune,
                level=LevelCode.COMMUNE,
                chair=User.objects.get(username=chair),
                members=list(User.objects.filter(username__in=members)),
            )
        councils.append(council)
    batch = _batch_2026(councils[0], today)
    stdout.write(f"  nominations 2026: {len(councils)} hội đồng cấp xã; tờ trình “{batch.title}”")
    return {"councils": councils, "batch": batch}


def _batch_2026(council: Council, today: date):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.models import AwardKind
    from nominations import services
    from nominations.models import NominationBatch
    from units.models import Person

    User = get_user_model()
    year = today.year - 1
    title = BATCH_TITLE.format(year=year)
    existing = NominationBatch.objects.filter(title=title).first()
    if existing is not None:
        return existing
    head = User.objects.get(username="hieutruong")
    office = User.objects.get(username="vanphong_tamduong")
    school = Unit.objects.get(name="Trường Tiểu học Bình Lư", kind=Unit.Kind.SCHOOL)
    people = list(Person.objects.filter(unit=school, user__isnull=True).order_by("pk")[:5])
    kinds = {k.code: k for k in AwardKind.objects.all()}
    batch = services.batch_create(by=head, unit=school, title=title, year=year)
    plan = [
        ("advanced_worker", people[1], None),
        ("advanced_worker", people[2], None),
        ("grassroots_fighter", people[0], None),
        ("certificate_of_merit", people[3], None),
        ("advanced_collective", None, school),
        ("provincial_fighter", people[4], None),
    ]
    noms = [
        services.nomination_add(by=head, batch=batch, award_kind=kinds[code], person=person, collective=unit)
        for code, person, unit in plan
    ]
    pdf = _blank_pdf()
    for missing in services.batch_check(batch).missing:
        services.dossier_document_add(
            by=head,
            batch=batch,
            nomination=missing.nomination,
            document_type=missing.document_type,
            upload=SimpleUploadedFile("ho-so.pdf", pdf, content_type="application/pdf"),
        )
    services.batch_submit(by=head, batch=batch)
    verdicts = services.batch_verdicts(batch)
    for n in noms:
        n.refresh_from_db()
        eligible = verdicts[n.pk].eligible
        services.nomination_appraise(
            by=office,
            nomination=n,
            accept=True,
            note="Đủ hồ sơ.",
            override_reason="" if eligible else OVERRIDE,
            verdict=verdicts[n.pk],  # the whole batch's verdict (its Advanced Workers count as pending)
        )
    # The council reviews what the commune decides; the provincial title goes up ("trình cấp tỉnh").
    commune_level = [n for n in noms if n.award_kind.code != "provincial_fighter"]
    session = services.session_create(
        by=office, council=council, title=f"Phiên họp xét khen thưởng năm {year}", meeting_date=today
    )
    services.agenda_add(by=office, session=session, nominations=commune_level)
    members = list(council.members.all())
    services.session_open(by=office, session=session, attendees=members)
    services.ballot_open(by=office, session=session)
    for item in session.items.all():
        for m in members:
            services.ballot_cast(by=m, item=item, choice="yes")
    services.ballot_close(by=office, session=session)
    return batch
