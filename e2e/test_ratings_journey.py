"""A unit head enters a year's ratings for 40 people: 20 in the grid with the keyboard (minutes
attached), 20 by filling the downloaded Excel grid; the secretariat sees the unit as entered, and
the eligibility engine reads the ratings."""

from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_unit_head_enters_forty_ratings_in_the_grid_and_by_excel(page, demo_site, tmp_path):
    from awards.eligibility import Nominee, evaluate_many
    from awards.histories import load_histories
    from awards.models import RatingSheet, TaskRating
    from awards.rules import load_rulebook
    from awards.services import rating_default_year
    from units.models import Person, Unit

    year = rating_default_year()
    commune = Unit.objects.get(name="Ủy ban nhân dân xã Bình Lư")
    school = Unit.objects.create(
        name="Trường Mầm non Hoa Ban", kind=Unit.Kind.SCHOOL, parent=commune, level=commune.level
    )
    people = [
        Person.objects.create(
            full_name=f"Lò Văn Thử {i:02d}", gender="male", unit=school, employed_since=date(2015, 1, 1)
        )
        for i in range(1, 41)
    ]
    base = demo_site.url
    login(page, base, "truongdonvi", DEMO_PASSWORD)
    page.get_by_role("link", name="Xếp loại cuối năm").click()
    page.locator(f'[data-unit="{school.pk}"]').get_by_role("link", name="Nhập xếp loại").click()
    page.wait_for_load_state("networkidle")
    assert f"Xếp loại mức độ hoàn thành nhiệm vụ năm {year}" in page.content()
    assert page.locator("[data-testid=rating-grid] tbody tr").count() == 40

    # Keyboard: from the first row's checked radio ("Chưa xếp loại"), two steps right is
    # "Hoàn thành tốt nhiệm vụ"; Tab goes to the next person. Row 1 gets "xuất sắc" (one step).
    page.get_by_label("Lò Văn Thử 01: Chưa xếp loại").focus()
    page.keyboard.press("ArrowRight")
    for _ in range(19):
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
    assert page.get_by_label("Lò Văn Thử 20: Hoàn thành tốt nhiệm vụ").is_checked()
    assert page.get_by_label("Lò Văn Thử 21: Chưa xếp loại").is_checked()
    minutes = tmp_path / "bien-ban-binh-xet.pdf"
    minutes.write_bytes(PDF)
    page.get_by_label("Biên bản họp bình xét (PDF, Word, ảnh)").set_input_files(str(minutes))
    meeting = min(date(year, 12, 20), timezone.localdate())
    page.get_by_label("Ngày họp bình xét").fill(meeting.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu xếp loại").click()
    page.wait_for_load_state("networkidle")
    assert f"Đã lưu xếp loại năm {year}: 20/40 người đã được xếp loại." in page.content()

    # Excel: the downloaded grid lists the 40 people; fill the 20 left, upload, preview, confirm.
    page.get_by_role("link", name="Nhập bằng tệp Excel").click()
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tải tệp mẫu").click()
    template = tmp_path / dl.value.suggested_filename
    dl.value.save_as(template)
    assert template.suffix == ".xlsx"
    wb = load_workbook(template)
    ws = wb.active
    header = next(r for r in ws.iter_rows() if r[1].value == "Họ và tên")
    filled = 0
    for row in ws.iter_rows(min_row=header[0].row + 1):
        if not row[5].value:
            row[5].value = "HTNV" if row[1].value.endswith("40") else "Hoàn thành tốt nhiệm vụ"
            filled += 1
    assert filled == 20
    upload = tmp_path / "xep-loai.xlsx"
    wb.save(upload)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state("networkidle")
    assert "Tệp hợp lệ: 40 dòng sẵn sàng để nhập." in page.content()
    page.get_by_role("button", name="Xác nhận nhập 40 người").click()
    page.wait_for_load_state("networkidle")
    assert f"Đã nhập xếp loại năm {year} cho 40 người." in page.content()

    ratings = dict(
        TaskRating.objects.filter(person__unit=school, year=year).values_list("person__full_name", "rating")
    )
    assert len(ratings) == 40
    assert ratings["Lò Văn Thử 01"] == "excellent"
    assert ratings["Lò Văn Thử 39"] == "good"
    assert ratings["Lò Văn Thử 40"] == "completed"
    sheet = RatingSheet.objects.get(unit=school, year=year)
    assert (sheet.rated_count, sheet.minutes_name) == (40, "bien-ban-binh-xet.pdf")

    # The secretariat sees the unit as entered, with its minutes.
    page.context.clear_cookies()
    login(page, base, "noivu", DEMO_PASSWORD)
    page.goto(f"{base}/khen-thuong/xep-loai/?year={year}&q=hoa ban")
    row = page.locator(f'[data-unit="{school.pk}"]')
    assert "40/40" in row.inner_text()
    assert "bien-ban-binh-xet.pdf" in row.inner_text()

    # The appraisal reads them: LĐTT passes on "tốt", fails on "hoàn thành nhiệm vụ".
    nominees = [
        Nominee("individual", people[1].pk, "advanced_worker", year),
        Nominee("individual", people[39].pk, "advanced_worker", year),
    ]
    good, completed = evaluate_many(
        nominees, date(year + 1, 1, 20), rules=load_rulebook(), histories=load_histories(nominees)
    )
    assert f"Năm {year} xếp loại: Hoàn thành tốt nhiệm vụ." in [r.message for r in good.reasons]
    assert f"Năm {year} chưa đạt hoàn thành tốt nhiệm vụ trở lên (xếp loại: Hoàn thành nhiệm vụ)." in [
        r.message for r in completed.failures
    ]
