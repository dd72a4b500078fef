"""What a chair signs: Điều 1/2/3 per award kind, the right object per kind, the signature block
from the signing capacity (issue 11). Tests read the issued PDFs' text."""

import io
from datetime import date

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.tests.factories import HouseholdFactory, UnitFactory, UserFactory, grant, kind
from core.roles import Role
from documents.models import IssuedDocument
from nominations import services
from nominations.tests.test_decisions import approve_all
from nominations.tests.workflow_helpers import OVERRIDE, World, docx, pdf

# Decisions dated 15/01/2026 on achievements of 2025: pinned after both.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16 09:00:00+07:00")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(file) -> str:
    with file.open("rb") as fh:
        data = fh.read()
    return "\n".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def _approved(world, specs):
    """specs: [(award code, subject kwargs)] in one batch of year 2025."""
    batch = services.batch_create(
        by=world.head, unit=world.commune, title="Tờ trình", year=2025, occasion="regular"
    )
    for t in ("submission", "minutes"):
        services.dossier_document_add(by=world.head, batch=batch, document_type=t, upload=pdf())
    noms = []
    for code, subject in specs:
        n = services.nomination_add(by=world.head, batch=batch, award_kind=kind(code), **subject)
        services.dossier_document_add(
            by=world.head, batch=batch, nomination=n, document_type="achievement_report", upload=docx()
        )
        if code == "grassroots_fighter":
            services.dossier_document_add(
                by=world.head,
                batch=batch,
                nomination=n,
                document_type="initiative_certification",
                upload=pdf(),
            )
        noms.append(n)
    services.batch_submit(by=world.head, batch=batch)
    for n in noms:
        # The test world keeps no history (no task ratings): the verdict fails, so the council
        # receives each nominee with a recorded override reason.
        services.nomination_appraise(
            by=world.secretariat, nomination=n, accept=True, override_reason=OVERRIDE
        )
    session = approve_all(world, noms)
    return noms, session


def _decision(world, noms, session, *, signer=None, signer_title="Chủ tịch"):
    return services.decision_create(
        by=world.secretariat,
        unit=world.district,
        title="Về việc khen thưởng năm 2025",
        decision_date=date(2026, 1, 15),
        nominations=noms,
        signer=signer or world.chair,
        signer_title=signer_title,
        session=session,
    )


@pytest.fixture
def mixed():
    world = World()
    p1, p2, p3 = world.people
    specs = [
        ("advanced_worker", {"person": p1}),
        ("advanced_worker", {"person": p2}),
        ("grassroots_fighter", {"person": p1}),
        ("advanced_collective", {"collective": world.commune}),
        ("certificate_of_merit", {"person": p3}),
        (
            "certificate_of_merit",
            {"collective": UnitFactory(name="Trường Tiểu học Một", parent=world.commune)},
        ),
    ]
    noms, session = _approved(world, specs)
    return world, noms, session


def test_article_1_names_each_award_with_counts_and_annex(mixed):
    world, noms, session = mixed
    decision = _decision(world, noms, session)
    a1 = decision.article_1
    assert "Tặng Về việc" not in a1
    assert "Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân năm 2025" in a1
    assert "Công nhận danh hiệu “Chiến sĩ thi đua cơ sở” cho 01 cá nhân năm 2025" in a1
    assert "Công nhận danh hiệu “Tập thể lao động tiên tiến” cho 01 tập thể năm 2025" in a1
    assert (
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Thử cho 01 tập thể, 01 cá nhân đã có thành tích"
        in a1
    )
    assert a1.count("có danh sách kèm theo") == 4

    decision = services.decision_issue(by=world.chair, decision=decision)
    text = flat(pdf_text(decision.document.file))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THỬ" in text
    assert "Điều 1." in text
    assert (
        "1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân năm 2025 (có danh sách kèm theo, mục I);"
        in text
    )
    assert (
        "2. Công nhận danh hiệu “Chiến sĩ thi đua cơ sở” cho 01 cá nhân năm 2025 "
        "(có danh sách kèm theo, mục II);" in text
    )
    assert "3. Công nhận danh hiệu “Tập thể lao động tiên tiến” cho 01 tập thể năm 2025" in text
    assert "4. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Thử cho 01 tập thể, 01 cá nhân" in text
    # Điều 2: money of the rule set on the decision date (ND 152), per award and subject, total in words
    assert "Nghị định số 152/2025/NĐ-CP" in text
    assert "Danh hiệu “Lao động tiên tiến”: cá nhân 702.000 đồng/người" in text
    assert "Danh hiệu “Chiến sĩ thi đua cơ sở”: cá nhân 2.340.000 đồng/người" in text
    assert "Giấy khen: tập thể 1.404.000 đồng/tập thể, cá nhân 702.000 đồng/người" in text
    total = (
        702_000 * 2
        + 2_340_000
        + decision.lines.get(award_kind__code="advanced_collective").amount
        + 1_404_000
        + 702_000
    )
    assert f"Tổng số tiền: {total:,}".replace(",", ".") in text
    assert "bằng chữ:" in text
    # Điều 3 executing bodies; annex sections per kind; the chair's own power -> no "TM."
    assert "Chánh Văn phòng HĐND và UBND huyện Thử" in text
    assert "I. DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in text
    assert "IV. GIẤY KHEN" in text
    assert "TM." not in text
    assert "Lưu: VT" in text


