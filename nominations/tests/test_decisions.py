from datetime import date

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardRecord
from awards.tests.factories import HouseholdFactory, UserFactory, grant, kind
from core.roles import Role
from nominations import services
from nominations.models import Decision, DecisionLine, Nomination
from nominations.tests.workflow_helpers import OVERRIDE, World, docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def approve_all(world, nominations):
    session = services.session_create(
        by=world.secretariat, council=world.council, title="Phiên", meeting_date=date.today()
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=nominations)
    members = list(world.council.members.all())
    services.session_open(by=world.secretariat, session=session, attendees=members)
    services.ballot_open(by=world.secretariat, session=session)
    for item in session.items.all():
        for m in members:
            services.ballot_cast(by=m, item=item, choice="yes")
    return services.ballot_close(by=world.secretariat, session=session, confirm_missing=True)


@pytest.fixture
def approved():
    """Two individuals, one household and one collective approved for a Giấy khen (year 2024)."""
    world = World()
    batch, noms = world.batch(year=2024)
    hh = HouseholdFactory(village=world.commune)
    noms.append(
        services.nomination_add(
            by=world.head, batch=batch, award_kind=kind("certificate_of_merit"), household=hh
        )
    )
    noms.append(
        services.nomination_add(
            by=world.head, batch=batch, award_kind=kind("certificate_of_merit"), collective=world.commune
        )
    )
    for n in noms[2:]:
        services.dossier_document_add(
            by=world.head, batch=batch, nomination=n, document_type="achievement_report", upload=docx()
        )
    services.batch_submit(by=world.head, batch=batch)
    for n in noms:
        services.nomination_appraise(
            by=world.secretariat, nomination=n, accept=True, override_reason=OVERRIDE
        )
    session = approve_all(world, noms)
    return world, noms, session


def _draft(world, noms, session, decision_date=date(2025, 8, 1)):
    return services.decision_create(
        by=world.secretariat,
        unit=world.district,
        title="Giấy khen năm 2024",
        decision_date=decision_date,
        nominations=noms,
        signer=world.chair,
        signer_title="Chủ tịch UBND huyện",
        session=session,
    )


def test_draft_lines_money_and_legal_bases_by_decision_date(approved):
    world, noms, session = approved
    decision = _draft(world, noms, session)
    amounts = {line.subject_kind: line.amount for line in decision.lines.all()}
    # ND 152/2025: Giấy khen 0.3 × 2,340,000; household 1.5×; collective 2× (catalogue)
    assert amounts == {"individual": 702_000, "household": 1_053_000, "collective": 1_404_000}
    assert decision.total_amount == 702_000 * 2 + 1_053_000 + 1_404_000
    assert decision.rule_set == "nd152_2025"
    assert any("152/2025" in b for b in decision.legal_bases)
    assert "danh sách kèm theo" in decision.article_1
    assert decision.status == Decision.Status.DRAFT
    assert decision.number == ""


def test_decision_before_reform_uses_nd98(approved):
    world, noms, session = approved
    decision = _draft(world, noms[:1], session, decision_date=date(2025, 3, 1))
    assert decision.rule_set == "nd98_2023"
    assert any("98/2023" in b for b in decision.legal_bases)
    # ND 98: Giấy khen 0.3 × 2,340,000 = 702,000 rounded up to tens of thousands
    assert decision.lines.get().amount == 710_000


def test_only_approved_nominees_once(approved):
    world, noms, session = approved
    _draft(world, noms[:1], session)
    with pytest.raises(ValidationError, match="đã có trong quyết định khác"):
        _draft(world, noms[:1], session)


