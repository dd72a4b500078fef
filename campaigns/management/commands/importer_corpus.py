"""python manage.py importer_corpus — field and target accuracy of the launch-document importer
over the regression corpus (campaigns/tests/corpus), with every miss listed."""

from django.core.management.base import BaseCommand

from campaigns.corpus import score_corpus


def _pct(x: float) -> str:
    return f"{100 * x:.1f}".replace(".", ",") + " %"


class Command(BaseCommand):
    help = "Độ chính xác của bộ đọc văn bản phát động trên bộ văn bản kiểm thử."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Chỉ in các con số tổng")

    def handle(self, *args, **options):
        s = score_corpus()
        if not options["quiet"]:
            for name, what, want, got in s.misses:
                self.stdout.write(f"  {name}: {what}: cần {want!r}, được {got!r}")
        self.stdout.write(
            f"Văn bản: {s.documents}\n"
            f"Trường: {s.fields_right}/{s.fields_present} đúng ({_pct(s.field_accuracy)}), "
            f"{s.fields_invented} trường tự bịa\n"
            f"Chỉ tiêu: {s.targets_right}/{s.targets_expected} đúng ({_pct(s.target_accuracy)}), "
            f"{s.targets_invented} chỉ tiêu tự bịa"
        )
