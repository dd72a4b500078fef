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
