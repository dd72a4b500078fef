"""Rich text of a draft's sections: the one sanitiser, and the conversions to and from plain text.

A section edited in the browser (Quill) or read from an uploaded .docx keeps its body as HTML,
limited to what the PDF templates print (templates/documents/pdf/_sections.html, _base.css):
paragraphs, line breaks, bold, italic, underline and simple lists. Everything else (scripts,
styles, event handlers, links, images, tables, classes) is removed by `sanitise_section_html`,
which runs on every save, on every .docx upload and again when a section is rendered.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

from core.search import normalize_text

# The tags the PDF body supports (ND 30/2020: body text, bold headings, lists of points).
ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ol", "ul", "li"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {}
# Removed with their content (not only their tags).
CLEAN_CONTENT_TAGS = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg"}
)

_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br\s*/?>)*</p>")
_BLOCK_END = re.compile(r"</(?:p|li)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def sanitise_section_html(value: str | None) -> str:
    """Return `value` (an HTML fragment from the editor or a .docx) reduced to ALLOWED_TAGS.

    Scripts, styles and their content, every attribute (on* handlers, style, class, href…),
    comments and unsupported tags are dropped (their text kept); text is NFC-normalised, no-break
    spaces become spaces and empty paragraphs are removed. Returns "" for empty input. Never
    raises on malformed HTML (nh3 parses it like a browser).
    """
    if not value:
        return ""
    cleaned = nh3.clean(
        normalize_text(str(value)).replace("\u00a0", " ").replace("&nbsp;", " "),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        strip_comments=True,
        link_rel=None,
    )
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned).strip()
    return "" if not html_to_text(cleaned) else cleaned


def text_to_html(text: str | None) -> str:
    """Plain text (one paragraph a line, as typed in the no-JavaScript textarea) -> "<p>…</p>"
    paragraphs, escaped; blank lines dropped. Returns "" for empty text."""
    lines = [normalize_text(line) for line in (text or "").replace("\r", "").split("\n")]
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def html_to_text(value: str | None) -> str:
    """A section's HTML -> plain text, one paragraph or list item a line (for the plain textarea,
    search and tests). Returns "" for empty input."""
    if not value:
        return ""
    text = _TAG.sub("", _BLOCK_END.sub("\n", str(value)))
    lines = [" ".join(html.unescape(line).split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def section_html(section: dict) -> str:
    """The body of a stored section as sanitised HTML: the "html" of an edited section, or the
    "paragraphs" (plain text, escaped) of a section prepared before rich text existed."""
    if section.get("html"):
        return sanitise_section_html(section["html"])
    return "".join(
        f"<p>{html.escape(normalize_text(str(p)), quote=False)}</p>" for p in section.get("paragraphs") or []
    )


def section_body_safe(section: dict) -> SafeString:
    """`section_html(section)` marked safe for the PDF template (it is sanitised here)."""
    return mark_safe(section_html(section))  # noqa: S308 - sanitised by sanitise_section_html
