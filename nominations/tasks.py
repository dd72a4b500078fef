"""Celery tasks of the nomination workflow: thin wrappers around one service call."""

from celery import shared_task


@shared_task(acks_late=True)
def ballots_closing_soon_task() -> int:
    from nominations.services.council import ballots_closing_soon_notify

    return ballots_closing_soon_notify()
