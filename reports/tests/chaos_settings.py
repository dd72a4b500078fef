"""Settings for the processes of reports/tests/test_chaos.py: real SMTP to the test's local
sink, a fast beat (two beat processes run at once) and short stuck/lease periods."""

import os

from thidua.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["THIDUA_CHAOS_SMTP_PORT"])
EMAIL_TIMEOUT = 4
THIDUA_REMINDER_STUCK_SECONDS = 4
THIDUA_REMINDER_LEASE_SECONDS = 5
CELERY_BEAT_SCHEDULE = {
    "reports-reminders-sweep": {"task": "reports.tasks.reminders_sweep_task", "schedule": 2.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
