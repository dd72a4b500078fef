"""Seed 001 (a công văn) re-typeset the way ND 30/2020 lays it out: the agency, number and
"V/v" line in the left column and the motto and place-date in the right column of a table, the
distribution list and the signature side by side at the end. Read back through python-docx,
pypdf and poppler's pdftotext (reading-order, raw and -layout modes), whose outputs interleave
the two columns differently; every field must come out the same."""

import functools

import pytest

from campaigns.extraction import extract_text
from campaigns.parsing import parse_launch_document
from campaigns.tests.seeds import seed_text
from campaigns.tests.test_parsing_seeds import EXPECTED
from campaigns.tests.variants import pdftotext, to_docx, to_pdf

HEADER = (
    "**ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN**\nSố: 2458/UBND-NC\n"
    "V/v triển khai thực hiện Chỉ thị số 19/CT-TTg của Thủ tướng Chính phủ",
    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc**\n"
    "Điện Biên, ngày 05 tháng 8 năm 2021",
)
SIGNATURE_RIGHT = "**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n(Đã ký)\n**Lê Thành Đô**"


@functools.cache
def blocks() -> tuple:
    lines = seed_text("001").split("\n")
    body_start = lines.index("Kính gửi:")
    sign_start = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    body = "\n".join(line for line in lines[body_start:sign_start] if line.strip())
    left = "\n".join(line for line in lines[sign_start:] if line.startswith(("Nơi nhận", "-")))
    return HEADER, body, (left, SIGNATURE_RIGHT)


@functools.cache
def pdf_bytes() -> bytes:
    return to_pdf(*blocks())


def _pdftotext(*mode: str) -> str:
    return pdftotext(pdf_bytes(), *mode)


READERS = {
    "docx": lambda: extract_text("cong-van.docx", to_docx(*blocks())),
    "pypdf": lambda: extract_text("cong-van.pdf", pdf_bytes()),
    "pdftotext-layout": lambda: _pdftotext("-layout"),
    "pdftotext-raw": lambda: _pdftotext("-raw"),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_two_column_letter_gives_every_field(reader):
    result = parse_launch_document(READERS[reader]())
    mismatched = {f: result[f] for f in EXPECTED["001"] if result[f] != EXPECTED["001"][f]}
    assert mismatched == {}


def test_layout_mode_really_puts_both_columns_on_one_line():
    text = _pdftotext("-layout")
    assert any("ỦY BAN NHÂN DÂN" in line and "CỘNG HÒA" in line for line in text.split("\n"))
    assert any("Nơi nhận" in line and "TM. ỦY BAN NHÂN DÂN" in line for line in text.split("\n"))


def test_reading_order_mode_glues_the_columns_but_place_and_date_survive():
    result = parse_launch_document(_pdftotext())
    assert (result["place"], result["date"], result["number"], result["symbol"]) == (
        "Điện Biên",
        "2021-08-05",
        "2458",
        "UBND-NC",
    )
    assert result["issuer"] == "Ủy ban nhân dân tỉnh Điện Biên"
    assert result["recipients"] == EXPECTED["001"]["recipients"]


def test_award_forms_named_in_a_document():
    text = (
        "KẾ HOẠCH\nTổng kết phong trào\nĐề nghị Chủ tịch nước tặng Huân chương lao động hạng ba cho 01 tập "
        "thể; trình Chủ tịch UBND tỉnh tặng Bằng khen; Chủ tịch UBND huyện tặng giấy khen. "
        "Danh hiệu Lao động tiên tiến xét theo quy định."
    )
    assert parse_launch_document(text)["award_forms"] == [
        "Huân chương Lao động hạng Ba",
        "Bằng khen",
        "Giấy khen",
    ]
