"""The one Excel import scaffold: header search, cell readers (see units/tests/test_import_cases.py
for the same through the people-import page)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from core.importing import (
    CellError,
    ImportFileError,
    cell_text,
    header_key,
    parse_date,
    parse_number,
    parse_year,
    read_table,
)


def _book(*rows) -> BytesIO:
    wb = Workbook()
    for r in rows:
        wb.active.append(list(r))
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
@pytest.mark.parametrize(
    ("text", "year"), [("1/1/26", 2026), ("1/1/27", 1927), ("1/1/90", 1990), ("1/1/00", 2000)]
)
def test_two_digit_year_is_the_latest_not_in_the_future(text, year):
    assert parse_date(text).year == year


def test_header_key_folds_case_marks_and_unicode_form():
    import unicodedata

    assert header_key("Họ và tên") == header_key(unicodedata.normalize("NFD", "HỌ VÀ TÊN")) == "ho va ten"
    assert header_key("Đơn vị (*)") == header_key("\u00d0ơn  vị") == "don vi"


def test_read_table_keeps_sheet_row_numbers_and_ignores_unknown_columns():
    book = _book(
        ["DANH SÁCH"], [], ["STT", "Họ và tên", "Năm", "Ghi chú riêng"], [1, "Lò Thị Mai", 2025, "x"]
    )
    assert read_table(book, ["Họ và tên", "Năm"]) == [(4, {"Họ và tên": "Lò Thị Mai", "Năm": "2025"})]


def test_read_table_requires_the_required_columns():
    book = _book(["Họ và tên", "Năm"], ["Lò Thị Mai", 2025])
    with pytest.raises(ImportFileError, match="cần các cột: Họ và tên, Xếp loại"):
        read_table(book, ["Họ và tên", "Năm", "Xếp loại"], required=["Họ và tên", "Xếp loại"])


def test_read_table_refuses_a_file_that_is_not_a_workbook():
    # The upload check (core.uploads.check_zip) names the cause before openpyxl is reached.
    with pytest.raises(ImportFileError, match="bị hỏng hoặc không phải tệp Office hợp lệ"):
        read_table(BytesIO(b"PK\x03\x04 broken"), ["Họ và tên"])


def test_read_table_limits_rows():
    book = _book(["Họ và tên", "Năm"], *[[f"Người {i}", 2025] for i in range(4)])
    with pytest.raises(ImportFileError, match="quá 3 dòng"):
        read_table(book, ["Họ và tên", "Năm"], max_rows=3)


def test_read_table_reads_ten_thousand_rows_and_refuses_more():
    """Issue 17: an import file of 10,000 rows is read (streamed, read-only); 10,001 are refused."""
    rows = [[f"Người {i}", 2025] for i in range(10_001)]
    assert len(read_table(_book(["Họ và tên", "Năm"], *rows[:10_000]), ["Họ và tên", "Năm"])) == 10_000
    with pytest.raises(ImportFileError, match=r"quá 10\.000 dòng"):
        read_table(_book(["Họ và tên", "Năm"], *rows), ["Họ và tên", "Năm"])


def test_parse_year_from_a_date_cell_and_a_bad_year():
    assert parse_year(date(2025, 12, 31)) == 2025
    with pytest.raises(CellError, match=r"Năm “25” không hợp lệ\."):
        parse_year("25")


def test_read_table_two_row_merged_header_numbering_row_and_unknown_columns():
    wb = Workbook()
    ws = wb.active
    for row in (
        ["BÁO CÁO"],
        ["STT", "Họ và tên", "Kết quả", None, None],
        [None, None, "Năm", "Điểm", "Ghi chu rieng"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Lò Thị Mai", 2025, 0.5, "x"],
    ):
        ws.append(row)
    for cells in ("A2:A3", "B2:B3", "C2:E2"):
        ws.merge_cells(cells)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    unknown = []
    rows = read_table(buf, ["Họ và tên", "Năm", "Điểm"], required=["Họ và tên"], unknown=unknown)
    assert rows == [(5, {"Họ và tên": "Lò Thị Mai", "Năm": "2025", "Điểm": "0,5"})]
    assert unknown == ["Ghi chu rieng"]  # "STT" and the merged "Kết quả" over known columns are not


def test_read_table_gives_percent_cells_as_the_percent_shown():
    wb = Workbook()
    wb.active.append(["Tên", "Tỷ lệ"])
    wb.active.append(["A", 0.971])
    wb.active.append(["B", 0.971])
    wb.active["B2"].number_format = "0.0%"
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    assert [r["Tỷ lệ"] for _n, r in read_table(buf, ["Tên", "Tỷ lệ"])] == ["97,1", "0,971"]


@pytest.mark.parametrize(
    ("value", "text", "number"),
    [
        (1234.5, "1.234,5", "1234.5"),
        (1.234, "1,234", "1.234"),  # a number cell: never the text "1.234" (one thousand …)
        (0.1 + 0.2, "0,3", "0.3"),
        (1234.0, "1234", "1234"),
        ("1.234", "1.234", "1234"),  # text: a dot groups thousands
        ("1,5", "1,5", "1.5"),
        ("97,1 %", "97,1 %", "97.1"),
    ],
)
def test_numbers_round_trip_through_cell_text(value, text, number):
    assert cell_text(value) == text
    assert parse_number(value) == parse_number(cell_text(value)) == Decimal(number)


def test_parse_number_names_the_column():
    with pytest.raises(CellError, match="“Thu ngân sách”: “12a” không phải là số"):
        parse_number("12a", label="Thu ngân sách")
