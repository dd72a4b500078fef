"""A launch document the importer has never seen, in the browser: upload, review beside the
highlighted source, add a target row, save the draft campaign (issue 14)."""

from pathlib import Path

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.browser

PW = "thidua@2024"
CASES = Path(__file__).resolve().parent.parent / "campaigns" / "tests" / "fixtures" / "cases"


def test_import_review_add_row_and_save(page, demo_site):
    from campaigns.models import Campaign

    base = demo_site.url
    login(page, base, "noivu", PW)
    page.goto(f"{base}/phong-trao/tao-tu-van-ban/")
    page.locator("input[type=file]").set_input_files(str(CASES / "S8.txt"))
    page.get_by_role("button", name="Đọc văn bản").click()

    source = page.get_by_test_id("source-text")
    assert source.locator("mark[data-field='Số, ký hiệu']").inner_text() == "Số: 09/KH-UBND"
    assert source.locator("mark[data-field='Chỉ tiêu']").count() == 4
    assert page.locator("input[name='targets-1-name']").input_value() == "Tỷ lệ che phủ rừng"

    # the issuer (xã Hòa An) is not one of noivu's units: the launching unit is left to choose
    launching = page.locator("select[name='campaign-launching_unit']")
    assert launching.input_value() == ""
    launching.select_option(label="Ủy ban nhân dân huyện Tam Đường")
    page.get_by_role("button", name="Thêm dòng chỉ tiêu").click()
    page.locator("input[name='targets-5-name']").fill("Trồng mới rừng")
    page.locator("input[name='targets-5-value']").fill("12,5")
    page.locator("input[name='targets-5-unit_of_measure']").fill("ha")
    page.get_by_role("button", name="Lưu phong trào (dự thảo)").click()
    page.wait_for_load_state("networkidle")
    assert "Đã tạo phong trào (dự thảo) từ văn bản." in page.content()

    campaign = Campaign.objects.get(title="Phát động thi đua năm 2026")
    assert campaign.year == 2026
    assert campaign.launching_unit.name == "Ủy ban nhân dân huyện Tam Đường"
    names = list(campaign.targets.values_list("name", flat=True))
    assert len(names) == 5
    assert "Trồng mới rừng" in names
