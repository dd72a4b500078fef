"""The shared shape of the background jobs (core.models.BackgroundJob): the four job models keep
their tables, constraint names and labels, and the runners' operations (claim once, resume a
job left running, fail with a cut message, finish) behave as each runner did on its own."""

import pytest
from django.db import IntegrityError, transaction

from core.models import BackgroundJob, ExportJob, ImportJob
from documents.models import RenderJob
from nominations.models import DecisionIssueJob

pytestmark = pytest.mark.django_db

JOBS = [ImportJob, ExportJob, RenderJob, DecisionIssueJob]


@pytest.mark.parametrize("model", JOBS)
def test_every_job_model_keeps_its_constraint_name_and_ordering(model):
    assert issubclass(model, BackgroundJob)
    assert [c.name for c in model._meta.constraints] == [f"{model.__name__.lower()}_progress_max"]
    assert model._meta.ordering == ["-created_at", "-pk"]


def test_each_job_keeps_its_own_running_label_and_the_import_its_previewed_default():
    labels = {m.__name__: dict(m._meta.get_field("status").choices)["running"] for m in JOBS}
    assert labels == {
        "ImportJob": "Đang nhập",
        "ExportJob": "Đang tạo",
        "RenderJob": "Đang tạo",
        "DecisionIssueJob": "Đang ban hành",
    }
    assert ImportJob().status == ImportJob.Status.PREVIEWED
    assert not ImportJob().is_active
    assert ExportJob().status == ExportJob.Status.PENDING
    assert ExportJob().is_active


def _export(user, **kw) -> ExportJob:
    return ExportJob.objects.create(requested_by=user, view_path="x.y", filename="a.xlsx", **kw)


def test_a_pending_job_is_claimed_once(secretariat):
    job = _export(secretariat)
    assert ExportJob.claim(job.pk, progress=1)
    assert not ExportJob.claim(job.pk, progress=1)  # delivered twice: the second worker leaves it
    job.refresh_from_db()
    assert (job.status, job.progress, job.is_active) == (ExportJob.Status.RUNNING, 1, True)
    assert not ExportJob.claim(job.pk + 1000, progress=1)


def test_resume_takes_a_job_left_running_but_never_a_finished_one(secretariat):
    running = _export(secretariat, status=ExportJob.Status.RUNNING, progress=40)
    assert ExportJob.claim(running.pk, progress=10, resume=True)
    running.refresh_from_db()
    assert (running.status, running.progress) == (ExportJob.Status.RUNNING, 10)
    for status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        job = _export(secretariat, status=status, progress=100)
        assert not ExportJob.claim(job.pk, progress=10, resume=True)
        job.refresh_from_db()
        assert (job.status, job.progress) == (status, 100)


def test_a_previewed_import_is_not_claimed(secretariat):
    job = ImportJob.objects.create(requested_by=secretariat, scope="x")
    assert not ImportJob.claim(job.pk, progress=1, resume=True)


def test_fail_cuts_the_message_and_keeps_the_progress_and_finish_sets_100(secretariat):
    job = _export(secretariat, status=ExportJob.Status.RUNNING, progress=37)
    ExportJob.fail(job.pk, "x" * 600)
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (ExportJob.Status.FAILED, 37, "x" * 500)
    other = _export(secretariat, status=ExportJob.Status.RUNNING)
    ExportJob.finish(other.pk, row_count=8)
    other.refresh_from_db()
    assert (other.status, other.progress, other.row_count) == (ExportJob.Status.DONE, 100, 8)


def test_set_values_stamps_updated_at_and_the_database_refuses_progress_over_100(secretariat):
    job = _export(secretariat)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=job.created_at.replace(year=2000))
    assert ExportJob.set_values(job.pk, progress=55) == 1
    job.refresh_from_db()
    assert (job.progress, job.updated_at.year != 2000) == (55, True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.set_values(job.pk, progress=101)


@pytest.mark.parametrize(("done", "total", "percent"), [(0, 10, 1), (5, 10, 50), (10, 10, 99), (3, 0, 99)])
def test_running_percent_stays_between_1_and_99(done, total, percent):
    assert BackgroundJob.running_percent(done, total) == percent
