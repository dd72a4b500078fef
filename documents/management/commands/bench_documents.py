"""Render times in a warm process (documents.md §5): targets 0.15 s, 4 s and 5 s; then the
province-scale case of issue 17: a decision with a 1,000-line annex renders within 10 s and
300 MB, measured in a fresh process (wall time and peak resident memory)."""

import io
import json
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from core.formats import format_vn_decimal
from documents.rendering import render_pdf
from documents.samples import AUTHORITY, _doc, certificate_batch_context, decision_context
from documents.services import TEMPLATES, template_context

SUBJECT = "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích năm 2025"
# Issue 17: a 1,000-line decision renders in the background within 10 s and 300 MB.
LONG_ANNEX_LINES = 1000
LONG_TARGET_SECONDS = 10.0
LONG_TARGET_MB = 300


def decision_render_case(lines: int) -> tuple[str, dict]:
    """The decision template and its context with a sample annex of `lines` rows (documents
    samples: 1 collective in 10). Returns (template name, context)."""
    decision = TEMPLATES["quyet_dinh"]
    doc = _doc("quyet_dinh", 5, subject=SUBJECT)
    return decision, template_context(decision_context(lines), doc)


def award_decision_case(lines: int) -> tuple[str, dict]:
    """The decision template with an annex shaped as an issued award decision's (the five columns
    of nominations.services.issuing.decision_context: STT, name, position and unit, award, bonus,
    and a total row): `lines` sample awardees. Its rows wrap the way a real annex's do, so it
    takes the pages a real decision takes (about 20 lines a page). Returns (template, context)."""
    template, ctx = decision_render_case(lines)
    awards = ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Giấy khen"]
    rows = [
        row
        if "group" in row
        else {"cells": [*row["cells"][:3], awards[row["cells"][0] % 3], format_vn_decimal(540_000, 0)]}
        for row in ctx["annexes"][0]["rows"]
    ]
    rows.append({"cells": ["", "Tổng cộng", "", "", format_vn_decimal(540_000 * lines, 0)]})
    ctx["annexes"] = [
        {
            **ctx["annexes"][0],
            "columns": [
                {"title": "STT", "width": 6},
                {"title": "Họ và tên / Tên tập thể", "width": 30},
                {"title": "Chức vụ, đơn vị", "width": 28},
                {"title": "Danh hiệu, hình thức", "width": 20},
                {"title": "Tiền thưởng (đồng)", "width": 16},
            ],
            "rows": rows,
        }
    ]
    return template, ctx


def render_in_fresh_process(lines: int) -> dict:
    """Render a decision with a `lines`-line award annex (`award_decision_case`) in a new Python
    process (`manage.py bench_documents --child-render LINES`) and return {"seconds": wall time of
    the render in the child, "total_seconds": the child's whole run (start-up, imports, fonts),
    "peak_mb": the child's peak resident set size (MiB, from getrusage(RUSAGE_CHILDREN).ru_maxrss,
    which counts WeasyPrint's C allocations too), "pages": PDF pages, "kib": PDF size}.

    Raises subprocess.CalledProcessError if the child fails. The peak is the largest of every
    child this process has waited for: call it before starting any other child process.
    """
    started = time.perf_counter()
    out = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "bench_documents",
            "--child-render",
            str(lines),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    total = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {**result, "total_seconds": total, "peak_mb": peak_kib / 1024}


class Command(BaseCommand):
    help = "Đo thời gian tạo PDF (tiến trình đã khởi động) và quyết định 1.000 dòng (tiến trình mới)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument(
            "--long-lines",
            type=int,
            default=LONG_ANNEX_LINES,
            help="Số dòng phụ lục của quyết định đo trong tiến trình mới (0: bỏ qua).",
        )
        parser.add_argument("--child-render", type=int, default=0, help=argparse_suppress())

    def handle(self, *args, runs, long_lines, child_render, **options):
        if child_render:
            self._child(child_render)
            return
        # Measured first, so that RUSAGE_CHILDREN holds this child only.
        long = render_in_fresh_process(long_lines) if long_lines else None
        cert_doc = _doc("giay_khen", 1, subject="Giấy khen")
        cases = [
            ("1-page decision", *decision_render_case(0), 0.15),
            ("decision + 500-row annex", *decision_render_case(500), 4.0),
            (
                "100 certificates",
                TEMPLATES["giay_khen"],
                template_context(
                    {"authority": AUTHORITY, "certificates": certificate_batch_context(100)}, cert_doc
                ),
                5.0,
            ),
        ]
        render_pdf(cases[0][1], cases[0][2])  # warm up: imports, fonts
        for label, template, ctx, target in cases:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                pdf = render_pdf(template, ctx)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            verdict = "OK" if median <= target else "SLOW"
            self.stdout.write(
                f"{label:28s} median {median:6.2f} s  (min {min(times):.2f}, max {max(times):.2f}; "
                f"target ≤ {target} s) {verdict}  {len(pdf) // 1024} KiB"
            )
        if long:
            ok = long["seconds"] <= LONG_TARGET_SECONDS and long["peak_mb"] <= LONG_TARGET_MB
            self.stdout.write(
                f"{f'decision + {long_lines:,}-line annex'.replace(',', '.'):28s} "
                f"render {long['seconds']:6.2f} s, peak RSS {long['peak_mb']:.0f} MB in a fresh process "
                f"(process total {long['total_seconds']:.1f} s; {long['pages']} pages, {long['kib']} KiB; "
                f"target ≤ {LONG_TARGET_SECONDS:g} s and ≤ {LONG_TARGET_MB} MB) {'OK' if ok else 'SLOW'}"
            )

    def _child(self, lines: int) -> None:
        """The child side of `render_in_fresh_process`: one render, one JSON line on stdout."""
        template, ctx = award_decision_case(lines)
        started = time.perf_counter()
        pdf = render_pdf(template, ctx)
        seconds = time.perf_counter() - started
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        self.stdout.write(json.dumps({"seconds": seconds, "pages": pages, "kib": len(pdf) // 1024}))


def argparse_suppress():
    """argparse.SUPPRESS: the child-process option is not listed in --help."""
    import argparse

    return argparse.SUPPRESS
