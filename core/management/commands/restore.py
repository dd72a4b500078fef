"""`python manage.py restore ARCHIVE`: replace the database and media/ by a backup's.

Refuses in production mode without --allow-production (it overwrites everything); stop the
web and Celery processes first. Exits with an error if the restored data does not check out.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import backup_restore
from core.management.production import add_production_override, refuse_in_production


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và thư mục media/ từ một bản sao lưu (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra.")
        add_production_override(parser)

    def handle(self, *args, archive, **options):
        refuse_in_production("restore", options)
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {path}.")
        report = backup_restore(path)
        if report.problems:
            raise CommandError("Khôi phục xong nhưng dữ liệu không khớp:\n" + "\n".join(report.problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu lúc {report.manifest['created_at']}: "
                f"{report.documents_checked} văn bản khớp mã băm, nhật ký nguyên vẹn."
            )
        )
