"""What an upload turns into: text for .txt/.docx/.pdf, a Vietnamese refusal for anything else."""

import io
import unicodedata
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from campaigns.extraction import extract_text
from campaigns.tests.variants import to_docx, to_pdf

SAMPLE = "KẾ HOẠCH\nPhát động phong trào thi đua năm 2025 của xã Nậm Tăm\nTỷ lệ hộ nghèo giảm 2,5%."


def _refusal(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        extract_text(name, data)
    return caught.value


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with a byte-order mark
        SAMPLE.encode("utf-16-le"),  # Notepad "Unicode" without one
        SAMPLE.encode("utf-16-be"),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),  # decomposed accents (macOS)
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "nfd"],
)
def test_txt_encodings_give_the_same_nfc_text(data):
    text = extract_text("ke-hoach.txt", data)
    assert text.strip() == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


def test_docx_gives_paragraphs_and_table_cells_in_reading_order():
    data = to_docx(("ỦY BAN NHÂN DÂN\nXÃ NẬM TĂM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), SAMPLE)
    lines = [line for line in extract_text("ke-hoach.docx", data).split("\n") if line]
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "XÃ NẬM TĂM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        *SAMPLE.split("\n"),
    ]


def test_pdf_text_layer_is_read_and_normalised():
    text = extract_text("ke-hoach.pdf", to_pdf(SAMPLE))
    assert "Phát động phong trào thi đua năm 2025 của xã Nậm Tăm" in text
    assert "giảm 2,5%" in text
    assert unicodedata.is_normalized("NFC", text)


def test_renamed_executable_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4
    error = _refusal("ke-hoach.pdf", exe)
    assert error.code == "bad_content"
    assert error.messages == ["Nội dung tệp ke-hoach.pdf không phải là tệp .pdf hợp lệ."]


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file_is_refused(data):
    error = _refusal("ke-hoach.txt", data)
    assert error.code == "empty"
    assert error.messages == ["Tệp rỗng, không có nội dung."]


def test_oversize_file_is_refused_before_reading(settings):
    settings.THIDUA_UPLOAD_MAX_BYTES = 2048
    error = _refusal("ke-hoach.txt", ("Kế hoạch thi đua. " * 200).encode())
    assert error.code == "too_large"
    assert error.messages == ["Tệp quá lớn (4 KB); giới hạn là 2 KB."]
    assert extract_text("ngan.txt", b"Ke hoach") == "Ke hoach"  # under the limit: read


def test_scanned_pdf_without_text_layer_is_refused():
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(page).text((50, 50), "KE HOACH", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    with mock.patch("campaigns.extraction.ocr_available", return_value=False):
        error = _refusal("scan.pdf", buffer.getvalue())
    assert error.code == "no_text_layer"
    assert "không có lớp văn bản" in error.messages[0]
    assert "chưa cài" in error.messages[0]


def test_scanned_pdf_asks_for_ocr_when_it_is_installed():
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(page).text((50, 50), "KE HOACH", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    with mock.patch("campaigns.extraction.ocr_available", return_value=True):
        error = _refusal("scan.pdf", buffer.getvalue())
    assert error.code == "needs_ocr"


def test_broken_pdf_is_refused():
    error = _refusal("hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    assert error.code in {"bad_pdf", "no_text_layer"}


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "bad_extension"),
        ("ke-hoach", SAMPLE.encode(), "bad_extension"),
        ("ke-hoach.txt", b"%PDF-1.4 not text", "bad_content"),
        ("ke-hoach.docx", SAMPLE.encode(), "bad_content"),
        # "Kế hoạch thi đua" in TCVN3 (ABC): read as cp1258 it gives symbols, not letters
        ("ke-hoach.txt", b"K\xd5 ho\xb9ch thi \xaeua", "not_utf8"),
    ],
    ids=["old-word", "no-extension", "pdf-named-txt", "txt-named-docx", "not-utf8"],
)
def test_type_is_checked_by_content_and_extension(name, data, code):
    assert _refusal(name, data).code == code


def test_zip_that_is_not_a_word_document_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    assert _refusal("ke-hoach.docx", buffer.getvalue()).code == "bad_content"


def test_windows_1258_text_is_read_and_composed():
    """Notepad "ANSI" on a Vietnamese Windows: cp1258 with combining tone marks, read as NFC."""
    from campaigns.extraction import extract_document

    data = "Kê\u0301 hoa\u0323ch thi đua năm 2026".encode("cp1258")
    result = extract_document("ke-hoach.txt", data)
    assert result.text == "Kế hoạch thi đua năm 2026"
    assert "Windows-1258" in result.notes[0]


def test_legacy_font_text_is_refused_with_how_to_save_as_utf8():
    error = _refusal("ke-hoach.txt", "Kế hoạch".encode()[:-1] + b"\xb9ch thi \xaeua \xb8")
    assert error.code == "not_utf8"
    assert "không ở mã UTF-8" in error.messages[0]
    assert "UTF-8" in error.messages[0]
    assert "Save as" in error.messages[0]


def test_pdf_lookalike_letters_are_normalised():
    from campaigns.extraction import extract_document

    result = extract_document("a.txt", "Nhƣ trên; Lƣu: VT; ƢU TIÊN; Ðinh".encode())
    assert result.text == "Như trên; Lưu: VT; ƯU TIÊN; Đinh"
