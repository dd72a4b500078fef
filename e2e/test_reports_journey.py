"""A unit head reports figures and sees the ratio to targets; the secretariat's tracker shows it."""

import pytest
from django.utils import timezone

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.browser


def test_unit_head_reports_and_tracker_shows_it(page, demo_site):
    from reports.models import ReportRound, ReportSubmission

    year = timezone.localdate().year
    rnd = ReportRound.objects.get(title=f"Báo cáo tổng kết năm {year}")
    target = rnd.campaign.targets.order_by("order", "pk").first()
    assert (target.value, target.direction) == (120, "reach")
    base = demo_site.url

    login(page, base, "truongdonvi", DEMO_PASSWORD)
    page.get_by_role("link", name="Báo cáo của đơn vị").click()
    row = page.locator("[data-my-rounds] tr", has_text=rnd.title)
    assert "còn" in row.inner_text()
    row.get_by_role("link", name="Nhập báo cáo").click()
    # Bình Lư's own target is 12 tỷ (giao riêng in the demo), not the district's 120.
    page.get_by_label(f"{target.name} ({target.unit_of_measure})").fill("13")
    page.get_by_label("Nội dung báo cáo").fill("Năm nay xã hoàn thành vượt chỉ tiêu thu ngân sách.")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state("networkidle")
    results = page.locator("[data-results] tr", has_text=target.name)
    assert "Đạt (108,3%)" in results.inner_text()
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.wait_for_load_state("networkidle")
    assert "Đã nộp báo cáo đúng hạn." in page.content()
    assert "Đạt (108,3%)" in page.locator("[data-results]").inner_text()
    sub = ReportSubmission.objects.get(round=rnd, unit__name="Ủy ban nhân dân xã Bình Lư")
    assert (sub.status, sub.is_late) == ("submitted", False)

    page.context.clear_cookies()
    login(page, base, "noivu", DEMO_PASSWORD)
    page.get_by_role("link", name="Kỳ báo cáo").click()
    page.get_by_role("link", name="Theo dõi nộp báo cáo").first.click()
    page.get_by_label("Kỳ báo cáo").select_option(str(rnd.pk))
    # The tracker shows a page of units; the secretariat narrows it to the reports sent on time.
    page.get_by_label("Tình trạng").select_option("on_time")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("networkidle")
    tracker_row = page.locator("[data-tracker] tr", has_text="Ủy ban nhân dân xã Bình Lư")
    assert "Đã nộp đúng hạn" in tracker_row.inner_text()
    on_time = page.locator('[data-tracker-counts] [data-state="on_time"]')
    assert on_time.inner_text().strip().endswith("1")