def test_only_kinds_with_a_printed_object_get_one(mixed):
    world, noms, session = mixed
    decision = services.decision_issue(by=world.chair, decision=_decision(world, noms, session))
    lines = {
        (line.award_kind.code, line.subject_name): line
        for line in decision.lines.select_related("award_kind")
    }
    by_code = {}
    for (code, _name), line in lines.items():
        by_code.setdefault(code, []).append(line)
    assert all(line.certificate is None for line in by_code["advanced_worker"])
    assert all(line.certificate is None for line in by_code["advanced_collective"])
    gk = by_code["certificate_of_merit"]
    assert all(line.certificate and line.certificate.symbol.endswith("/GK-UBND") for line in gk)
    gk_text = flat(pdf_text(gk[0].certificate.file))
    assert "GIẤY KHEN" in gk_text
    assert "Đã có thành tích" in gk_text
    assert "Lao động tiên tiến" not in gk_text
    cstd = by_code["grassroots_fighter"][0].certificate
    assert cstd.symbol.endswith("/CN-UBND")
    assert cstd.symbol.startswith("01/")
    cstd_text = flat(pdf_text(cstd.file))
    assert "GIẤY CHỨNG NHẬN" in cstd_text
    assert "Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2025" in cstd_text
    assert "GIẤY KHEN" not in cstd_text
    batch = pdfplumber.open(io.BytesIO(decision.certificates_file.open("rb").read()))
    assert len(batch.pages) == 3


@pytest.mark.parametrize(
    ("title", "expected", "absent"),
    [
        ("Chủ tịch", ["CHỦ TỊCH"], ["KT.", "TM.", "Q. CHỦ TỊCH"]),
        ("Phó Chủ tịch UBND huyện", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["TM."]),
        ("Quyền Chủ tịch", ["Q. CHỦ TỊCH"], ["TM.", "KT."]),
    ],
)
def test_signature_block_follows_the_signing_capacity(title, expected, absent):
    world = World()
    noms, session = _approved(world, [("certificate_of_merit", {"person": world.people[0]})])
    decision = services.decision_issue(
        by=world.chair, decision=_decision(world, noms, session, signer_title=title)
    )
    text = pdf_text(decision.document.file)
    tail = flat(text.split("Nơi nhận", 1)[1].split("Phụ lục", 1)[0])
    for line in expected:
        assert line in tail
    for line in absent:
        assert line not in tail
    # the issued-document page shows the same block
    assert decision.document.signature_lines == expected
    cert_text = flat(pdf_text(decision.lines.get().certificate.file))
    for line in expected:
        assert line in cert_text


def test_signer_title_that_does_not_match_the_power_is_refused():
    world = World()
    noms, session = _approved(world, [("certificate_of_merit", {"person": world.people[0]})])
    decision = _decision(world, noms, session, signer_title="Chánh Văn phòng")
    with pytest.raises(ValidationError, match="không phù hợp"):
        services.decision_issue(by=world.chair, decision=decision)
    assert not IssuedDocument.objects.filter(doc_type="quyet_dinh").exists()


