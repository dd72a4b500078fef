"""Upload a launch document, review the extracted fields, save a draft campaign."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, LaunchDocument

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def _seed(name):
    return next(SEEDS.glob(f"{name}_*.txt")).read_bytes()


def test_upload_shows_every_extracted_field_for_review(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("phat-dong-2024.txt", _seed("003"), content_type="text/plain")
    html = client.post(
        reverse("campaigns:campaign-import"), {"step": "parse", "file": upload}
    ).content.decode()
    assert "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bứt phá" in html
    assert 'value="PD-UBND"' in html
    assert 'value="Vi Nông Trường"' in html
    assert 'value="3.130,5"' in html  # the first target, in Vietnamese notation
    assert 'name="targets-TOTAL_FORMS" value="24"' in html  # 23 targets + 1 empty row
    assert not Campaign.objects.exists()


def test_reviewed_import_saves_campaign_document_and_targets(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    data = {
        "step": "save",
        "campaign-title": "Phong trào thi đua năm 2024",
        "campaign-kind": "regular",
        "campaign-year": "2024",
        "campaign-launching_unit": jurisdiction.district.pk,
        "campaign-theme": "Siết chặt kỷ cương",
        "campaign-period_end": "31/12/2024",
        "campaign-award_forms": "Giấy khen\nBằng khen",
        "document-doc_type": "phat_dong",
        "document-symbol": "PD-UBND",
        "document-place": "Chi Lăng",
        "document-signer_name": "Vi Nông Trường",
        "document-recipients": "Hội đồng TĐKT tỉnh\nSở Nội vụ",
        "document-report_deadlines": "05/12 hằng năm",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Tổng sản phẩm trên địa bàn",
        "targets-0-value": "3.130,5",
        "targets-0-unit_of_measure": "tỷ đồng",
        "targets-0-direction": "reach",
        "targets-0-group": "economic",
        "targets-1-name": "",
        "targets-1-direction": "reach",
        "targets-1-group": "economic",
    }
    response = client.post(reverse("campaigns:campaign-import"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.award_forms == ["Giấy khen", "Bằng khen"]
    doc = LaunchDocument.objects.get(campaign=campaign)
    assert doc.recipients == ["Hội đồng TĐKT tỉnh", "Sở Nội vụ"]
    assert doc.report_deadlines == [{"day": 5, "month": 12, "recurring": "yearly"}]
    assert campaign.targets.get().value == Decimal("3130.5")


def test_review_errors_keep_every_field(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    data = {
        "step": "save",
        "campaign-title": "Phong trào X",
        "campaign-kind": "regular",
        "campaign-year": "2024",
        "campaign-launching_unit": jurisdiction.district.pk,
        "document-doc_type": "ke_hoach",
        "document-signer_name": "Sùng Lữ Páo",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Thu ngân sách",
        "targets-0-value": "-12",
        "targets-0-unit_of_measure": "tỷ đồng",
        "targets-0-direction": "reach",
        "targets-0-group": "economic",
    }
    html = client.post(reverse("campaigns:campaign-import"), data).content.decode()
    assert "Giá trị không được âm." in html
    assert 'value="Sùng Lữ Páo"' in html
    assert 'value="Thu ngân sách"' in html
    assert not Campaign.objects.exists()


def test_renamed_executable_is_refused(client, secretariat):
    client.force_login(secretariat)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    html = client.post(reverse("campaigns:campaign-import"), {"step": "parse", "file": fake}).content.decode()
    assert "Nội dung tệp ke-hoach.pdf không phải là tệp .pdf hợp lệ." in html
    assert not Campaign.objects.exists()


def test_import_denied_to_unit_head(client, unit_head_a):
    client.force_login(unit_head_a)
    assert (
        client.post(reverse("campaigns:campaign-import"), {"step": "parse", "text": "x"}).status_code == 404
    )
