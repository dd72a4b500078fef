"""Render times in a warm process (documents.md §5): targets 0.15 s, 4 s and 5 s."""

import statistics
import time

from django.core.management.base import BaseCommand

from documents.rendering import render_pdf
from documents.samples import AUTHORITY, _doc, certificate_batch_context, decision_context
from documents.services import TEMPLATES, template_context

SUBJECT = "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích năm 2025"


class Command(BaseCommand):
    help = "Đo thời gian tạo PDF (tiến trình đã khởi động)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, runs, **options):
        decision = TEMPLATES["quyet_dinh"]
        doc = _doc("quyet_dinh", 5, subject=SUBJECT)
        cert_doc = _doc("giay_khen", 1, subject="Giấy khen")
        cases = [
            ("1-page decision", decision, template_context(decision_context(0), doc), 0.15),
            ("decision + 500-row annex", decision, template_context(decision_context(500), doc), 4.0),
            (
                "100 certificates",
                TEMPLATES["giay_khen"],
                template_context(
                    {"authority": AUTHORITY, "certificates": certificate_batch_context(100)}, cert_doc
                ),
                5.0,
            ),
        ]
        render_pdf(decision, cases[0][2])  # warm up: imports, fonts
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
