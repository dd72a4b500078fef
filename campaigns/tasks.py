"""Thin Celery wrappers: a key in, one service call."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=0)
def ocr_launch_import_task(key: str) -> None:
    """OCR of a scanned launch document stored at ``key`` (idempotent: done once)."""
    from django.utils import translation

    from campaigns.services import launch_import_ocr_run

    with translation.override("vi"):
        launch_import_ocr_run(key=key)
