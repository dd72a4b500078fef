"""`python manage.py backup [ARCHIVE]`: the database and media/ in one archive (core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và thư mục media/ vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Tệp đích (mặc định: backups/thidua-<thời điểm>.tar.gz trong thư mục dự án).",
        )

    def handle(self, *args, archive=None, **options):
        path = Path(
            archive or settings.BASE_DIR / "backups" / f"thidua-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = backup_create(path)
        counts = manifest.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {path}: {counts['issued_documents']} văn bản, "
                f"{counts['award_records']} dòng sổ khen thưởng, {len(manifest.files)} tệp; "
                f"mã băm cuối của nhật ký {manifest.audit_head}."
            )
        )
