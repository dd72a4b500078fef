"""Celery tasks of the nomination workflow: thin wrappers around one service call."""

from celery import shared_task


@shared_task(acks_late=True)
def ballots_closing_soon_task() -> int:
    from nominations.services.council import ballots_closing_soon_notify

    return ballots_closing_soon_notify()


@shared_task(acks_late=True, max_retries=0)
def decision_issue_job_task(job_id: int) -> None:
    """Issue a long decision in the background (nominations.services.decision_issue_job_run)."""
    from django.utils import translation

    from nominations.services import decision_issue_job_run

    with translation.override("vi"):
        decision_issue_job_run(job_id=job_id)
