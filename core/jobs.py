"""Enqueue a Celery task by its dotted name, after the current transaction commits.

Services enqueue their own thin task wrappers (`<app>/tasks.py`), and the wrappers call the
services back: naming the task instead of importing it keeps that a one-way import (services ←
tasks), so no import cycle joins a service module to its tasks module.
"""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task `task_name` (dotted path, e.g. "documents.tasks.render_job_run_task") with
    positional `args` (JSON-serialisable: ids) once the surrounding transaction commits; at once
    when there is none. Runs inline when no broker is configured (CELERY_TASK_ALWAYS_EAGER).

    Raises ImportError (at commit) if there is no task at that path.
    """
    enqueue_each_on_commit(task_name, [args])


def enqueue_each_on_commit(task_name: str, calls: list[tuple]) -> None:
    """Like `enqueue_on_commit`, one send per argument tuple in `calls`, all in ONE commit hook."""
    calls = list(calls)

    def send() -> None:
        task = import_string(task_name)
        for args in calls:
            task.delay(*args)

    transaction.on_commit(send)


def jobs_sweep(*, now=None) -> dict[str, int]:
    """Delete what the Excel import and export jobs leave behind once nobody needs it (a daily
    Celery beat entry, `core.tasks.jobs_sweep_task`; idempotent, so a missed or doubled beat does
    no harm):

    * import previews never confirmed, older than ``THIDUA_IMPORT_PREVIEW_HOURS`` (24 h): the job
      and its stored rows (personal data read from the file);
    * the stored rows of imports that ended (written or failed) more than
      ``THIDUA_JOB_KEEP_DAYS`` (7) days ago; the job itself (who, when, how many rows) stays;
    * export jobs that ended more than ``THIDUA_JOB_KEEP_DAYS`` days ago, with their files.

    Pending and running jobs are never touched. `now`: an aware datetime (default the clock).
    Returns {"import_previews": jobs deleted, "import_rows": rows deleted, "exports": jobs deleted}.
    Nothing here is part of the legal record: what an import wrote is audited where it was written.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from core.models import ExportJob, ImportJob, ImportJobRow

    now = now or timezone.now()
    kept_since = now - timedelta(days=settings.THIDUA_JOB_KEEP_DAYS)
    ended = [ImportJob.Status.DONE, ImportJob.Status.FAILED]
    _total, deleted = ImportJob.objects.filter(
        status=ImportJob.Status.PREVIEWED,
        updated_at__lt=now - timedelta(hours=settings.THIDUA_IMPORT_PREVIEW_HOURS),
    ).delete()
    old_rows = ImportJobRow.objects.filter(job__status__in=ended, job__updated_at__lt=kept_since)
    rows, _deleted = old_rows.delete()
    exports = 0
    for job in ExportJob.objects.filter(
        status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED], updated_at__lt=kept_since
    ).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        exports += 1
    return {"import_previews": deleted.get(ImportJob._meta.label, 0), "import_rows": rows, "exports": exports}
