"""HTML -> PDF with WeasyPrint: bundled fonts, a fetcher limited to our static files, NFC text."""

import base64
import io
import logging
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from documents.conf import page_margins

# WeasyPrint logs every layout step at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Static files a document may load: fonts, stylesheets, images.
ALLOWED_EXTENSIONS = {".ttf", ".otf", ".woff", ".woff2", ".css", ".png", ".jpg", ".jpeg", ".svg", ".gif"}
# data: URIs are allowed only for images (the QR code).
ALLOWED_DATA_TYPES = ("image/png", "image/svg+xml")
FONT_FILES = {
    "regular": "fonts/liberation/LiberationSerif-Regular.ttf",
    "bold": "fonts/liberation/LiberationSerif-Bold.ttf",
    "italic": "fonts/liberation/LiberationSerif-Italic.ttf",
    "bold_italic": "fonts/liberation/LiberationSerif-BoldItalic.ttf",
}


class RefusedURL(ValueError):
    """Raised by the URL fetcher for anything that is not one of our static files."""


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _is_inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def safe_url_fetcher_response(url: str):
    """Fetch `url` for WeasyPrint, or raise RefusedURL.

    Serves only files under the project's static directories with an allowed extension,
    and data: URIs carrying a PNG or SVG image. http(s), ftp, other file paths: refused.
    """
    from weasyprint.urls import URLFetcherResponse

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        header, _sep, payload = url[5:].partition(",")
        mime = header.split(";")[0].strip().lower()
        if mime not in ALLOWED_DATA_TYPES:
            raise RefusedURL(f"data: URI of type {mime!r} refused")
        body = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        return URLFetcherResponse(url, body, {"Content-Type": mime})
    if scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()
        if _is_inside(path, _static_roots()) and path.suffix.lower() in ALLOWED_EXTENSIONS and path.is_file():
            return URLFetcherResponse(path.as_uri(), path.read_bytes())
    raise RefusedURL(f"URL refused: {url[:200]}")


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return safe_url_fetcher_response(url)

    return StaticOnlyURLFetcher


_FETCHER = None


def url_fetcher():
    global _FETCHER
    if _FETCHER is None:
        _FETCHER = _fetcher_class()()
    return _FETCHER


def static_file_uri(relative: str) -> str:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(relative)
    return Path(found).resolve().as_uri()


# Internal marks never printed (design/quality: "never print ⚠ or law.md"): the ⚠ sign and
# references to the project's law notes, e.g. " (law.md §7.3)" or "law.md §11.2".
_INTERNAL_MARKS = re.compile(
    r"\s*\((?:[^()]*?\b)?law\.md[^()]*\)|\s*\blaw\.md(?:\s*§\s*[\d.]+)?|\s*⚠\ufe0f?\s*"
)


def printable(text: str) -> str:
    """`text` without internal marks (⚠, law.md references); spacing kept tidy."""
    if "⚠" not in text and "law.md" not in text:
        return text
    cleaned = _INTERNAL_MARKS.sub(" ", text)
    return re.sub(r"[ \t]{2,}", " ", cleaned).replace(" .", ".").replace(" ,", ",").strip()


def nfc(value):
    """NFC-normalise every string in a (nested) context and drop internal marks (`printable`)."""
    if isinstance(value, str):
        if value.startswith("data:"):
            return value
        normalised = unicodedata.normalize("NFC", printable(value))
        # Sanitised markup (documents.richtext) stays markup: a plain str would be escaped and the
        # document would print its tags.
        return mark_safe(normalised) if isinstance(value, SafeData) else normalised  # noqa: S308
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(v) for v in value]
    return value


def qr_data_uri(text: str) -> str:
    """A QR code as a data: URI (SVG path image; scales without blur)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def base_context(draft: bool, *, for_browser: bool = False) -> dict:
    """The context every printed template gets: fonts, margins, the draft flag.

    WeasyPrint loads the fonts from file:// URLs (through our fetcher); an HTML preview shown to
    a browser gets their /static/ URLs instead, so no server path leaks into the page.
    """
    margins = page_margins()
    if for_browser:
        from django.templatetags.static import static

        fonts = {k: static(v) for k, v in FONT_FILES.items()}
    else:
        fonts = {k: static_file_uri(v) for k, v in FONT_FILES.items()}
    return {
        "pdf_fonts": fonts,
        "pdf_margins": margins,
        "draft": draft,
    }


def render_html(template_name: str, context: dict, *, draft: bool = False, for_browser: bool = False) -> str:
    """The printed template as HTML; `for_browser` for a preview page (static URLs for fonts)."""
    ctx = nfc(dict(context))
    ctx.update(base_context(draft, for_browser=for_browser))
    with translation.override("vi"):
        html = render_to_string(template_name, ctx)
    return unicodedata.normalize("NFC", html)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=url_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, *, draft: bool = False) -> bytes:
    """Render a template under templates/documents/pdf/ to PDF bytes.

    `draft=True` prints a "BẢN NHÁP" watermark on every page.
    """
    return html_to_pdf(render_html(template_name, context, draft=draft))
