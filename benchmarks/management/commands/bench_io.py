"""`python manage.py bench_io export|import|import-awards`: one measure of issue 17 item 3 in this process
(`bench` runs it as a child process so that the peak RSS printed is this measure's own)."""

import json

from django.core.management.base import BaseCommand

from benchmarks import io_bench


class Command(BaseCommand):
    help = "Đo xuất/nhập Excel 10.000 dòng trong một tiến trình riêng (in JSON)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["export", "import", "import-awards"])
        parser.add_argument("--rows", type=int, default=io_bench.ROWS)
        parser.add_argument("--path", default="", help="Tệp Excel để nhập (với import, import-awards).")

    def handle(self, *args, what, rows, path, **options):
        self.stdout.write(json.dumps(io_bench.measure(what, path, rows)))
