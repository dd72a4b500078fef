"""Every sample passes the ND 30/2020 checks (documents.pdfcheck, ported from check_pdf.py)."""

import datetime
import io

import pdfplumber
import pytest
from django.core.exceptions import ImproperlyConfigured

from documents.conf import validate_margins
from documents.pdfcheck import appendix_start_pages, check_pdf, pdf_fonts
from documents.rendering import render_pdf
from documents.samples import samples
from documents.services import format_date_line, format_number, signature_lines, symbol_suffix

SAMPLE_NAMES = [name for name, _, _ in samples(annex_rows=1, certificates=1)]


def _kind(name: str) -> str:
    if name == "giay_khen_lo.pdf":
        return "certificate"
    if name == "giay_khen_in_phoi.pdf":
        return "blank"
    return "document"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_passes_every_layout_check(rendered_samples, name):
    pdf, _template = rendered_samples[name]
    results = check_pdf(pdf, kind=_kind(name), page_size_mm=(297, 210))
    failed = [(c.name, c.detail) for c in results if not c.ok]
    assert failed == []
    assert len(results) >= (16 if _kind(name) == "document" else 5)


def test_every_template_has_a_sample():
    templates = {template for _, template, _ in samples(annex_rows=1, certificates=1)}
    assert {
        "documents/pdf/decision.html",
        "documents/pdf/submission.html",
        "documents/pdf/minutes.html",
        "documents/pdf/report.html",
        "documents/pdf/plan.html",
        "documents/pdf/directive.html",
        "documents/pdf/letter.html",
        "documents/pdf/certificate.html",
        "documents/pdf/certificate_blank.html",
    } <= templates


