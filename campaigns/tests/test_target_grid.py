"""Per-unit targets: one cell or the whole grid, on the page or as an Excel file."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.models import TargetAssignment
from core.audit import history_for

pytestmark = pytest.mark.django_db


def _cell(unit, target):
    return f"u{unit.pk}_t{target.pk}"


def test_assign_one_unit_on_the_grid_and_keep_bad_input(client, launched, secretariat, jurisdiction):
    budget = launched.targets.get(name="Thu ngân sách")
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    assert "Giao chỉ tiêu cho từng đơn vị" in client.get(url).content.decode()
    response = client.post(url, {_cell(jurisdiction.commune_a, budget): "160"}, follow=True)
    assert "1 ô thay đổi" in response.content.decode()
    assert TargetAssignment.objects.get(unit=jurisdiction.commune_a, target=budget).value == Decimal("160")
    response = client.post(
        url, {_cell(jurisdiction.commune_a, budget): "1.6x", _cell(jurisdiction.commune_b, budget): "90"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải là số hợp lệ" in html
    assert 'value="1.6x"' in html
    assert 'value="90"' in html
    assert not TargetAssignment.objects.filter(unit=jurisdiction.commune_b).exists()
    assert history_for(launched).filter(action="campaigns.target.assigned").exists()


def test_rate_above_100_percent_refused_on_the_grid(client, launched, secretariat, jurisdiction):
    rate = launched.targets.get(unit_of_measure="%")
    client.force_login(secretariat)
    response = client.post(
        reverse("campaigns:target-grid", args=[launched.pk]), {_cell(jurisdiction.commune_a, rate): "150"}
    )
    assert "không thể lớn hơn 100%" in response.content.decode()
    assert not TargetAssignment.objects.exists()


def _xlsx(rows, *, merges=(), formats=None) -> SimpleUploadedFile:
    """A real .xlsx built by openpyxl: `rows` appended from row 1, `merges` ranges merged,
    `formats` {"D7": "0.0%"} number formats set."""
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("giao-chi-tieu.xlsx", buf.getvalue())


def _assigned():
    return {(a.unit_id, a.target.name): a.value for a in TargetAssignment.objects.select_related("target")}


def _upload_and_confirm(client, url, upload):
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert not TargetAssignment.objects.exists()  # a preview writes nothing
    return preview, client.post(url, {"confirm": "1"}, follow=True)


def test_template_has_titles_codes_and_round_trips(client, launched, secretariat, jurisdiction):
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    ws = load_workbook(io.BytesIO(client.get(url + "?template=xlsx").content)).worksheets[0]
    assert ws["A1"].value == launched.title
    assert [c.value for c in ws[3]] == [
        "Mã đơn vị",
        "Đơn vị",
        "Thu ngân sách (tỷ đồng)",
        "Tỷ lệ hộ nghèo giảm (%)",
    ]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=4)] == [
        [jurisdiction.commune_a.pk, "Ủy ban nhân dân xã Bình Lư", None, None],
        [jurisdiction.commune_b.pk, "Ủy ban nhân dân xã Sơn Bình", None, None],
    ]
    ws["C4"], ws["D4"], ws["C5"] = 160, 2.5, "3.130,5"
    buf = io.BytesIO()
    ws.parent.save(buf)
    _preview, done = _upload_and_confirm(client, url, SimpleUploadedFile("mau.xlsx", buf.getvalue()))
    assert "3 ô thay đổi" in done.content.decode()
    assert _assigned() == {
        (jurisdiction.commune_a.pk, "Thu ngân sách"): Decimal("160"),
        (jurisdiction.commune_a.pk, "Tỷ lệ hộ nghèo giảm"): Decimal("2.5"),
        (jurisdiction.commune_b.pk, "Thu ngân sách"): Decimal("3130.5"),
    }
    # The next template carries the assigned values, as numbers.
    ws = load_workbook(io.BytesIO(client.get(url + "?template=xlsx").content)).worksheets[0]
    assert [c.value for c in ws[5]] == [
        jurisdiction.commune_b.pk,
        "Ủy ban nhân dân xã Sơn Bình",
        3130.5,
        None,
    ]


def test_template_is_safe_from_formula_injection(client, launched, secretariat, jurisdiction):
    launched.title = '=HYPERLINK("http://evil.example","Phong trào")'
    launched.save(update_fields=["title"])
    unit = jurisdiction.commune_b
    unit.name = "=cmd|' /C calc'!A0"
    unit.save(update_fields=["name"])
    client.force_login(secretariat)
    content = client.get(reverse("campaigns:target-grid", args=[launched.pk]) + "?template=xlsx").content
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert {c.value for c in cells} == {launched.title, unit.name}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, never a formula


def test_title_rows_merged_two_row_header_numbering_row_and_blank_lines(
    client, launched, secretariat, jurisdiction
):
    upload = _xlsx(
        [
            ["ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"],
            ["BẢNG GIAO CHỈ TIÊU THI ĐUA NĂM 2026"],
            [],
            ["STT", "ĐƠN VỊ", "Chỉ tiêu giao cho đơn vị", None],
            [None, None, "THU NGAN SACH (ty dong)", "Tỷ lệ hộ nghèo giảm"],
            ["(1)", "(2)", "(3)", "(4)"],
            [1, "ubnd xa binh lu", 1234.5, 0.025],
            [],
            [None, None, None, None],
            [2, "Ủy ban nhân dân xã Sơn Bình", "1.234", "1,5"],
        ],
        merges=["A1:D1", "A2:D2", "A4:A5", "B4:B5", "C4:D4"],
        formats={"D7": "0.0%"},
    )
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    preview, done = _upload_and_confirm(client, url, upload)
    html = preview.content.decode()
    assert [(r.number, r.errors) for r in preview.context["preview"].rows] == [(7, []), (10, [])]
    assert "Tệp hợp lệ: 2 dòng sẵn sàng để nhập" in html
    assert "Thu ngân sách: chưa giao → 1.234,5" in html
    assert "không khớp cột nào" not in html  # "STT" and the merged group title are not unknown targets
    assert "4 ô thay đổi" in done.content.decode()
    assert _assigned() == {
        (jurisdiction.commune_a.pk, "Thu ngân sách"): Decimal("1234.5"),
        (jurisdiction.commune_a.pk, "Tỷ lệ hộ nghèo giảm"): Decimal("2.5"),
        (jurisdiction.commune_b.pk, "Thu ngân sách"): Decimal("1234"),
        (jurisdiction.commune_b.pk, "Tỷ lệ hộ nghèo giảm"): Decimal("1.5"),
    }


@pytest.mark.parametrize(
    ("cell", "number_format", "expected"),
    [
        (1234.5, "General", "1234.5"),  # a number cell is used as it is
        (1.234, "General", "1.234"),  # a number cell 1.234 stays 1.234
        ("1.234", None, "1234"),  # text: the Vietnamese convention, a dot groups thousands
        ("1.234,5", None, "1234.5"),
        ("1,5", None, "1.5"),
        (0.1 + 0.2, "General", "0.3"),  # Excel's 15 significant digits, not binary noise
        (0.975, "0.0%", "97.5"),  # a % cell gives the percent it shows
        (0.97, "0%", "97"),
        ("97,5%", None, "97.5"),
    ],
)
def test_numbers_read_as_the_user_meant(
    client, launched, secretariat, jurisdiction, cell, number_format, expected
):
    target = (
        "Tỷ lệ hộ nghèo giảm" if "%" in str(number_format) or str(cell).endswith("%") else "Thu ngân sách"
    )
    upload = _xlsx(
        [["Đơn vị", target], ["Ủy ban nhân dân xã Bình Lư", cell]],
        formats={"B2": number_format} if number_format else None,
    )
    client.force_login(secretariat)
    _upload_and_confirm(client, reverse("campaigns:target-grid", args=[launched.pk]), upload)
    assert _assigned() == {(jurisdiction.commune_a.pk, target): Decimal(expected)}


def test_row_errors_in_vietnamese_with_row_numbers_and_nothing_saved(
    client, launched, secretariat, jurisdiction
):
    upload = _xlsx(
        [
            ["DANH SÁCH GIAO CHỈ TIÊU"],
            ["Đơn vị", "Thu ngân sách", "Tỷ lệ hộ nghèo giảm", "Thu ngan sch"],
            ["Xã Không Có", 5, 1, None],
            [],
            ["Ủy ban nhân dân xã Bình Lư", "12a", 150, None],
            ["Ủy ban nhân dân xã Sơn Bình", 90, 2, None],
            ["UY BAN NHAN DAN XA SON BINH", 91, 2, None],
        ]
    )
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    response = client.post(url, {"file": upload})
    html = response.content.decode()
    errors = {r.number: r.errors for r in response.context["preview"].rows if r.errors}
    assert errors == {
        3: ["Không tìm thấy đơn vị “Xã Không Có” trong danh sách đơn vị tham gia phong trào."],
        5: [
            "“Thu ngân sách”: “12a” không phải là số (ví dụ 3.130,5).",
            "Tỷ lệ hộ nghèo giảm: Chỉ tiêu tỷ lệ tính bằng % không thể lớn hơn 100%.",
        ],
        7: ["Đơn vị “Ủy ban nhân dân xã Sơn Bình” đã có ở dòng 6."],
    }
    assert "Có 3 dòng lỗi" in html
    assert "Thu ngan sch" in html
    assert "không khớp cột nào" in html
    assert 'name="confirm"' not in html
    # Nothing was kept to confirm: a forged confirm saves nothing.
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()
    assert not TargetAssignment.objects.exists()


def test_unit_by_code_and_a_code_that_contradicts_the_name(client, launched, secretariat, jurisdiction):
    a, b = jurisdiction.commune_a, jurisdiction.commune_b
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    bad = _xlsx([["Mã đơn vị", "Đơn vị", "Thu ngân sách"], [a.pk, "Ủy ban nhân dân xã Sơn Bình", 5]])
    response = client.post(url, {"file": bad})
    assert [r.errors for r in response.context["preview"].rows] == [
        [f"Mã “{a.pk}” là của “Ủy ban nhân dân xã Bình Lư”, không phải “Ủy ban nhân dân xã Sơn Bình”."]
    ]
    good = _xlsx([["Mã", "Đơn vị", "Thu ngân sách"], [b.pk, None, 7], ["", "ubnd xa binh lu", 6]])
    _upload_and_confirm(client, url, good)
    assert _assigned() == {(b.pk, "Thu ngân sách"): Decimal("7"), (a.pk, "Thu ngân sách"): Decimal("6")}


def test_empty_cell_removes_and_missing_column_keeps(client, launched, secretariat, jurisdiction):
    a = jurisdiction.commune_a
    budget, rate = launched.targets.get(name="Thu ngân sách"), launched.targets.get(unit_of_measure="%")
    TargetAssignment.objects.create(unit=a, target=budget, value=Decimal("150"))
    TargetAssignment.objects.create(unit=a, target=rate, value=Decimal("2"))
    upload = _xlsx([["Đơn vị", "Thu ngân sách"], ["Ủy ban nhân dân xã Bình Lư", None]])
    client.force_login(secretariat)
    url = reverse("campaigns:target-grid", args=[launched.pk])
    response = client.post(url, {"file": upload})
    assert "Thu ngân sách: 150 → bỏ giá trị giao riêng" in response.content.decode()
    client.post(url, {"confirm": "1"})
    assert _assigned() == {(a.pk, "Tỷ lệ hộ nghèo giảm"): Decimal("2")}


def test_not_a_workbook_keeps_the_page_and_says_why(client, launched, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("campaigns:target-grid", args=[launched.pk]),
        {"file": SimpleUploadedFile("g.xlsx", b"not a workbook")},
    )
    html = response.content.decode()
    assert "Giao chỉ tiêu cho từng đơn vị" in html  # the grid page, with the message at the upload field
    assert "xlsx" in html
    assert 'name="file"' in html
    assert not TargetAssignment.objects.exists()


def test_grid_is_404_for_a_unit_head(client, launched, unit_head_a):
    client.force_login(unit_head_a)
    assert client.get(reverse("campaigns:target-grid", args=[launched.pk])).status_code in (403, 404)
