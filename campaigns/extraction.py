"""Plain text out of an uploaded launch document (.txt, .docx, text-layer .pdf).

The type is decided by the file's content (magic bytes), and the name's extension must agree:
a renamed executable is refused, not parsed. PDFs are read with pypdf: it is already a pinned
runtime dependency (pdfplumber and pdfminer.six are only in requirements-dev.txt), it is pure
Python, and its text extraction keeps the reading order WeasyPrint and Word write.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import check_zip

ALLOWED_EXTENSIONS = (".txt", ".docx", ".pdf")
# Fewer letters than this in a whole PDF means there is no usable text layer (a scan).
MIN_PDF_LETTERS = 20


def _size_label(num_bytes: int) -> str:
    if num_bytes >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{num_bytes / (1024 * 1024):.1f}".replace(".", ",")}
    return _("%(n)s KB") % {"n": max(1, round(num_bytes / 1024))}


def detect_kind(data: bytes) -> str | None:
    """'pdf', 'docx', 'txt' or None, from the bytes alone."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        # The zip-bomb check reads only the central directory, before python-docx opens it.
        try:
            names = check_zip(io.BytesIO(data))
        except ValidationError as exc:
            if exc.code == "zip_bomb":
                raise
            return None
        return "docx" if "word/document.xml" in names else None
    if _decode_text(data) is not None:
        return "txt"
    return None


def _decode_text(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1::2].count(0) > len(data) // 4 and data[0::2].count(0) == 0:
        encoding = "utf-16-le"  # UTF-16 without a byte-order mark (Notepad "Unicode")
    elif len(data) >= 4 and data[0::2].count(0) > len(data) // 4 and data[1::2].count(0) == 0:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        return None
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."), code="encrypted"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("Không đọc được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."), code="bad_pdf"
        ) from exc
    text = "\n".join(pages)
    if sum(1 for ch in text if ch.isalpha()) < MIN_PDF_LETTERS:
        raise ValidationError(
            _(
                "Tệp PDF không có lớp văn bản (có thể là bản quét/ảnh chụp). "
                "Hãy tải lên bản .docx hoặc PDF xuất trực tiếp từ Word."
            ),
            code="no_text_layer",
        )
    return text


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken files
        raise ValidationError(_("Không đọc được tệp Word (.docx): tệp bị hỏng."), code="bad_docx") from exc

    lines: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                seen: set[int] = set()
                for row in block.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
                        lines.append("")

    walk(document)
    return "\n".join(lines)


def extract_text(name: str, data: bytes) -> str:
    """Return the NFC text of an uploaded launch document or raise ValidationError (Vietnamese)."""
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
            % {"size": _size_label(len(data)), "limit": _size_label(limit)},
            code="too_large",
        )
    if not data or not data.strip():
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="empty")
    extension = PurePath(name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Chỉ nhận tệp .txt, .docx hoặc .pdf (tệp đã chọn: %(name)s).") % {"name": name},
            code="bad_extension",
        )
    kind = detect_kind(data)
    if kind is None or f".{kind}" != extension:
        raise ValidationError(
            _("Nội dung tệp %(name)s không phải là tệp %(ext)s hợp lệ.") % {"name": name, "ext": extension},
            code="bad_content",
        )
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    else:
        text = _decode_text(data) or ""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    if not text.strip():
        raise ValidationError(_("Tệp không có nội dung văn bản."), code="empty")
    return text
