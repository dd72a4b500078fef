"""Checks for uploaded launch documents: type by content, size, safe name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}


def detect_kind(head: bytes, data_sample: bytes, f) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            f.seek(0)
            with zipfile.ZipFile(f) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
        finally:
            f.seek(0)
        return None
    try:
        data_sample.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt" if b"\x00" not in data_sample else None


def check_document_upload(f) -> str:
    """Raise a Vietnamese ValidationError unless `f` is a real .pdf, .docx or .txt within the size limit."""
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if f.size > limit:
        raise ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
    if f.size == 0:
        raise ValidationError(_("Tệp rỗng."))
    name = (f.name or "").lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    f.seek(0)
    sample = f.read(8192)
    f.seek(0)
    kind = detect_kind(sample[:8], sample, f)
    if ext not in ALLOWED or kind != ALLOWED[ext]:
        raise ValidationError(
            _("Chỉ nhận tệp .pdf, .docx hoặc .txt đúng định dạng (nội dung tệp không khớp phần mở rộng).")
        )
    return kind
