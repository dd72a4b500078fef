"""Tell members whose ballot closes soon that they have not voted: `python manage.py
send_ballot_notices` (cron `*/15 * * * *`); Celery beat runs the same service. Once a day per
member and session, however often it runs."""

from django.core.management.base import BaseCommand

from nominations.services.council import ballots_closing_soon_notify


class Command(BaseCommand):
    help = "Báo thành viên Hội đồng chưa bỏ phiếu khi phiên bỏ phiếu sắp kết thúc (chạy lại không báo trùng)."

    def handle(self, *args, **options):
        told = ballots_closing_soon_notify()
        self.stdout.write(f"Đã báo cho thành viên của {told} phiên bỏ phiếu.")
