"""A document the parser was not written against: a commune's Kế hoạch with a two-column header,
inline targets separated by semicolons, "từ nay đến hết ngày 30/8/2025", a Giấy khen and a deputy
signing "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". Read as the interleaved text a PDF tool gives, re-wrapped,
and as a .docx and a PDF whose header and signature block are real two-column tables."""

import functools

import pytest

from campaigns.extraction import extract_text
from campaigns.parsing import parse_launch_document
from campaigns.tests.seeds import fixture_text
from campaigns.tests.variants import pdftotext, rewrap, to_docx, to_pdf

FIXTURE = "ke_hoach_xa_nam_tam.txt"

EXPECTED = {
    "doc_type": "ke_hoach",
    "number": "45",
    "symbol": "KH-UBND",
    "issuer": "Ủy ban nhân dân xã Nậm Tăm",
    "place": "Nậm Tăm",
    "date": "2025-03-12",
    "year": 2025,
    "subject": "Phát động phong trào thi đua hoàn thành các chỉ tiêu phát triển kinh tế - xã hội "
    "xã Nậm Tăm năm 2025",
    "theme": "Đoàn kết, đổi mới, về đích nông thôn mới",
    "period_start": None,
    "period_end": "2025-08-30",
    "report_deadlines": [{"day": 15, "month": 8, "year": 2025, "recurring": None}],
    "targets": [
        {"name": "Tốc độ tăng trưởng giá trị sản xuất", "value": 9, "unit": "%", "direction": "reach"},
        {"name": "Thu ngân sách trên địa bàn", "value": 2236, "unit": "triệu đồng", "direction": "reach"},
        {
            "name": "Thu nhập bình quân đầu người",
            "value": 45,
            "unit": "triệu đồng/người/năm",
            "direction": "reach",
        },
        {"name": "Tỷ lệ hộ nghèo", "value": 2.5, "unit": "%", "direction": "reduce"},
        {"name": "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "value": 12, "unit": "%", "direction": "at_most"},
        {"name": "Tỷ lệ sinh con thứ ba", "value": 0.45, "unit": "‰", "direction": "at_most"},
        {"name": "Duy trì thôn đạt chuẩn văn hóa", "value": 100, "unit": "%", "direction": "keep"},
    ],
    "award_forms": ["Giấy khen"],
    "movements": [
        "Toàn dân đoàn kết xây dựng đời sống văn hóa",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam",
    ],
    "signer_name": "Lò Văn Thắng",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signing_capacity": "KT. CHỦ TỊCH",
    "recipients": ["UBND huyện", "Thường trực Đảng ủy xã", "Các ban, ngành, đoàn thể xã", "Trưởng các thôn"],
}

HEADER = (
    "ỦY BAN NHÂN DÂN\n**XÃ NẬM TĂM**\nSố: 45/KH-UBND",
    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n"
    "Nậm Tăm, ngày 12 tháng 3 năm 2025",
)
SIGNATURE = (
    "Nơi nhận:\n- UBND huyện (b/c);\n- Thường trực Đảng ủy xã;\n- Các ban, ngành, đoàn thể xã;\n"
    "- Trưởng các thôn;\n- Lưu: VP.",
    "**KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\n(Đã ký)\n**Lò Văn Thắng**",
)


def _body() -> str:
    """The fixture between its header and its signature block, one line per paragraph."""
    lines = fixture_text(FIXTURE).split("\n")
    start = lines.index("KẾ HOẠCH")
    end = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    paragraphs: list[str] = []
    joinable = False
    for line in (x.strip() for x in lines[start:end]):
        if not line:
            joinable = False
            continue
        if joinable and not line.isupper():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        joinable = not line.isupper()
    return "\n".join(paragraphs)


@functools.cache
def variant(kind: str) -> str:
    text = fixture_text(FIXTURE)
    if kind == "interleaved":
        return text
    if kind == "rewrapped":
        return rewrap(text, width=60)
    if kind == "docx":
        return extract_text("ke-hoach.docx", to_docx(HEADER, _body(), SIGNATURE))
    return extract_text("ke-hoach.pdf", to_pdf(HEADER, _body(), SIGNATURE))


@pytest.mark.parametrize("kind", ["interleaved", "rewrapped", "docx", "pdf"])
def test_unseen_plan_every_field(kind):
    result = parse_launch_document(variant(kind))
    mismatched = {f: result[f] for f in EXPECTED if result[f] != EXPECTED[f]}
    assert mismatched == {}


def test_unseen_plan_pdf_keeps_the_two_columns_apart():
    text = variant("pdf")
    assert "ỦY BAN NHÂN DÂN" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Lò Văn Thắng" in text


def test_unseen_plan_through_pdftotext_layout():
    result = parse_launch_document(pdftotext(to_pdf(HEADER, _body(), SIGNATURE), "-layout"))
    assert {f: result[f] for f in EXPECTED if result[f] != EXPECTED[f]} == {}
