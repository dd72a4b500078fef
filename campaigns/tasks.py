"""Thin Celery wrappers: a key in, one service call."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=0, soft_time_limit=1800, time_limit=1860)
def ocr_launch_import_task(key: str) -> None:
    """OCR of a scanned launch document stored at ``key`` (idempotent: done once). OCR takes
    seconds per page, so this task has its own time limit (30 minutes) instead of the default."""
    from celery.exceptions import SoftTimeLimitExceeded
    from django.utils import translation

    from campaigns.services import launch_import_ocr_fail, launch_import_ocr_run

    with translation.override("vi"):
        try:
            launch_import_ocr_run(key=key)
        except SoftTimeLimitExceeded:
            launch_import_ocr_fail(
                key=key, message=translation.gettext("Nhận dạng chữ (OCR) quá lâu; hãy tải lên bản .docx.")
            )
