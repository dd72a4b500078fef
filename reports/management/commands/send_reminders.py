"""Run the reminder sweep and deliver inline: `python manage.py send_reminders [--every 300]`.

For cron-only deployments and for `make run` without a broker (`--every 300` keeps it running
on a timer). Uses exactly the same services as the Celery beat sweep.
"""

import time
from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.models import ReminderDelivery
from reports.reminders import reminder_deliver, reminders_schedule_due


class Command(BaseCommand):
    help = "Tạo và gửi các lượt nhắc nộp báo cáo đến hạn (chạy lại không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Chạy lặp lại sau mỗi N giây (mặc định: chạy một lần rồi dừng).",
        )

    def handle(self, *args, every=0, **options):
        while True:
            self.run_once()
            if not every:
                return
            time.sleep(every)

    def run_once(self):
        result = reminders_schedule_due(now=timezone.now(), enqueue=False)
        outcome = Counter()
        for pk in result.enqueued:
            try:
                outcome[reminder_deliver(delivery_id=pk)] += 1
            except Exception as exc:
                outcome["failed"] += 1
                self.stderr.write(f"Lượt nhắc {pk}: lỗi {exc}")
        # A digest sends several rows in one message: count the rows that went out.
        sent = ReminderDelivery.objects.filter(
            pk__in=result.enqueued, status=ReminderDelivery.Status.SENT
        ).count()
        self.stdout.write(
            f"Đã tạo {len(result.created)} lượt nhắc; đã gửi {sent}; "
            f"bỏ qua {outcome['skipped']}; lỗi {outcome['failed']}."
        )
