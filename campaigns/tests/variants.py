"""Re-renderings of a document's text, as the parser meets them in real uploads.

A *block* is either a string (one paragraph per line) or a pair of strings (a two-column table
row, as the header and the signature block of an ND 30/2020 document are laid out).
"""

import html
import io
import os
import re
import shutil
import subprocess
import textwrap

from django.conf import settings

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "liberation"


def rewrap(text: str, width: int = 70) -> str:
    """Hard line breaks every ~70 characters in the middle of sentences, plus stray double spaces."""
    out = []
    for n, line in enumerate(text.split("\n")):
        if len(line) <= width:
            out.append(line)
            continue
        wrapped = textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False)
        out.extend(w.replace(" ", "  ", 1) if (n + i) % 3 == 0 else w for i, w in enumerate(wrapped))
    return "\n".join(out)


def _runs(paragraph, line: str) -> None:
    for k, piece in enumerate(line.split("**")):
        if piece:
            paragraph.add_run(piece).bold = k % 2 == 1


def to_docx(*blocks) -> bytes:
    """A Word document: one paragraph per line; a pair becomes a borderless two-column table."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, tuple):
            table = document.add_table(rows=1, cols=2)
            for cell, cell_text in zip(table.rows[0].cells, block, strict=True):
                cell.paragraphs[0].text = ""
                for k, line in enumerate(cell_text.split("\n")):
                    _runs(cell.paragraphs[0] if k == 0 else cell.add_paragraph(), line)
        else:
            for line in block.split("\n"):
                _runs(document.add_paragraph(), line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _inline(line: str) -> str:
    escaped = html.escape(line)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped).replace("**", "")


def to_pdf(*blocks) -> bytes:
    """A4 in Liberation Serif 13pt, one justified paragraph per line: the PDF text layer then has a
    hard line break wherever the renderer wrapped, and no blank line between paragraphs."""
    from weasyprint import HTML

    parts = []
    for block in blocks:
        if isinstance(block, tuple):
            cells = "".join(
                "<td>" + "".join(f"<p>{_inline(x)}</p>" for x in cell.split("\n")) + "</td>" for cell in block
            )
            parts.append(f"<table><tr>{cells}</tr></table>")
        else:
            parts.extend(f"<p>{_inline(line)}</p>" for line in block.split("\n") if line.strip())
    document = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: 'Liberation Serif'; src: url('LiberationSerif-Regular.ttf'); }}
      @font-face {{ font-family: 'Liberation Serif'; font-weight: bold;
                    src: url('LiberationSerif-Bold.ttf'); }}
      @page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
      body {{ font-family: 'Liberation Serif'; font-size: 13pt; }}
      p {{ margin: 0 0 6pt 0; text-align: justify; }}
      table {{ width: 100%; border-collapse: collapse; }}
      td {{ width: 50%; vertical-align: top; }} td p {{ text-align: center; margin: 0; }}
    </style></head><body>{"".join(parts)}</body></html>"""
    return HTML(string=document, base_url=str(FONT_DIR) + "/").write_pdf()


def pdftotext(pdf: bytes, *mode: str) -> str:
    """Text of a PDF as poppler's pdftotext gives it (what staff paste from a PDF viewer)."""
    import pytest

    program = shutil.which("pdftotext")
    if program is None:
        # .ci/run installs poppler-utils: in CI its absence is a failure, not a skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("poppler-utils (pdftotext) is not installed")
    done = subprocess.run([program, *mode, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def to_scanned_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """The PDF as a scanner gives it: each page rendered to a greyscale image (poppler's pdftoppm),
    the images put back into a PDF (Pillow) with no text layer at all."""
    import tempfile
    from pathlib import Path

    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="thidua-scan-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(folder / "in.pdf"), str(folder / "page")],
            check=True,
            capture_output=True,
        )
        pages = [Image.open(p).convert("L") for p in sorted(folder.glob("page*.png"))]
        out = io.BytesIO()
        pages[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
        return out.getvalue()
