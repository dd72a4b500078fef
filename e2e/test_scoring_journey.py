"""The bloc head moves the demo scoring table to cross-scoring, scores, finalises and sees the ranking."""

import pytest
from django.utils import timezone

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.browser

CROSS = {
    "Phòng Nội vụ": ["29", "19,5", "18", "14", "14"],  # 94,5
    "Phòng Tài chính - Kế hoạch": ["27", "18", "19", "13,5", "15"],  # 92,5
    "Phòng Văn hóa - Thông tin": ["25", "18", "17", "14", "13"],  # 87
}


def test_bloc_head_cross_scores_and_finalises(page, demo_site):
    from scoring.models import ScoringTable

    year = timezone.localdate().year
    base = demo_site.url
    login(page, base, "truongkhoi", DEMO_PASSWORD)
    panel = page.locator('[data-role-panel="bloc_head"] li', has_text=f"Khối các cơ quan chuyên môn ({year})")
    panel.get_by_role("link", name="Bảng chấm điểm thi đua").click()
    page.wait_for_load_state("networkidle")
    assert "Các đơn vị đang tự chấm" in page.locator("[data-status]").inner_text()
    assert page.locator("[data-total-max]").inner_text() == "100"

    page.get_by_role("button", name="Chuyển sang chấm chéo").click()
    page.wait_for_load_state("networkidle")
    assert "Đã chuyển sang bước chấm chéo." in page.content()
    page.get_by_role("link", name="Chấm chéo các đơn vị").click()
    codes = ["I", "II", "III", "IV", "V"]
    for unit, points in CROSS.items():
        for code, value in zip(codes, points, strict=True):
            page.get_by_label(f"{unit} — {code}", exact=True).fill(value)
    page.get_by_label("Phòng Y tế — I", exact=True).fill("31")  # over the maximum of 30
    page.get_by_role("button", name="Lưu điểm chấm chéo").click()
    page.wait_for_load_state("networkidle")
    assert "Điểm 31 vượt quá điểm tối đa 30 của tiêu chí I." in page.content()
    assert page.get_by_label("Phòng Nội vụ — II", exact=True).input_value() == "19,5"
    page.get_by_label("Phòng Y tế — I", exact=True).fill("")
    page.get_by_role("button", name="Lưu điểm chấm chéo").click()
    page.wait_for_load_state("networkidle")
    assert "Đã lưu điểm chấm chéo." in page.content()

    page.get_by_role("link", name="Về bảng chấm điểm").click()
    page.get_by_role("button", name="Thông qua kết quả xếp hạng").click()
    page.wait_for_load_state("networkidle")
    assert "Đã thông qua kết quả xếp hạng." in page.content()
    page.get_by_role("link", name="Bảng xếp hạng").click()
    rows = page.locator("[data-ranking] tbody tr")
    first = rows.nth(0).inner_text()
    assert first.startswith("1")
    assert "Phòng Nội vụ" in first
    assert "94,5" in first
    assert "Phòng Tài chính - Kế hoạch" in rows.nth(1).inner_text()
    assert rows.nth(1).inner_text().startswith("2")
    assert "chưa chấm chéo" in rows.nth(3).inner_text()
    assert ScoringTable.objects.get().status == "final"
