"""Write one sample of every document template to OUTDIR (realistic Tam Đường data)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from documents.rendering import render_pdf
from documents.samples import samples


class Command(BaseCommand):
    help = "Ghi mẫu PDF của mọi loại văn bản vào thư mục OUTDIR."

    def add_arguments(self, parser):
        parser.add_argument("outdir")
        parser.add_argument("--annex-rows", type=int, default=300)
        parser.add_argument("--certificates", type=int, default=20)
        parser.add_argument("--draft", action="store_true", help="In dấu BẢN NHÁP")

    def handle(self, *args, outdir, annex_rows, certificates, draft, **options):
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        for name, template, ctx in samples(annex_rows=annex_rows, certificates=certificates):
            started = time.perf_counter()
            pdf = render_pdf(template, ctx, draft=draft)
            (out / name).write_bytes(pdf)
            self.stdout.write(f"{name}: {len(pdf) // 1024} KiB, {time.perf_counter() - started:.2f} s")
