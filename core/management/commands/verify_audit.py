"""`python manage.py verify_audit`: recompute the audit log's hash chain (issue 15).

Exit status 0 when every entry verifies, 1 (CommandError) at the first broken entry. Prints
the head hash: keep it (e.g. with each backup), a later head must descend from it.
"""

from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi mã băm của nhật ký (phát hiện dòng nhật ký bị sửa hoặc xóa)."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.broken_at is not None:
            raise CommandError(
                f"Nhật ký bị thay đổi: dòng số {report.broken_at} không khớp ({report.reason}); "
                f"đã kiểm tra {report.checked} dòng."
            )
        self.stdout.write(f"Nhật ký nguyên vẹn: {report.checked} dòng. Mã băm cuối: {report.head}")