def test_cultural_family_line_creates_the_decision_without_money():
    world = World()
    hh = HouseholdFactory(village=world.commune)
    noms, session = _approved(
        world,
        [("cultural_family", {"household": hh}), ("certificate_of_merit", {"person": world.people[0]})],
    )
    decision = _decision(world, noms, session)
    assert decision.lines.get(award_kind__code="cultural_family").amount == 0
    assert "cultural_family" not in decision.article_1 + decision.article_2
    assert "Công nhận danh hiệu “Gia đình văn hóa” cho 01 hộ gia đình năm 2025" in decision.article_1
    assert "Danh hiệu “Gia đình văn hóa” không kèm theo tiền thưởng." in decision.article_2
    services.decision_issue(by=world.chair, decision=decision)


def test_issue_requires_the_chair_even_for_an_admin():
    world = World()
    noms, session = _approved(world, [("certificate_of_merit", {"person": world.people[0]})])
    decision = _decision(world, noms, session)
    admin = UserFactory()
    grant(admin, world.district, Role.ADMIN)
    with pytest.raises(ValidationError, match="Chỉ người ký"):
        services.decision_issue(by=admin, decision=decision)


def test_the_units_submission_is_generated_and_cited_with_the_minutes(mixed):
    from documents.pdfcheck import failures

    world, noms, session = mixed
    batch = noms[0].batch
    submission = IssuedDocument.objects.get(doc_type="to_trinh")
    assert submission.symbol == "01/TTr-UBND"
    assert submission.date == date(2026, 3, 16)
    with submission.file.open("rb") as fh:
        data = fh.read()
    assert failures(data) == []
    sub_text = flat(pdf_text(submission.file))
    assert "TỜ TRÌNH" in sub_text
    assert "Kính gửi: Chủ tịch UBND huyện Thử" in sub_text
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in sub_text
    assert submission.source == batch

    services.session_documents_issue(by=world.secretariat, session=session)
    session.refresh_from_db()
    decision = services.decision_issue(by=world.chair, decision=_decision(world, noms, session))
    text = flat(pdf_text(decision.document.file))
    assert (
        f"Xét đề nghị của UBND xã Một tại Tờ trình số 01/TTr-UBND ngày 16/03/2026; "
        f"của Hội đồng TĐKT huyện tại Biên bản số {session.minutes_document.symbol} ngày" in text
    )
    with decision.document.file.open("rb") as fh:
        assert failures(fh.read()) == []
    for line in decision.lines.exclude(certificate=None):
        with line.certificate.file.open("rb") as fh:
            assert failures(fh.read(), kind="certificate", page_size_mm=(297, 210)) == []


def test_minutes_name_chair_and_secretary_without_internal_marks(mixed):
    world, _noms, session = mixed
    session = services.session_documents_issue(by=world.secretariat, session=session)
    text = flat(pdf_text(session.minutes_document.file))
    assert "THƯ KÝ" in text
    assert world.secretariat.full_name in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in text
    assert "⚠" not in text
    assert "law.md" not in text
    assert "Lưu: VT," in text


def test_payment_list_for_finance_as_pdf_and_excel(mixed, client):
    from openpyxl import load_workbook

    world, noms, session = mixed
    decision = services.decision_issue(by=world.chair, decision=_decision(world, noms, session))
    client.force_login(world.secretariat)
    url = reverse("awards:decision-payment-list", args=[decision.pk, "pdf"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = flat(
        "\n".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(response.content)).pages)
    )
    total = sum(line.amount for line in decision.lines.all())
    assert "DANH SÁCH CHI THƯỞNG" in text
    assert f"Kèm theo Quyết định số {decision.number} ngày 15/01/2026" in text
    assert f"{total:,}".replace(",", ".") in text
    assert "Bằng chữ:" in text
    assert "đồng" in text
    assert "0,3 702.000" in text  # LĐTT: coefficient 0,3 x 2.340.000
    xlsx = client.get(reverse("awards:decision-payment-list", args=[decision.pk, "xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    assert values[0][0] == "DANH SÁCH CHI THƯỞNG"
    assert values[-1][1] == "Tổng cộng"
    assert values[-1][5] == total
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url).status_code in (302, 404)
