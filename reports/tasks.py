"""Celery tasks: thin wrappers, an id in and one service call. The retry policy lives here."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,  # safe: reminder_deliver is idempotent (the row is the idempotency key)
    max_retries=5,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def reminder_deliver_task(self, delivery_id: int) -> str:
    from reports.reminders import reminder_deliver

    return reminder_deliver(delivery_id=delivery_id)


@shared_task(acks_late=True)
def reminders_sweep_task() -> dict:
    from reports.reminders import reminders_schedule_due

    result = reminders_schedule_due()
    return {"created": len(result.created), "enqueued": len(result.enqueued)}
