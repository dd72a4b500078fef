"""Giấy khen: one issued document per certificate from one render; print-on-blank with calibration."""

import datetime
import hashlib
import io

import pdfplumber
import pytest
from django.urls import reverse

from documents.models import CertificateLayout, IssuedDocument
from documents.pdfcheck import check_pdf
from documents.samples import certificate_batch_context

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


@pytest.fixture
def certificates(secretariat):
    from documents.services import certificates_issue

    recipients = certificate_batch_context(5)
    return certificates_issue(
        by=secretariat,
        issuer_code="UBND",
        issuer_name="Ủy ban nhân dân huyện Tam Đường",
        date=datetime.date(2026, 1, 5),
        place="Tam Đường",
        signer_name="Sùng Lữ Páo",
        signer_title="Chủ tịch",
        authority="Chủ tịch Ủy ban nhân dân huyện Tam Đường",
        recipients=recipients,
    )


def test_each_certificate_is_an_issued_document_with_its_own_code(certificates):
    documents, batch = certificates
    assert [d.number for d in documents] == [1, 2, 3, 4, 5]
    assert len({d.verification_code for d in documents}) == 5
    with pdfplumber.open(io.BytesIO(batch)) as pdf:
        assert len(pdf.pages) == 5
    for document in documents:
        with document.file.open("rb") as f:
            data = f.read()
        assert hashlib.sha256(data).hexdigest() == document.sha256
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == 1
            text = pdf.pages[0].extract_text()
        assert document.context["recipient_name"] in text
        assert f"Mã xác minh: {document.verification_code}" in text
        assert [c.name for c in check_pdf(data, kind="certificate") if not c.ok] == []


def test_certificate_verification_page(client, certificates):
    document = certificates[0][0]
    html = client.get(reverse("documents:verify", args=[document.verification_code])).content.decode()
    assert "Giấy khen" in html
    assert document.symbol in html
    # Only what the paper's holder already knows: the holder's name by its initials (issue 15).
    name = document.context["recipient_name"]
    assert name not in html
    assert name.split()[-1] not in html
    initials = " ".join(f"{w[0]}." for w in name.split())
    assert f"Giấy khen tặng {initials}" in html


def _name_position(pdf: bytes, name: str) -> tuple[float, float]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        line = next(ln for ln in page.extract_text_lines() if name in ln["text"])
        return line["x0"], line["top"]


def test_blank_print_uses_calibrated_positions(client, secretariat, certificates):
    document = certificates[0][0]
    client.force_login(secretariat)
    url = reverse("documents:certificate-blank", args=[document.pk])
    default = client.get(url).content
    assert [c.name for c in check_pdf(default, kind="blank", page_size_mm=(297, 210)) if not c.ok] == []
    with pdfplumber.open(io.BytesIO(default)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "CỘNG HÒA" not in text  # the blank carries the printed frame: only variable text
    assert document.context["recipient_name"] in text
    CertificateLayout.objects.create(
        name="Phôi 2026, máy in phòng Nội vụ",
        offset_x_mm=2,
        offset_y_mm=1,
        positions={"recipient_name": {"dx": 10, "dy": -5}},
        is_default=True,
    )
    calibrated = client.get(url).content
    x0, top0 = _name_position(default, document.context["recipient_name"])
    x1, top1 = _name_position(calibrated, document.context["recipient_name"])
    assert abs((x1 - x0) - 12 * MM) < 0.5
    assert abs((top1 - top0) - (-4) * MM) < 0.5


def test_blank_print_is_for_certificates_and_staff_only(
    client, secretariat, unit_clerk, issue_kwargs, certificates
):
    from documents.services import document_issue

    decision = document_issue(by=secretariat, **issue_kwargs)
    client.force_login(secretariat)
    assert client.get(reverse("documents:certificate-blank", args=[decision.pk])).status_code == 404
    client.force_login(unit_clerk)
    cert = certificates[0][0]
    assert client.get(reverse("documents:certificate-blank", args=[cert.pk])).status_code == 404
    assert IssuedDocument.objects.count() == 6


def test_certificate_batch_draft_issues_one_document_per_certificate(client, secretariat, doc_signer):
    from documents.models import DocumentDraft
    from documents.services import draft_create

    draft = draft_create(
        by=secretariat,
        doc_type="giay_khen",
        title="Giấy khen phong trào nông thôn mới 2025",
        context={
            "authority": "Chủ tịch Ủy ban nhân dân huyện Tam Đường",
            "certificates": certificate_batch_context(3),
        },
        issue_kwargs={
            "issuer_code": "UBND",
            "issuer_name": "Ủy ban nhân dân huyện Tam Đường",
            "place": "Tam Đường",
            "signer_name": "Sùng Lữ Páo",
            "signer_title": "Chủ tịch",
            "subject": "Giấy khen",
            "date": "2026-01-05",
        },
    )
    client.force_login(secretariat)
    preview = client.get(reverse("documents:draft-pdf", args=[draft.pk]))
    with pdfplumber.open(io.BytesIO(preview.content)) as pdf:
        assert len(pdf.pages) == 3
    client.post(
        reverse("documents:draft-transition", args=[draft.pk, "submitted"]),
        {"signer": doc_signer.pk, "signer_title": "Chủ tịch"},
    )
    client.post(reverse("documents:draft-transition", args=[draft.pk, "issued"]), {"confirm": "on"})
    assert not IssuedDocument.objects.exists()  # the secretariat does not issue
    client.force_login(doc_signer)
    client.post(reverse("documents:draft-transition", args=[draft.pk, "issued"]), {"confirm": "on"})
    documents = list(IssuedDocument.objects.order_by("number"))
    assert [d.symbol for d in documents] == ["01/GK-UBND", "02/GK-UBND", "03/GK-UBND"]
    assert DocumentDraft.objects.get(pk=draft.pk).issued_document == documents[0]
