import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.actions import JavaScript

from core.tests.bombs import zip_bomb
from core.uploads import check_zip, validate_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
EXE = b"MZ\x90\x00" + b"\x00" * 60


def ooxml(member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", PDF, "pdf"),
        ("anh.PNG", PNG, "png"),
        ("anh.jpeg", JPG, "jpg"),
        ("bao-cao.docx", ooxml("word/document.xml"), "docx"),
        ("so-lieu.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
    ],
)
def test_allowed_types_recognised_by_content(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)).kind == kind


def test_renamed_exe_is_refused_with_a_vietnamese_message():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("bao-cao.pdf", EXE))
    assert "không phải là PDF" in exc.value.messages[0]


def test_docx_renamed_to_xlsx_is_refused():
    with pytest.raises(ValidationError, match="Excel"):
        validate_upload(SimpleUploadedFile("so-lieu.xlsx", ooxml("word/document.xml")))


def test_plain_zip_named_docx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.docx", buf.getvalue()))


def test_path_traversal_name_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("x.pdf", PDF), name="../../etc/passwd.pdf")
    assert "không hợp lệ" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("x.pdf", PDF), name="..\\..\\boot.pdf")


def test_other_extensions_refused():
    with pytest.raises(ValidationError, match="Chỉ nhận tệp PDF"):
        validate_upload(SimpleUploadedFile("virus.exe", EXE))


def test_size_limit_from_settings(settings):
    settings.THIDUA_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_upload(SimpleUploadedFile("bao-cao.pdf", PDF))


# --- Zip bombs and active PDFs (issue 15) ----------------------------------------------
def _timed(fn):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        fn()
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return elapsed, peak


@pytest.mark.parametrize(
    ("name", "part"), [("bom.docx", "word/document.xml"), ("bom.xlsx", "xl/workbook.xml")]
)
def test_office_zip_bomb_is_refused_fast_before_opening(name, part):
    data = zip_bomb(part)  # about 1 MB on disk, 1 GB inflated
    assert len(data) < 1.1 * 1024 * 1024
    upload = SimpleUploadedFile(name, data)

    def run():
        with pytest.raises(ValidationError) as exc:
            validate_upload(upload)
        assert exc.value.code == "zip_bomb"
        assert "khi giải nén quá lớn" in exc.value.messages[0]

    elapsed, peak = _timed(run)
    assert elapsed < 0.5
    assert peak < 4 * 1024 * 1024  # the archive is never inflated


def test_zip_with_too_many_entries_is_refused(settings):
    settings.THIDUA_ZIP_MAX_ENTRIES = 10
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<x/>")
        for n in range(20):
            zf.writestr(f"xl/extra{n}.xml", "<x/>")
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("a.xlsx", buf.getvalue()))
    assert exc.value.code == "zip_bomb"


def test_check_zip_is_callable_on_its_own():
    names = check_zip(io.BytesIO(ooxml("xl/workbook.xml")))
    assert "xl/workbook.xml" in names
    with pytest.raises(ValidationError):
        check_zip(io.BytesIO(zip_bomb("xl/workbook.xml")))


def _pdf(mutate) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    mutate(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "mutate",
    [
        lambda w: w.add_open_action(JavaScript("app.alert('x');")),
        lambda w: w.add_attachment("virus.exe", b"MZ\x90\x00"),
    ],
    ids=["javascript", "embedded-file"],
)
def test_active_pdf_is_refused(mutate):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("to-trinh.pdf", _pdf(mutate)))
    assert exc.value.code == "pdf_active"
    assert "JavaScript" in exc.value.messages[0]


def test_plain_generated_pdf_is_accepted():
    assert validate_upload(SimpleUploadedFile("to-trinh.pdf", _pdf(lambda w: None))).kind == "pdf"
