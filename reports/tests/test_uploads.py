import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.uploads import validate_upload

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
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


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