def test_signer_must_be_chair_and_preparer_secretariat(approved):
    world, noms, _session = approved
    with pytest.raises(ValidationError, match="Chủ tịch"):
        services.decision_create(
            by=world.secretariat,
            unit=world.district,
            title="X",
            decision_date=date(2025, 8, 1),
            nominations=noms,
            signer=world.members[0],
            signer_title="Thành viên",
        )
    with pytest.raises(ValidationError, match="quyền"):
        services.decision_create(
            by=world.head,
            unit=world.district,
            title="X",
            decision_date=date(2025, 8, 1),
            nominations=noms,
            signer=world.chair,
            signer_title="Chủ tịch",
        )


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # annulment dates in 2025 are past
def test_issue_takes_number_renders_once_registers_and_certifies(approved):
    import io

    import pdfplumber

    from documents.models import IssuedDocument

    world, noms, session = approved
    decision = _draft(world, noms, session)
    with pytest.raises(ValidationError, match="Chỉ người ký"):
        services.decision_issue(by=world.secretariat, decision=decision)
    decision = services.decision_issue(by=world.chair, decision=decision)
    assert decision.status == Decision.Status.ISSUED
    assert decision.number == decision.document.symbol
    assert decision.number.endswith("/QĐ-UBND")
    text = "\n".join(p.extract_text() or "" for p in pdfplumber.open(decision.document.file.open("rb")).pages)
    assert "QUYẾT ĐỊNH" in text
    assert "Điều 1." in text
    assert "702.000" in text
    assert "152/2025" in text
    records = AwardRecord.objects.filter(decision_line__decision=decision)
    assert records.count() == 4
    assert set(records.values_list("decision_number", flat=True)) == {decision.number}
    lines = list(decision.lines.select_related("certificate"))
    assert all(line.certificate and line.certificate.doc_type == "giay_khen" for line in lines)
    batch = pdfplumber.open(io.BytesIO(decision.certificates_file.open("rb").read()))
    assert len(batch.pages) == 4
    assert IssuedDocument.objects.filter(doc_type="quyet_dinh").count() == 1
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.decision_issue(by=world.chair, decision=decision)
    assert IssuedDocument.objects.filter(doc_type="quyet_dinh").count() == 1
    # annulling a line annuls the register entry and the line's certificate (verification page)
    line = lines[0]
    services.decision_line_annul(
        by=world.secretariat,
        line=line,
        ground="false_achievement",
        decision_number="30/QĐ-UBND",
        decision_date=date(2025, 10, 1),
    )
    line.certificate.refresh_from_db()
    assert line.certificate.status == IssuedDocument.Status.ANNULLED


def test_session_minutes_and_count_report(approved):
    import pdfplumber

    world, _noms, session = approved
    session = services.session_documents_issue(by=world.secretariat, session=session)
    minutes = "\n".join(
        p.extract_text() or "" for p in pdfplumber.open(session.minutes_document.file.open("rb")).pages
    )
    count = "\n".join(
        p.extract_text() or "" for p in pdfplumber.open(session.count_document.file.open("rb")).pages
    )
    assert "BIÊN BẢN" in minutes
    assert "5/5 thành viên" in minutes
    assert "tán thành 5" in count
    assert "ĐẠT" in count
    assert session.minutes_document.symbol != session.count_document.symbol
    with pytest.raises(ValidationError, match="đã được phát hành"):
        services.session_documents_issue(by=world.secretariat, session=session)


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # annulment dates in 2025 are past
def test_register_side_of_issue_and_line_annulment(approved):
    world, noms, session = approved
    decision = _draft(world, noms, session)
    services.decision_record_issue(by=world.chair, decision=decision, number="15/QĐ-UBND")
    records = AwardRecord.objects.filter(decision_line__decision=decision)
    assert records.count() == 4
    assert set(records.values_list("decision_number", flat=True)) == {"15/QĐ-UBND"}
    assert {n.status for n in Nomination.objects.filter(pk__in=[n.pk for n in noms])} == {"decided"}
    with pytest.raises(ValidationError, match="không được sửa"):
        services.decision_update(by=world.secretariat, decision=decision, article_1="khác")
    line = DecisionLine.objects.get(nomination=noms[0])
    with pytest.raises(ValidationError, match="Căn cứ"):
        services.decision_line_annul(
            by=world.secretariat,
            line=line,
            ground="whim",
            decision_number="1/QĐ",
            decision_date=date(2025, 9, 1),
        )
    services.decision_line_annul(
        by=world.secretariat,
        line=line,
        ground="forged_documents",
        decision_number="20/QĐ-UBND",
        decision_date=date(2025, 9, 1),
    )
    record = AwardRecord.objects.get(decision_line=line)
    assert record.is_annulled
    assert record.annulment.ground == "forged_documents"
    noms[0].refresh_from_db()
    assert noms[0].status == Nomination.Status.ANNULLED
    assert AwardRecord.objects.in_force().filter(decision_line__decision=decision).count() == 3


def test_draft_can_be_edited(approved):
    world, noms, session = approved
    decision = _draft(world, noms, session)
    services.decision_update(
        by=world.secretariat,
        decision=decision,
        legal_bases=["Căn cứ A;", " ", "Căn cứ B;"],
        article_2="Điều hai.",
    )
    decision.refresh_from_db()
    assert decision.legal_bases == ["Căn cứ A;", "Căn cứ B;"]
    assert decision.article_2 == "Điều hai."
    outsider = UserFactory()
    grant(outsider, world.commune, Role.UNIT_HEAD)
    with pytest.raises(ValidationError, match="quyền"):
        services.decision_update(by=outsider, decision=decision, article_2="x")
