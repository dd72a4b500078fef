"""The check of stored attachments (dossier documents, rating minutes): size, extension and
content must agree; the user's file name is kept for display only. Moved from
`nominations.services.nominations` so that `awards` (which may not import `nominations`) uses the
same check; the upload hardening (zip bombs) extends it here."""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
}


def sniff_kind(head: bytes, fileobj) -> str | None:
    """The file's real kind from its content (magic bytes; Office files: the zip's parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def safe_original_name(name: str) -> str:
    """The user's file name without any directory part or control characters (display only)."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    return name[:255] or "tep"


def validate_upload(upload) -> tuple[str, str]:
    """(original name, kind) — or ValidationError: size, extension, and content must agree."""
    raw_name = upload.name or ""
    if ".." in raw_name.replace("\\", "/").split("/") or raw_name.startswith(("/", "\\")):
        raise ValidationError(_("Tên tệp không hợp lệ."))
    original = safe_original_name(raw_name)
    if upload.size > settings.THIDUA_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.THIDUA_UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp rỗng."))
    ext = os.path.splitext(original)[1].lower()
    expected = ALLOWED_EXTENSIONS.get(ext)
    if expected is None:
        raise ValidationError(_("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx) hoặc ảnh (.png, .jpg)."))
    upload.seek(0)
    head = upload.read(16)
    kind = sniff_kind(head, upload)
    upload.seek(0)
    if kind != expected:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng %(ext)s (tệp có thể đã bị đổi tên).")
            % {"name": original, "ext": ext}
        )
    return original, kind
