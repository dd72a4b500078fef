"""Attachment checks: allowed types recognised by content, size limit, safe names."""

import io
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "png": "PNG", "jpg": "JPEG"}
ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _head(upload, n=8) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def sniff(upload) -> str | None:
    """The file's real type from its content (magic bytes, or the OOXML zip structure)."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for kind, member in ZIP_MEMBERS.items():
            if member in names:
                return kind
    return None


def check_name(name: str) -> str:
    """The user's file name, refused if it carries a path or control characters."""
    name = (name or "").strip()
    base = PurePosixPath(PureWindowsPath(name).as_posix()).name
    if (
        not name
        or base != name
        or name in (".", "..")
        or ".." in name.split("/")
        or any(ord(c) < 32 for c in name)
        or len(name) > 255
    ):
        raise ValidationError(
            _("Tên tệp “%(name)s” không hợp lệ (không được chứa đường dẫn như “../” hay “/”).")
            % {"name": name[:100]},
            code="bad_name",
        )
    return name


def validate_upload(upload, *, name: str | None = None) -> str:
    """Return the attachment kind ("pdf", "docx", ...) or raise a ValidationError in Vietnamese."""
    name = check_name(upload.name if name is None else name)
    ext = PurePosixPath(name).suffix.lower()
    expected = ALLOWED.get(ext)
    if expected is None:
        raise ValidationError(
            _(
                "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh PNG hoặc JPG; "
                "“%(name)s” không thuộc loại này."
            )
            % {"name": name},
            code="bad_type",
        )
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    actual = sniff(upload)
    if actual != expected:
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không phải là %(kind)s "
                "(có thể tệp đã bị đổi đuôi); hãy chọn đúng tệp."
            )
            % {"name": name, "kind": LABELS[expected]},
            code="content_mismatch",
        )
    return expected
