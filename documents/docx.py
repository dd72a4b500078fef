"""A draft's sections as a Word .docx and back (python-docx), for editing offline.

Download: the title ("Title" style), then each section's heading ("Heading 1") and its body —
paragraphs and list items ("List Bullet" / "List Number") with bold, italic and underline kept.
Upload: the paragraphs are read in order; a "Heading …" paragraph starts a section, and so does a
normal paragraph that is a heading line numbered with a Roman numeral ("I.", "II." — ND 30/2020's
first level: short and, in a file that also uses heading styles, mostly upper case), so a part
typed in normal style in a downloaded file is not merged into the part before it; the text
before the first heading is the preamble (a section without heading).
Bodies are sanitised like the browser editor's output (documents.richtext).
"""

import html
import io
import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.richtext import sanitise_section_html

MAX_SECTIONS = 200
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\s*[.:/]\s*\S")
_HEADING_MAX_CHARS = 150
_MARKS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline"}


class _BodyParser(HTMLParser):
    """Sanitised section HTML -> [(list kind or "", [(text, {"bold", …})])] paragraphs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, list[tuple[str, frozenset]]]] = []
        self.marks: list[str] = []
        self.lists: list[str] = []
        self.current: list[tuple[str, frozenset]] | None = None

    def _open(self):
        if self.current is None:
            self.current = []
            self.paragraphs.append((self.lists[-1] if self.lists else "", self.current))

    def handle_starttag(self, tag, attrs):
        if tag in _MARKS:
            self.marks.append(_MARKS[tag])
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.current = None
        elif tag in ("p", "li"):
            self.current = None
            self._open()
        elif tag == "br":
            self._open()
            self.current.append(("\n", frozenset()))

    def handle_endtag(self, tag):
        if tag in _MARKS and _MARKS[tag] in self.marks:
            self.marks.remove(_MARKS[tag])
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.current = None
        elif tag in ("p", "li"):
            self.current = None

    def handle_data(self, data):
        if not data.strip() and self.current is None:
            return
        self._open()
        self.current.append((data, frozenset(self.marks)))


def sections_to_docx(*, title: str, sections: list[tuple[str, str]]) -> bytes:
    """[(heading, sanitised body HTML)] -> the bytes of a .docx (see the module docstring)."""
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    for heading, body in sections:
        if heading:
            document.add_heading(heading, level=1)
        parser = _BodyParser()
        parser.feed(body or "")
        for kind, runs in parser.paragraphs:
            style = {"ul": "List Bullet", "ol": "List Number"}.get(kind)
            paragraph = document.add_paragraph(style=style)
            for text, marks in runs:
                for i, piece in enumerate(text.split("\n")):
                    if i:
                        paragraph.add_run().add_break()
                    if piece:
                        run = paragraph.add_run(piece)
                        run.bold = "bold" in marks or None
                        run.italic = "italic" in marks or None
                        run.underline = "underline" in marks or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs_html(paragraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = html.escape(run.text, quote=False).replace("\n", "<br>").replace("\t", " ")
        if not text:
            continue
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _is_roman_heading(text: str, *, strict: bool) -> bool:
    """A short line numbered "IV. …"; `strict` (a file with heading styles) also asks that most
    of its letters be upper case, as ND 30/2020 sets first-level headings."""
    if len(text) > _HEADING_MAX_CHARS or not _ROMAN_HEADING.match(text):
        return False
    if not strict:
        return True
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def docx_to_sections(data: bytes) -> list[dict]:
    """The bytes of an (already validated) .docx -> sections [{"heading", "html"}], sanitised.

    Raises ValidationError (Vietnamese) when the file cannot be read or holds no text, or holds
    more than MAX_SECTIONS sections.
    """
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        raise ValidationError(_("Không đọc được tệp Word này."), code="unreadable") from exc
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    styled = any((p.style.name or "").startswith("Heading") for p in paragraphs if p.style is not None)
    sections: list[dict] = []
    heading, body, list_kind = "", [], ""

    def flush():
        nonlocal body, list_kind
        if list_kind:
            body.append(f"</{list_kind}>")
            list_kind = ""
        html_body = sanitise_section_html("".join(body))
        if heading or html_body:
            sections.append({"heading": heading, "html": html_body})
        body = []

    for p in paragraphs:
        style = (p.style.name if p.style is not None else "") or ""
        text = " ".join(p.text.split())
        if style == "Title":
            continue
        if style.startswith("Heading") or _is_roman_heading(text, strict=styled):
            flush()
            heading = text
            continue
        kind = "ul" if style.startswith("List Bullet") else "ol" if style.startswith("List Number") else ""
        if kind != list_kind:
            if list_kind:
                body.append(f"</{list_kind}>")
            if kind:
                body.append(f"<{kind}>")
            list_kind = kind
        tag = "li" if kind else "p"
        body.append(f"<{tag}>{_runs_html(p)}</{tag}>")
    flush()
    if not sections:
        raise ValidationError(_("Tệp Word không có nội dung."), code="empty")
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(
            _("Tệp Word có quá nhiều mục (tối đa %(n)s).") % {"n": MAX_SECTIONS}, code="too_many"
        )
    return sections
