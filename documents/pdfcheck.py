"""Checks of an issued PDF against ND 30/2020 Annex I (port of shared/tools/check_pdf.py).

Needs pdfplumber, pikepdf (test requirements) and poppler's `pdffonts`. Used by the tests;
`check_pdf(...)` returns a list of Check(name, ok, detail), `failures(...)` only the failed ones.
"""

import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass

MM = 72 / 25.4
ALLOWED_FONTS = ("Liberation-Serif", "LiberationSerif")
DOC_TYPES = ["QUYẾT ĐỊNH", "TỜ TRÌNH", "BÁO CÁO", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "BIÊN BẢN"]
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
DATE_RE = r"ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


def pdf_fonts(path: str) -> list[tuple[str, str]]:
    """[(font name, embedded yes/no)] from poppler's pdffonts."""
    cmd = ["pdffonts", path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[2:]  # noqa: S603
    return [(ln.split()[0], ln.split()[-5]) for ln in out if ln.strip()]


def _line_chars(page, needle):
    for ln in page.extract_text_lines(return_chars=True):
        if needle in ln["text"]:
            chars = [c for c in ln["chars"] if not c["text"].isspace()]
            pre = len(ln["text"][: ln["text"].index(needle)].replace(" ", ""))
            return chars[pre : pre + len(needle.replace(" ", ""))]
    return []


def _style(chars):
    return (
        sorted({round(c["size"], 1) for c in chars}),
        bool(chars) and all("Bold" in c["fontname"] for c in chars),
        bool(chars) and all("Italic" in c["fontname"] or "Oblique" in c["fontname"] for c in chars),
    )


def appendix_start_pages(pdf) -> list[int]:
    """1-based pages whose first line is an annex title ("Phụ lục …")."""
    starts = []
    for n, page in enumerate(pdf.pages, 1):
        lines = page.extract_text_lines()
        body = [ln for ln in lines if ln["top"] > 15 * MM]  # skip the page number
        if body and body[0]["text"].startswith("Phụ lục"):
            starts.append(n)
    return starts


def _common_checks(path, pdf, results, *, landscape: bool, page_size_mm=None):
    fonts = pdf_fonts(path)
    names = sorted({f.split("+", 1)[-1] for f, _ in fonts})
    results.append(
        Check("all fonts embedded", bool(fonts) and all(e == "yes" for _, e in fonts), ", ".join(names))
    )
    results.append(
        Check(
            "only Liberation Serif (no fallback font)",
            bool(names) and all(n.startswith(ALLOWED_FONTS) for n in names),
            ", ".join(names),
        )
    )
    if page_size_mm:
        w, h = (x * MM for x in page_size_mm)
    elif landscape:
        w, h = 841.89, 595.28
    else:
        w, h = 595.28, 841.89
    results.append(
        Check(
            "page size" + (" A4 landscape" if landscape else " A4 portrait"),
            all(abs(float(p.width) - w) < 1 and abs(float(p.height) - h) < 1 for p in pdf.pages),
        )
    )
    alltext = "\n".join(p.extract_text() or "" for p in pdf.pages)
    results.append(
        Check("NFC, no U+FFFD", unicodedata.is_normalized("NFC", alltext) and "\ufffd" not in alltext)
    )
    import pikepdf

    with pikepdf.open(path) as pk:
        results.append(
            Check(
                "Title, Author, /Lang=vi",
                "/Title" in pk.docinfo and "/Author" in pk.docinfo and str(pk.Root.get("/Lang")) == "vi",
            )
        )
    return alltext


def check_pdf(
    data: bytes,
    *,
    margins=(20, 15, 20, 30),
    kind: str = "document",
    page_size_mm=None,
) -> list[Check]:
    """kind: "document" (ND 30 page frame), "certificate" (A4 landscape Giấy khen) or "blank" (phôi)."""
    import pdfplumber

    results: list[Check] = []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        with pdfplumber.open(tmp.name) as pdf:
            if kind == "blank":
                _common_checks(tmp.name, pdf, results, landscape=True, page_size_mm=page_size_mm)
                return results
            alltext = _common_checks(tmp.name, pdf, results, landscape=kind == "certificate")
            if kind == "certificate":
                _certificate_checks(pdf, results)
            else:
                _document_checks(pdf, results, margins, alltext)
    return results


def _certificate_checks(pdf, results):
    every = all(
        QUOC_HIEU in (p.extract_text() or "") and TIEU_NGU in (p.extract_text() or "") for p in pdf.pages
    )
    results.append(Check("Quốc hiệu and Tiêu ngữ on every certificate", every))
    m = 12 * MM
    bad = [
        (n, c["text"])
        for n, pg in enumerate(pdf.pages, 1)
        for c in pg.chars
        if not c["text"].isspace()
        and (
            c["x0"] < m - 0.5
            or c["x1"] > pg.width - m + 0.5
            or c["top"] < m - 0.5
            or c["bottom"] > pg.height - m
        )
    ]
    results.append(Check("all text inside the 12 mm frame", not bad, str(bad[:5])))


def _document_checks(pdf, results, margins, alltext):
    top_m, right_m, bottom_m, left_m = margins
    p1 = pdf.pages[0]
    W, H = float(p1.width), float(p1.height)
    text1 = unicodedata.normalize("NFC", p1.extract_text() or "")
    flat = re.sub(r"\s+", " ", alltext)
    results.append(Check("Quốc hiệu text", QUOC_HIEU in text1))
    results.append(Check("Tiêu ngữ text", TIEU_NGU in text1))

    qh = _line_chars(p1, QUOC_HIEU)
    s, b, i = _style(qh)
    results.append(
        Check(
            "Quốc hiệu 12-13pt bold upright, right half",
            bool(qh) and all(12 <= x <= 13 for x in s) and b and not i and qh[0]["x0"] > W / 2 - 20 * MM,
            str(s),
        )
    )
    tn = _line_chars(p1, TIEU_NGU)
    s, b, i = _style(tn)
    results.append(
        Check(
            "Tiêu ngữ 13-14pt bold upright",
            bool(tn) and all(13 <= x <= 14 for x in s) and b and not i,
            str(s),
        )
    )
    if tn:
        x0, x1, bot = tn[0]["x0"], tn[-1]["x1"], max(c["bottom"] for c in tn)
        segs = [(r["x0"], r["x1"], r["bottom"]) for r in p1.lines + p1.rects + p1.curves]
        results.append(
            Check(
                "Tiêu ngữ underline = text length",
                any(
                    0 <= g[2] - bot < 8 and abs(g[0] - x0) < 2.5 * MM and abs(g[1] - x1) < 2.5 * MM
                    for g in segs
                ),
            )
        )
    so = _line_chars(p1, "Số:")
    if so:
        results.append(_agency_rule_check(p1, so[0]["top"], left_m))
    dt = next(
        (
            ln["chars"]
            for ln in p1.extract_text_lines(return_chars=True)
            if re.search(r"ngày \d{2} tháng \d{1,2} năm \d{4}", ln["text"])
        ),
        [],
    )
    results.append(
        Check(
            "Số 13pt, same line as date",
            bool(so) and _style(so)[0] == [13.0] and bool(dt) and abs(so[0]["bottom"] - dt[0]["bottom"]) < 3,
        )
    )
    if dt:
        d = [c for c in dt if not c["text"].isspace() and c["x0"] > (qh[0]["x0"] if qh else W / 2) - 12 * MM]
        s, b, i = _style(d)
        results.append(
            Check(
                "date 13-14pt italic, zero padding",
                all(13 <= x <= 14 for x in s) and i and bool(re.search(DATE_RE, flat)),
                str(s),
            )
        )
    area_c = (left_m * MM + W - right_m * MM) / 2
    for t in DOC_TYPES:
        tc = _line_chars(p1, t)
        if tc and all("Bold" in c["fontname"] for c in tc):
            s, _, _ = _style(tc)
            results.append(
                Check(
                    f"'{t}' 13-14pt bold centred ±2mm",
                    all(13 <= x <= 14 for x in s) and abs((tc[0]["x0"] + tc[-1]["x1"]) / 2 - area_c) < 2 * MM,
                )
            )
            break
    body = [c for c in p1.chars if H * 0.30 < c["top"] < H * 0.75 and not c["text"].isspace()]
    results.append(
        Check(
            "body 13-14pt (>=90%)",
            sum(13 <= round(c["size"], 1) <= 14 for c in body) >= 0.9 * max(1, len(body)),
        )
    )
    for n, page in enumerate(pdf.pages, 1):
        nn = _line_chars(page, "Nơi nhận:")
        if nn:
            s, b, i = _style(nn)
            results.append(
                Check(
                    f"'Nơi nhận:' 12pt bold italic at left margin (p.{n})",
                    s == [12.0] and b and i and abs(nn[0]["x0"] - left_m * MM) < 1.5 * MM,
                    str(s),
                )
            )
            break
    bad = [
        (n, c["text"])
        for n, pg in enumerate(pdf.pages, 1)
        for c in pg.chars
        if not c["text"].isspace()
        and c["bottom"] >= top_m * MM
        and (
            c["x0"] < left_m * MM - 0.5
            or c["x1"] > W - right_m * MM + 0.5
            or c["bottom"] > H - bottom_m * MM + 0.5
        )
    ]
    results.append(Check("all text inside margins", not bad, str(bad[:5])))

    starts = appendix_start_pages(pdf)
    errs = []
    for n, pg in enumerate(pdf.pages, 1):
        begun = [s for s in starts if s <= n]
        k = n - begun[-1] + 1 if begun else n
        exp = None if k == 1 else str(k)
        tc = [c for c in pg.chars if c["bottom"] < top_m * MM and not c["text"].isspace()]
        got = "".join(c["text"] for c in tc) or None
        if got != exp or (
            tc
            and (
                abs((tc[0]["x0"] + tc[-1]["x1"]) / 2 - area_c) > 2 * MM
                or not all(13 <= round(c["size"], 1) <= 14 for c in tc)
            )
        ):
            errs.append((n, exp, got))
    results.append(
        Check("page numbers (hidden on p.1 / annex p.1, centred, 13-14pt)", not errs, str(errs[:5]))
    )
    if starts:
        missing = [
            p
            for p in range(starts[0], len(pdf.pages) + 1)
            if "STT" not in (pdf.pages[p - 1].extract_text() or "")
        ]
        results.append(Check("table header STT on every annex page", not missing, str(missing)))


def _agency_rule_check(page, number_top: float, left_m: float) -> Check:
    """The rule under the issuing body is 1/3 to 1/2 of its (longest) line, centred under it."""
    column_end = (left_m + 62) * MM
    bold = [
        c
        for c in page.chars
        if "Bold" in c["fontname"]
        and round(c["size"]) == 12
        and c["x1"] <= column_end
        and c["top"] < number_top
    ]
    lines: dict[int, list] = {}
    for c in bold:
        lines.setdefault(round(c["top"]), []).append(c)
    if not lines:
        return Check("issuing-body rule 1/3-1/2 of its line", False, "no bold 12 pt agency name")
    widths = [max(c["x1"] for c in cs) - min(c["x0"] for c in cs) for cs in lines.values()]
    centre = sum((min(c["x0"] for c in cs) + max(c["x1"] for c in cs)) / 2 for cs in lines.values()) / len(
        lines
    )
    last_bottom = max(c["bottom"] for c in bold)
    rules = [
        r
        for r in page.rects + page.lines + page.curves
        if 0 <= r["bottom"] - last_bottom < 12 and r["x1"] <= column_end and r["x1"] - r["x0"] > 2
    ]
    ratios = [(r["x1"] - r["x0"]) / max(widths) for r in rules]
    ok = any(
        0.32 <= ratio <= 0.52 and abs((r["x0"] + r["x1"]) / 2 - centre) < 2 * MM
        for r, ratio in zip(rules, ratios, strict=True)
    )
    return Check("issuing-body rule 1/3-1/2 of its line", ok, str([round(x, 2) for x in ratios]))


def failures(data: bytes, **kwargs) -> list[Check]:
    return [c for c in check_pdf(data, **kwargs) if not c.ok]
