"""Closed campaigns are not offered; deadlines plausible; originals served to those who may see them;
campaign titles in lists carry the year and the full title on hover."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.models import Campaign, LaunchDocument
from campaigns.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_closed_campaign_not_offered_for_registration(client, launched, unit_head_a):
    client.force_login(unit_head_a)
    url = reverse("campaigns:campaign-detail", args=[launched.pk])
    html = client.get(url + "?tab=registrations").content.decode()
    assert "Mở bản đăng ký thi đua" in html
    Campaign.objects.filter(pk=launched.pk).update(status=Campaign.Status.FINAL_REVIEW)
    html = client.get(url + "?tab=registrations").content.decode()
    assert "Mở bản đăng ký thi đua" not in html
    assert "Phong trào không còn nhận đăng ký thi đua." in html
    html = client.get(reverse("campaigns:my-campaigns")).content.decode()
    assert "Đăng ký ngay" not in html
    assert "Không nhận đăng ký" in html


def test_registration_deadline_after_campaign_end_refused(jurisdiction):
    c = CampaignFactory(
        launching_unit=jurisdiction.district,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        registration_deadline=date(2027, 1, 15),
    )
    with pytest.raises(ValidationError, match="phải trước ngày kết thúc phong trào"):
        c.full_clean()


def test_original_file_served_to_viewers_only(client, launched, secretariat, no_role_user):
    doc = LaunchDocument.objects.create(campaign=launched, doc_type="chi_thi", original_name="Chỉ thị 05.pdf")
    doc.original_file.save("x.pdf", ContentFile(b"%PDF-1.4 goc"))
    url = reverse("campaigns:document-original", args=[launched.pk, doc.pk])
    client.force_login(secretariat)
    html = client.get(
        reverse("campaigns:campaign-detail", args=[launched.pk]) + "?tab=documents"
    ).content.decode()
    assert url in html
    assert "/media/" not in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 goc"
    client.force_login(no_role_user)
    assert client.get(url).status_code in (403, 404)


def test_long_titles_in_lists_show_year_and_full_title_on_hover(client, jurisdiction, secretariat):
    title = (
        "Phong trào thi đua “Chung tay xây dựng nông thôn mới, đô thị văn minh” giai đoạn "
        "đẩy mạnh phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi huyện Tam Đường"
    )
    c = CampaignFactory(launching_unit=jurisdiction.district, title=title, year=2025)
    assert c.display_title.endswith("(2025)")
    client.force_login(secretariat)
    html = client.get(reverse("campaigns:campaign-list") + "?year=2025").content.decode()
    assert f'title="{title}"' in html.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&quot;", '"')
    assert "(2025)" in html


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_unit_prints_its_registration_as_pdf(
    client, launched, jurisdiction, unit_head_a, unit_head_b, tmp_path
):
    import subprocess
    from decimal import Decimal

    from campaigns import services
    from campaigns.models import Commitment

    reg = services.registration_start(campaign=launched, unit=jurisdiction.commune_a, by=unit_head_a)
    reg.collective_title = "advanced_collective"
    reg.pledge = "Hoàn thành vượt mức các chỉ tiêu được giao."
    reg.save()
    Commitment.objects.create(
        registration=reg, target=launched.targets.get(name="Thu ngân sách"), value=Decimal("160")
    )
    services.registration_submit(registration=reg, by=unit_head_a)
    client.force_login(unit_head_a)
    response = client.get(reverse("campaigns:registration-pdf", args=[reg.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "dk.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "BẢN ĐĂNG KÝ THI ĐUA" in text
    assert "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ" in text
    assert f"Kính gửi: {launched.launching_unit.name}" in text
    assert "Tập thể lao động tiên tiến" in text
    assert "Bình Lư, ngày 16 tháng 3 năm 2026" in text
    assert "BẢN NHÁP" not in text
    client.force_login(unit_head_b)
    assert client.get(reverse("campaigns:registration-pdf", args=[reg.pk])).status_code == 404
