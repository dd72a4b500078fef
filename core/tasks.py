"""Celery tasks of core: thin wrappers, an id in and one service call. The retry policy lives here."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,  # safe: the notification row is claimed once (core.notifications)
    max_retries=5,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def notification_email_task(self, notification_id: int) -> str:
    from core.notifications import notification_email_send

    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def notification_digest_task() -> dict:
    from core.notifications import notification_digest_send

    result = notification_digest_send()
    return {"recipients": result.recipients, "notifications": result.notifications}


@shared_task(acks_late=True, max_retries=0)
def import_job_run_task(job_id: int) -> None:
    from django.utils import translation

    from core.importing import import_job_run

    with translation.override("vi"):
        import_job_run(job_id=job_id)


@shared_task(acks_late=True, max_retries=0)
def export_job_run_task(job_id: int) -> None:
    from django.utils import translation

    from core.excel import export_job_run

    with translation.override("vi"):
        export_job_run(job_id=job_id)


@shared_task(acks_late=True)
def jobs_sweep_task() -> dict:
    from core.jobs import jobs_sweep

    return jobs_sweep()
