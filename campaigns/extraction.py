"""Plain text out of an uploaded launch document (.txt, .docx, text-layer .pdf, scanned .pdf).

A scanned PDF (no text layer) is read by OCR: OCRmyPDF driving Tesseract with its Vietnamese data
(Debian packages ``ocrmypdf``, ``tesseract-ocr``, ``tesseract-ocr-vie``), one page at a time so
that the caller can show progress. OCR is slow (seconds per page), so the web view runs it in a
Celery task (``campaigns.tasks.ocr_launch_import_task``).

A .txt file that is not UTF-8 is read as Windows-1258 (Notepad "ANSI" on a Vietnamese Windows)
when every letter it gives is a Vietnamese one; otherwise it is refused with a message that says
the file is not UTF-8 and how to save it so.

The type is decided by the file's content (magic bytes), and the name's extension must agree:
a renamed executable is refused, not parsed. PDFs are read with pypdf: it is already a pinned
runtime dependency (pdfplumber and pdfminer.six are only in requirements-dev.txt), it is pure
Python, and its text extraction keeps the reading order WeasyPrint and Word write.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.parsing import normalize_pdf_letters
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


_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _is_vietnamese_letter(ch: str) -> bool:
    if ch.isascii() or ch in "đĐ":
        return True
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.isascii() and base.isalpha() and all(m in _VIETNAMESE_MARKS for m in marks)


def _plausible_vietnamese(text: str) -> bool:
    """Every letter is an ASCII or a Vietnamese one and the Latin-1 symbols (¹ ® ¸ …) that a
    TCVN3/VNI file read as cp1258 gives are absent."""
    letters = [ch for ch in text if ch.isalpha()]
    odd = sum(1 for ch in letters if not _is_vietnamese_letter(ch))
    odd += sum(1 for ch in text if "\u00a1" <= ch <= "\u00bf" and ch not in "«»°§")
    accented = sum(1 for ch in letters if not ch.isascii())
    return bool(letters) and odd <= len(letters) // 200 and accented > 0


def _decode_text(data: bytes) -> str | None:
    text, _encoding = _decode_text_with_encoding(data)
    return text


def _decode_text_with_encoding(data: bytes) -> tuple[str | None, str | None]:
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
        if encoding != "utf-8":
            return None, None
        # Notepad "ANSI" on a Vietnamese Windows: code page 1258, tone marks as combining characters
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            return None, None
        if not _plausible_vietnamese(text):
            return None, None
        encoding = "cp1258"
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        return None, None
    return text, encoding


def _looks_like_legacy_text(data: bytes) -> bool:
    """Bytes that are text in some 8-bit code page (no NULs, few control bytes), not UTF-8."""
    if b"\x00" in data:
        return False
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls <= max(2, len(data) // 100)


def _pdf_reader(data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."), code="encrypted"
            )
        len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("Không đọc được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."), code="bad_pdf"
        ) from exc
    return reader


def _pdf_text(data: bytes) -> str:
    from pypdf.errors import PdfReadError

    reader = _pdf_reader(data)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("Không đọc được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."), code="bad_pdf"
        ) from exc
    text = "\n".join(pages)
    if sum(1 for ch in text if ch.isalpha()) < MIN_PDF_LETTERS:
        if ocr_available():
            raise ValidationError(
                _("Tệp PDF không có lớp văn bản (bản quét/ảnh chụp); cần nhận dạng chữ (OCR)."),
                code="needs_ocr",
            )
        raise ValidationError(
            _(
                "Tệp PDF không có lớp văn bản (có thể là bản quét/ảnh chụp) và máy chủ chưa cài "
                "công cụ nhận dạng chữ (OCR). Hãy tải lên bản .docx hoặc PDF xuất trực tiếp từ Word."
            ),
            code="no_text_layer",
        )
    return text


# --------------------------------------------------------------------------- OCR

OCR_LANGUAGE = "vie"
OCR_PAGE_TIMEOUT = 180  # seconds for one page; a scanned A4 page takes a few seconds
OCR_MAX_PAGES = 40  # a launch document is a few pages; the task's time limit is 30 minutes


def ocr_available() -> bool:
    """Whether OCRmyPDF and Tesseract's Vietnamese data are installed (Debian packages)."""
    tesseract = shutil.which("tesseract")
    if not shutil.which("ocrmypdf") or not tesseract:
        return False
    try:
        langs = subprocess.run(  # noqa: S603 (a fixed command, no shell)
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANGUAGE in langs


def ocr_pdf_text(data: bytes, progress: Callable[[int, int], None] | None = None) -> str:
    """Recognise the text of a scanned PDF with OCRmyPDF + Tesseract (Vietnamese), page by page.

    ``data``: the PDF's bytes. ``progress(done, total)`` is called after each page (pages, not
    per cent). Returns the NFC text, pages separated by a form feed. Raises ValidationError
    (Vietnamese message) when the file cannot be read or OCR fails."""
    from pypdf import PdfWriter

    reader = _pdf_reader(data)
    total = len(reader.pages)
    if total > OCR_MAX_PAGES:
        raise ValidationError(
            _("Bản quét có %(n)s trang; chỉ nhận dạng chữ (OCR) tối đa %(max)s trang.")
            % {"n": total, "max": OCR_MAX_PAGES},
            code="too_many_pages",
        )
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="thidua-ocr-") as tmp:
        folder = Path(tmp)
        for index, page in enumerate(reader.pages):
            writer = PdfWriter()
            writer.add_page(page)
            source, sidecar = folder / f"p{index}.pdf", folder / f"p{index}.txt"
            with source.open("wb") as handle:
                writer.write(handle)
            command = [
                shutil.which("ocrmypdf") or "/usr/bin/ocrmypdf", "-q", "-l", OCR_LANGUAGE, "--force-ocr",
                "--output-type", "none", "--sidecar", str(sidecar), "--jobs", "1", str(source), "-",
            ]  # fmt: skip
            try:
                # a fixed command on files this function wrote; no shell
                done = subprocess.run(  # noqa: S603
                    command, capture_output=True, timeout=OCR_PAGE_TIMEOUT, check=False
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise ValidationError(_("Nhận dạng chữ (OCR) thất bại."), code="ocr_failed") from exc
            if done.returncode != 0 or not sidecar.exists():
                raise ValidationError(
                    _("Nhận dạng chữ (OCR) thất bại ở trang %(n)s.") % {"n": index + 1}, code="ocr_failed"
                )
            texts.append(sidecar.read_text(encoding="utf-8", errors="replace"))
            if progress:
                progress(index + 1, total)
    return normalize_pdf_letters("\f".join(texts))


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


@dataclass
class Extraction:
    """The text of an upload and how it was read: ``source`` is "txt", "docx", "pdf" or "ocr";
    ``notes`` are Vietnamese sentences for the review screen (e.g. the encoding used)."""

    text: str
    source: str
    notes: list[str] = field(default_factory=list)


def extract_text(name: str, data: bytes) -> str:
    """Return the NFC text of an uploaded launch document or raise ValidationError (Vietnamese).

    A scanned PDF raises ValidationError code "needs_ocr" (run ``ocr_pdf_text``) when OCR is
    installed, code "no_text_layer" when it is not."""
    return extract_document(name, data).text


def extract_document(name: str, data: bytes) -> Extraction:
    """Like ``extract_text`` but also says how the text was read (see ``Extraction``)."""
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
    if kind is None and extension == ".txt" and _looks_like_legacy_text(data):
        raise ValidationError(
            _(
                "Tệp %(name)s không ở mã UTF-8 (có thể là mã TCVN3/VNI hoặc ANSI cũ) nên không đọc được. "
                "Hãy mở tệp bằng Notepad, chọn “Save as” (Lưu thành), ở mục Encoding chọn “UTF-8” "
                "rồi tải lên lại; hoặc tải lên bản .docx."
            )
            % {"name": name},
            code="not_utf8",
        )
    if kind is None or f".{kind}" != extension:
        raise ValidationError(
            _("Nội dung tệp %(name)s không phải là tệp %(ext)s hợp lệ.") % {"name": name, "ext": extension},
            code="bad_content",
        )
    notes: list[str] = []
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    else:
        decoded, encoding = _decode_text_with_encoding(data)
        text = decoded or ""
        if encoding == "cp1258":
            notes.append(
                _(
                    "Tệp không ở mã UTF-8; hệ thống đã đọc theo bảng mã Windows-1258 (ANSI tiếng Việt). "
                    "Hãy kiểm tra dấu tiếng Việt trong các trường."
                )
            )
    text = normalize_pdf_letters(text).replace("\ufeff", "")
    if not text.strip():
        raise ValidationError(_("Tệp không có nội dung văn bản."), code="empty")
    return Extraction(text=text, source=kind, notes=notes)
