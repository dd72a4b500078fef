"""An issued document is open to the units it is addressed to, for their own lines (issue 10
item 3); a unit it is not addressed to gets 404. Decided in documents/permissions.py."""

from datetime import date

import pytest
from django.urls import reverse

from documents.models import DocumentAddressee
from nominations import services
from nominations.tests.test_decisions import _draft, approved, media  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_decision(approved):  # noqa: F811
    world, noms, session = approved
    decision = services.decision_issue(by=world.chair, decision=_draft(world, noms, session))
    return world, decision.document


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_a_decision_is_addressed_to_the_units_whose_nominees_it_lists(issued_decision):
    world, document = issued_decision
    rows = list(DocumentAddressee.objects.filter(document=document))
    assert [r.unit_id for r in rows] == [world.commune.pk]
    assert len(rows[0].lines) == 4  # its four awardees, as in the annex
    assert all("Giấy khen" in line for line in rows[0].lines)
    assert any("đồng" in line for line in rows[0].lines)


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_the_addressed_units_head_opens_reads_its_lines_and_downloads(client, issued_decision):
    world, document = issued_decision
    client.force_login(world.head)
    html = client.get(document.get_absolute_url()).content.decode()
    assert document.symbol in html
    assert "Nội dung liên quan đến đơn vị của bạn" in html
    for line in DocumentAddressee.objects.get(document=document).lines:
        assert line in html
    assert "In trên phôi" not in html  # printing on blanks stays with the issuer
    download = client.get(reverse("documents:issued-download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    listing = client.get(reverse("documents:issued-list")).content.decode()
    assert document.symbol in listing


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_a_unit_it_is_not_addressed_to_gets_404(client, issued_decision):
    world, document = issued_decision
    client.force_login(world.head2)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:issued-download", args=[document.pk])).status_code == 404
    assert document.symbol not in client.get(reverse("documents:issued-list")).content.decode()


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_the_issuer_side_sees_no_own_lines_box_and_may_print_blanks(client, issued_decision):
    world, document = issued_decision
    client.force_login(world.secretariat)
    html = client.get(document.get_absolute_url()).content.decode()
    assert document.symbol in html
    assert "Nội dung liên quan đến đơn vị của bạn" not in html
    cert_doc = document.__class__.objects.filter(doc_type="giay_khen").first()
    assert not DocumentAddressee.objects.filter(document=cert_doc).exists()  # the decision is addressed
    client.force_login(world.head)
    assert client.get(reverse("documents:certificate-blank", args=[cert_doc.pk])).status_code == 404


def test_explicit_addressees_and_campaign_participants(jurisdiction, secretariat):
    from documents.issuers import issuer_kwargs, issuing_body_for
    from documents.services import document_issue

    j = jurisdiction
    kw = {**issuer_kwargs(issuing_body_for(j.district)), "signer_name": "Chủ tịch"}
    doc = document_issue(
        by=secretariat, doc_type="cong_van", date=date(2026, 3, 16), subject="đôn đốc báo cáo",
        drafting_unit_code="NV", context={"paragraphs": ["Đề nghị gửi báo cáo."]},
        addressees=[j.commune_b.pk], **kw,
    )  # fmt: skip
    assert list(doc.addressees.values_list("unit_id", flat=True)) == [j.commune_b.pk]
