"""Send the daily notification digest: `python manage.py send_notification_digest`.

For cron-only deployments and `make run` without a broker (cron: `0 17 * * *`); Celery beat runs
the same service daily (`core.tasks.notification_digest_task`). Running it twice sends nothing
twice: each notification's e-mail is claimed once (core.notifications).
"""

from django.core.management.base import BaseCommand

from core.notifications import notification_digest_send


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo chưa gửi qua thư (chạy lại không gửi trùng)."

    def handle(self, *args, **options):
        result = notification_digest_send()
        self.stdout.write(f"Đã gửi {result.recipients} thư tổng hợp, {result.notifications} thông báo.")
