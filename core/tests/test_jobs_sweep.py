"""The daily sweep of what the Excel jobs leave behind (core.jobs.jobs_sweep): old unconfirmed
previews go with their rows, finished imports lose their stored rows but keep their summary, old
export files are deleted with their jobs; nothing pending, running or recent is touched."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.jobs import jobs_sweep
from core.models import ExportJob, ImportJob, ImportJobRow
from core.tasks import jobs_sweep_task
from units.tests.factories import UserFactory

# "Now" is the test clock: the root conftest freezes it for every test with time_machine.
pytestmark = pytest.mark.django_db


def _aged(job, *, days=0, hours=0):
    """Set the job's last change back in time (update(): save() would stamp it now)."""
    type(job).objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(days=days, hours=hours))
    return job


def _import(user, status, *, rows=2, **age):
    job = ImportJob.objects.create(requested_by=user, scope="people", status=status, row_count=rows)
    ImportJobRow.objects.bulk_create(
        ImportJobRow(job=job, number=n + 2, raw={"Họ và tên": "A"}) for n in range(rows)
    )
    return _aged(job, **age)


def _export(user, status, name, **age):
    job = ExportJob.objects.create(requested_by=user, view_path="x.y", filename=f"{name}.xlsx", status=status)
    job.file.save(f"{name}.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return _aged(job, **age)


def test_sweep_deletes_old_previews_rows_and_export_files_and_keeps_the_rest(settings):
    settings.THIDUA_IMPORT_PREVIEW_HOURS, settings.THIDUA_JOB_KEEP_DAYS = 24, 7
    user = UserFactory()
    S, E = ImportJob.Status, ExportJob.Status
    old_preview = _import(user, S.PREVIEWED, hours=25)
    fresh_preview = _import(user, S.PREVIEWED, hours=23)
    old_done = _import(user, S.DONE, rows=3, days=8)
    recent_done = _import(user, S.DONE, days=6)
    old_running = _import(user, S.RUNNING, days=30)
    old_export = _export(user, E.DONE, "cu", days=8)
    recent_export = _export(user, E.DONE, "moi", days=6)
    old_pending_export = _export(user, E.PENDING, "cho", days=30)
    old_file = old_export.file.name

    assert jobs_sweep() == {"import_previews": 1, "import_rows": 3, "exports": 1}

    assert not ImportJob.objects.filter(pk=old_preview.pk).exists()
    assert not ImportJobRow.objects.filter(job_id=old_preview.pk).exists()
    assert ImportJob.objects.get(pk=old_done.pk).row_count == 3  # the summary stays
    assert not ImportJobRow.objects.filter(job=old_done).exists()
    for kept in (fresh_preview, recent_done, old_running):
        assert ImportJobRow.objects.filter(job=kept).count() == 2
    assert not ExportJob.objects.filter(pk=old_export.pk).exists()
    assert not default_storage.exists(old_file)
    for kept in (recent_export, old_pending_export):
        assert default_storage.exists(ExportJob.objects.get(pk=kept.pk).file.name)
    # Idempotent: the beat may run it twice.
    assert jobs_sweep_task() == {"import_previews": 0, "import_rows": 0, "exports": 0}
