"""A unit head registers for the launched demo campaign; the secretariat approves it."""

import pytest

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_unit_head_registers_and_secretariat_approves(page, demo_site):
    from campaigns.models import Campaign, Registration

    campaign = Campaign.objects.get(status=Campaign.Status.LAUNCHED)
    base = demo_site.url

    login(page, base, "truongdonvi", DEMO_PASSWORD)
    page.get_by_role("link", name="Đăng ký thi đua").first.click()
    page.get_by_role("link", name=campaign.title).first.click()
    page.get_by_role("link", name="Đăng ký thi đua").last.click()
    page.get_by_role("link", name="Mở bản đăng ký thi đua").click()
    page.get_by_label("Danh hiệu tập thể đăng ký").select_option("advanced_collective")
    first_target = campaign.targets.order_by("order", "pk").first()
    page.get_by_label(f"{first_target.name} ({first_target.unit_of_measure})").fill("125,5")
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.wait_for_load_state("networkidle")
    assert "Đã gửi bản đăng ký thi đua." in page.content()
    reg = Registration.objects.get(campaign=campaign, unit__name="Ủy ban nhân dân xã Bình Lư")
    assert reg.status == Registration.Status.SUBMITTED
    assert str(reg.commitments.get(target=first_target).value.normalize()) == "125.5"

    page.context.clear_cookies()
    login(page, base, "noivu", DEMO_PASSWORD)
    page.goto(f"{base}/phong-trao/{campaign.pk}/?tab=registrations")
    row = page.locator("[data-registration-tracker] tr", has_text="Ủy ban nhân dân xã Bình Lư")
    assert "Đã gửi" in row.inner_text()
    row.get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Duyệt").click()
    page.wait_for_load_state("networkidle")
    assert "Đã duyệt bản đăng ký." in page.content()
    reg.refresh_from_db()
    assert reg.status == Registration.Status.APPROVED