def test_decision_annex_restarts_numbering_and_repeats_header(rendered_samples):
    pdf, _ = rendered_samples["quyet_dinh_danh_sach.pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        starts = appendix_start_pages(doc)
        assert len(starts) == 1
        assert starts[0] >= 2
        pages = doc.pages
        assert len(pages) - starts[0] + 1 >= 8  # 300 rows span many pages
        first = pages[starts[0] - 1].extract_text()
        assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in first
        assert "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2025" in " ".join(first.split())
        # the last individual (270) is printed, each row whole on one page
        last_text = pages[-1].extract_text()
        assert "\n270 " in last_text


def test_certificate_batch_is_one_landscape_page_per_certificate(rendered_samples):
    pdf, _ = rendered_samples["giay_khen_lo.pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 20
        assert all(p.width > p.height for p in doc.pages)
        assert all("GIẤY KHEN" in p.extract_text() for p in doc.pages)


def test_draft_watermark_on_every_page():
    _name, template, ctx = next(
        s for s in samples(annex_rows=60, certificates=1) if s[0] == "quyet_dinh_danh_sach.pdf"
    )
    pdf = render_pdf(template, ctx, draft=True)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        # the watermark is rotated: read its (large) characters rather than the text flow
        assert all("".join(c["text"] for c in p.chars if c["size"] > 30) == "BẢN NHÁP" for p in doc.pages)


def test_final_document_has_no_watermark(rendered_samples):
    pdf, _ = rendered_samples["quyet_dinh_1_trang.pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert not [c for c in doc.pages[0].chars if c["size"] > 30]


def test_fonts_are_only_embedded_liberation_serif(rendered_samples, tmp_path):
    for name, (pdf, _) in rendered_samples.items():
        path = tmp_path / name
        path.write_bytes(pdf)
        fonts = pdf_fonts(str(path))
        assert fonts, name
        assert all(emb == "yes" for _, emb in fonts), name
        assert all(f.split("+", 1)[-1].startswith("Liberation-Serif") for f, _ in fonts), name


def test_checker_catches_a_document_without_header():
    pdf = render_pdf(
        "documents/pdf/certificate_blank.html",
        {
            "doc": {},
            "layout": {"page_width_mm": 210, "page_height_mm": 297},
            "certificates": [
                {"fields": [{"name": "x", "text": "Chữ", "x": 5, "y": 100, "w": 50, "size": 10}]}
            ],
        },
    )
    failed = {c.name for c in check_pdf(pdf) if not c.ok}
    assert {"Quốc hiệu text", "Tiêu ngữ text", "all text inside margins"} <= failed


def test_number_and_date_formatting():
    assert format_number(5) == "05"
    assert format_number(12) == "12"
    assert format_date_line("Tam Đường", datetime.date(2026, 1, 5)) == "Tam Đường, ngày 05 tháng 01 năm 2026"
    assert format_date_line("Tam Đường", datetime.date(2026, 2, 9)).endswith("ngày 09 tháng 02 năm 2026")
    assert format_date_line("Tam Đường", datetime.date(2026, 11, 20)).endswith("ngày 20 tháng 11 năm 2026")
    assert format_date_line("Tam Đường", datetime.date(2026, 3, 15)).endswith("ngày 15 tháng 3 năm 2026")


def test_symbols_follow_annex_three():
    assert symbol_suffix(doc_type="quyet_dinh", issuer_code="UBND") == "QĐ-UBND"
    assert symbol_suffix(doc_type="to_trinh", issuer_code="PNV") == "TTr-PNV"
    assert symbol_suffix(doc_type="bao_cao", issuer_code="UBND") == "BC-UBND"
    assert symbol_suffix(doc_type="bien_ban", issuer_code="HĐTĐKT") == "BB-HĐTĐKT"
    assert symbol_suffix(doc_type="ke_hoach", issuer_code="UBND") == "KH-UBND"
    assert symbol_suffix(doc_type="chi_thi", issuer_code="UBND") == "CT-UBND"
    assert symbol_suffix(doc_type="cong_van", issuer_code="UBND", drafting_unit_code="VP") == "UBND-VP"


def test_signature_lines_by_capacity():
    assert signature_lines(signing_capacity="", signer_title="Chủ tịch") == ["Chủ tịch"]
    assert signature_lines(signing_capacity="KT.", signer_title="Phó Chủ tịch", signing_for="Chủ tịch") == [
        "KT. Chủ tịch",
        "Phó Chủ tịch",
    ]
    assert signature_lines(
        signing_capacity="TM.", signer_title="Chủ tịch", signing_for="Ủy ban nhân dân"
    ) == [
        "TM. Ủy ban nhân dân",
        "Chủ tịch",
    ]
    assert signature_lines(signing_capacity="Q.", signer_title="Chủ tịch") == ["Q. Chủ tịch"]


@pytest.mark.parametrize(
    "margins", [(19, 15, 20, 30), (20, 14, 20, 30), (20, 15, 26, 30), (20, 15, 20, 36), ("a", 1)]
)
def test_margins_outside_the_decree_are_refused(margins):
    with pytest.raises(ImproperlyConfigured):
        validate_margins(margins)


def test_configured_margins_are_used(settings):
    settings.THIDUA_PDF_MARGINS_MM = [25, 20, 25, 35]
    _name, template, ctx = next(
        s for s in samples(annex_rows=0, certificates=1) if s[0] == "quyet_dinh_1_trang.pdf"
    )
    pdf = render_pdf(template, ctx)
    assert [c.name for c in check_pdf(pdf, margins=(25, 20, 25, 35)) if not c.ok] == []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        x0 = min(c["x0"] for c in doc.pages[0].chars)
    assert abs(x0 - 35 * 72 / 25.4) < 1.5 * 72 / 25.4


def test_sample_command_writes_every_template(tmp_path):
    from django.core.management import call_command

    call_command(
        "render_sample_documents", str(tmp_path), "--annex-rows=20", "--certificates=2", stdout=io.StringIO()
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(name for name, _, _ in samples(annex_rows=1, certificates=1))
    assert all((tmp_path / name).read_bytes().startswith(b"%PDF") for name in written)


@pytest.mark.parametrize("rows", [26, 27, 28, 29, 30, 34])  # around the page-2 boundary
def test_signed_annex_keeps_the_signature_with_its_last_rows(rows):
    from documents.samples import decision_context
    from documents.services import template_context

    _name, template, ctx = next(
        s for s in samples(annex_rows=0, certificates=1) if s[0] == "quyet_dinh_1_trang.pdf"
    )
    annex = decision_context(rows)["annexes"][0]
    annex["rows"] = [r for r in annex["rows"] if "cells" in r]
    annex["signed"] = True
    pdf = render_pdf(template, template_context({**ctx, "annexes": [annex]}, ctx["doc"]))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = next(p for p in reversed(doc.pages) if "Sùng Lữ Páo" in p.extract_text())
        assert page is doc.pages[-1]
        lines = [ln["text"] for ln in page.extract_text_lines()]
    last_stt = str(annex["rows"][-1]["cells"][0])
    assert any(line.startswith(f"{last_stt} ") for line in lines), lines[:3]


def test_system_check_reports_bad_margins(settings):
    from documents.checks import pdf_margins_check

    assert pdf_margins_check(None) == []
    settings.THIDUA_PDF_MARGINS_MM = [10, 15, 20, 30]
    errors = pdf_margins_check(None)
    assert [e.id for e in errors] == ["documents.E001"]


def test_two_annexes_are_numbered_and_paginated_separately():
    from documents.samples import decision_context
    from documents.services import template_context

    _name, template, ctx = next(
        s for s in samples(annex_rows=0, certificates=1) if s[0] == "quyet_dinh_1_trang.pdf"
    )
    first = decision_context(60)["annexes"][0]
    second = {**first, "title": "Danh sách hộ gia đình được tặng Giấy khen", "rows": first["rows"][:20]}
    pdf = render_pdf(template, template_context({**ctx, "annexes": [first, second]}, ctx["doc"]))
    assert [c.name for c in check_pdf(pdf) if not c.ok] == []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        starts = appendix_start_pages(doc)
        assert len(starts) == 2
        assert doc.pages[starts[0] - 1].extract_text().startswith("Phụ lục I\n")
        assert doc.pages[starts[1] - 1].extract_text().startswith("Phụ lục II\n")
