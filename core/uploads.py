"""The ONE upload validator: name, size, type by content, zip-bomb and active-content checks.

Every uploaded file goes through `validate_upload` before anything else reads it. Office files
(.docx, .xlsx) are zip archives: `check_zip` reads only the archive's central directory (a few
KB, no decompression) and refuses too many entries, too many declared uncompressed bytes or an
absurd compression ratio BEFORE any library opens the file. Python's `zipfile` (used by
openpyxl and python-docx) never inflates more than an entry's declared size, so the declared
sizes bound the memory a later reader can use. PDFs with JavaScript, launch actions or embedded
files are refused (walked with pypdf).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Extension -> kind. The kind is what content sniffing must find.
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
LABELS = {"pdf": "PDF", "docx": "Word .docx", "xlsx": "Excel .xlsx", "png": "ảnh PNG", "jpg": "ảnh JPG"}
ATTACHMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpg"})
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# Keys that make a PDF active: scripts, launching programs, embedded files, rich media.
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/Launch", "/RichMedia"}
)
PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
PDF_MAX_OBJECTS = 200_000


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed `validate_upload`: the user's file name and the kind found by content."""

    name: str
    kind: str


def check_name(name: str) -> str:
    """The user's file name (str), refused if it carries a directory part or control characters.

    Raises ValidationError (code "bad_name").
    """
    name = (name or "").strip()
    base = PurePosixPath(PureWindowsPath(name).as_posix()).name
    if (
        not name
        or base != name
        or name in (".", "..")
        or any(ord(c) < 32 or ord(c) == 127 for c in name)
        or len(name) > 255
    ):
        raise ValidationError(
            _("Tên tệp “%(name)s” không hợp lệ (không được chứa đường dẫn như “../” hay “/”).")
            % {"name": name[:100]},
            code="bad_name",
        )
    return name


def check_zip(fileobj, *, name: str = "") -> list[str]:
    """Refuse a zip bomb before it is opened; return the member names.

    `fileobj` is a seekable binary file (left at position 0). Reads only the central directory:
    entry count <= THIDUA_ZIP_MAX_ENTRIES, sum of declared uncompressed sizes <=
    THIDUA_ZIP_MAX_UNCOMPRESSED_BYTES, and no entry larger than 1 MB inflating more than
    THIDUA_ZIP_MAX_RATIO times. Raises ValidationError (code "zip_bomb" or "bad_zip").
    """
    label = name or _("tải lên")
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("Tệp “%(name)s” bị hỏng hoặc không phải tệp Office hợp lệ.") % {"name": label}, code="bad_zip"
        ) from exc
    finally:
        fileobj.seek(0)
    total = sum(info.file_size for info in infos)
    too_dense = any(
        info.file_size > 1024 * 1024
        and info.file_size > settings.THIDUA_ZIP_MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if (
        len(infos) > settings.THIDUA_ZIP_MAX_ENTRIES
        or total > settings.THIDUA_ZIP_MAX_UNCOMPRESSED_BYTES
        or too_dense
    ):
        logger.warning(
            "upload refused as zip bomb: name=%r entries=%d uncompressed=%d", name, len(infos), total
        )
        raise ValidationError(
            _(
                "Tệp “%(name)s” bị từ chối: khi giải nén quá lớn (%(size)s, %(n)s thành phần; "
                "tối đa %(max)s). Hãy lưu lại tệp bằng Word/Excel rồi tải lên lại."
            )
            % {
                "name": label,
                "size": filesizeformat(total),
                "n": len(infos),
                "max": filesizeformat(settings.THIDUA_ZIP_MAX_UNCOMPRESSED_BYTES),
            },
            code="zip_bomb",
        )
    return [info.filename for info in infos]


def pdf_active_content(fileobj) -> str | None:
    """The first active feature found in a PDF ("/JavaScript", "/EmbeddedFile", ...) or None.

    Walks every object reachable from the trailer (pypdf), bounded by PDF_MAX_OBJECTS; an
    unreadable PDF answers None here (the reader that needs it reports the damage).
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")
        stack = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        visited = 0
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            visited += 1
            if visited > PDF_MAX_OBJECTS:
                return "/TooManyObjects"
            if isinstance(obj, DictionaryObject):
                for k, v in obj.items():
                    if k in PDF_ACTIVE_KEYS:
                        return str(k)
                    if k == "/S" and isinstance(v, NameObject) and v in PDF_ACTIVE_ACTIONS:
                        return str(v)
                    if k != "/Parent":
                        stack.append(v)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    except Exception:
        logger.info("pdf scan failed", exc_info=True)
        return None
    finally:
        fileobj.seek(0)
    return None


def check_pdf(fileobj, *, name: str = "") -> None:
    """Refuse a PDF with JavaScript, launch actions or embedded files (ValidationError "pdf_active")."""
    found = pdf_active_content(fileobj)
    if found:
        logger.warning("upload refused: PDF %r contains %s", name, found)
        raise ValidationError(
            _(
                "Tệp PDF “%(name)s” bị từ chối vì chứa mã lệnh (JavaScript) hoặc tệp đính kèm bên trong. "
                "Hãy in lại ra PDF thường rồi tải lên."
            )
            % {"name": name or _("tải lên")},
            code="pdf_active",
        )


def sniff(fileobj, *, name: str = "") -> str | None:
    """The file's real kind from its content: "pdf", "png", "jpg", "docx", "xlsx" or None.

    Office files go through `check_zip` first (ValidationError for a bomb).
    """
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        names = set(check_zip(fileobj, name=name))
        if "[Content_Types].xml" not in names:
            return None
        for kind, member in OOXML_MAIN_PART.items():
            if member in names:
                return kind
    return None


def _kinds_label(kinds) -> str:
    labels = [LABELS[k] for k in ("pdf", "docx", "xlsx", "png", "jpg") if k in kinds]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " " + _("hoặc") + " " + labels[-1]


def validate_upload(upload, *, name: str | None = None, allowed=ATTACHMENT_KINDS) -> CheckedUpload:
    """Check one uploaded file; return CheckedUpload(name, kind) or raise ValidationError (Vietnamese).

    `upload` is a Django UploadedFile (or any seekable binary file with `.name` and `.size`);
    `name` overrides the user's file name; `allowed` is a set of kinds. Order: name, extension,
    size (THIDUA_UPLOAD_MAX_BYTES), content sniffing (zip checked before it is opened), active
    PDF content. The file is left at position 0.
    """
    name = check_name(upload.name if name is None else name)
    expected = EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    if expected is None or expected not in allowed:
        raise ValidationError(
            _("Chỉ nhận tệp %(kinds)s; “%(name)s” không thuộc loại này.")
            % {"kinds": _kinds_label(allowed), "name": name},
            code="bad_type",
        )
    size = upload.size
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    actual = sniff(upload, name=name)
    if actual != expected:
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không phải là %(kind)s: không đúng định dạng "
                "(có thể tệp đã bị đổi đuôi); hãy chọn đúng tệp."
            )
            % {"name": name, "kind": LABELS[expected]},
            code="content_mismatch",
        )
    if actual == "pdf":
        check_pdf(upload, name=name)
    return CheckedUpload(name=name, kind=actual)


def validate_bytes(data: bytes, *, name: str, allowed=ATTACHMENT_KINDS) -> CheckedUpload:
    """`validate_upload` for bytes already in memory (management commands, tests)."""
    buf = io.BytesIO(data)
    buf.name = name
    buf.size = len(data)
    return validate_upload(buf, allowed=allowed)
