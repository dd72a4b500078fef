"""Thin Celery wrappers: an id in, one service call."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=0)
def render_job_run_task(job_id: int) -> None:
    from django.utils import translation

    from documents.services import render_job_run

    with translation.override("vi"):
        render_job_run(job_id=job_id)
