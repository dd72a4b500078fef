"""The campaign's own launch document goes through the documents engine and passes the checks."""

import subprocess

import pytest
from django.urls import reverse

from campaigns import services
from core.roles import Role
from documents.models import DocumentDraft
from documents.pdfcheck import failures
from documents.tests.helpers import submit_and_sign
from units.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_campaign_plan_issued_as_official_pdf(campaign, secretariat, jurisdiction, tmp_path):
    chair = UserFactory(username="chutich", full_name="Sùng Lữ Páo")
    RoleGrantFactory(user=chair, unit=jurisdiction.district, role=Role.CHAIR)
    campaign.theme = "Đoàn kết, trách nhiệm, sáng tạo"
    campaign.award_forms = ["Giấy khen của Chủ tịch UBND huyện"]
    campaign.save()
    body = (
        "Phát động phong trào thi đua sâu rộng trong các cơ quan, đơn vị, tạo khí thế thi đua sôi nổi, "
        "hoàn thành xuất sắc nhiệm vụ chính trị được giao. "
    ) * 4
    for i, heading in enumerate(["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA"], start=1):
        campaign.sections.create(order=i, heading=heading, body=body)
    draft = services.campaign_launch_document_draft(campaign=campaign, by=secretariat)
    doc = submit_and_sign(draft=draft, secretariat=secretariat, signer=chair)
    data = doc.file.read()
    assert failures(data) == []
    path = tmp_path / "kh.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "KẾ HOẠCH" in text
    assert "Số: 01/KH-UBND" in text
    assert "Tam Đường, ngày" in text
    assert "3.130,5 tỷ đồng" in text
    assert "Sùng Lữ Páo" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


def test_document_draft_action_denied_to_unit_head(client, campaign, unit_head_a, secretariat):
    url = reverse("campaigns:campaign-document-draft", args=[campaign.pk])
    client.force_login(unit_head_a)
    assert client.post(url).status_code == 404
    assert not DocumentDraft.objects.exists()
    client.force_login(secretariat)
    response = client.post(url)
    draft = DocumentDraft.objects.get()
    assert response.url == reverse("documents:draft-detail", args=[draft.pk])


def test_one_launch_document_reopened_then_not_offered_after_issue(
    client, campaign, secretariat, jurisdiction
):
    chair = UserFactory(username="chutich", full_name="Sùng Lữ Páo")
    RoleGrantFactory(user=chair, unit=jurisdiction.district, role=Role.CHAIR)
    url = reverse("campaigns:campaign-document-draft", args=[campaign.pk])
    client.force_login(secretariat)
    client.post(url)
    client.post(url)
    draft = DocumentDraft.objects.get()  # the second click reopens the same draft
    document = submit_and_sign(draft=draft, secretariat=secretariat, signer=chair)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Soạn văn bản phát động" not in page
    assert f"Văn bản phát động số {document.symbol}" in page
    client.post(url)
    assert DocumentDraft.objects.count() == 1
