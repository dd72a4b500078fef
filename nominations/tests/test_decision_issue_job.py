"""Issue 17: a decision with more than `LONG_ISSUE_LINES` annex lines is issued in a background
job (Celery; inline without a broker) whose progress the decision page shows; a short one is
issued in the request as before. The threshold is patched to 1 so that the 4-line decision of the
`approved` fixture is "long"."""

import pytest
from django.urls import reverse

from nominations.models import Decision, DecisionIssueJob
from nominations.services import issuing
from nominations.tests.test_decisions import _draft, approved  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16 09:00:00+07:00")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def long_threshold(monkeypatch):
    monkeypatch.setattr(issuing, "LONG_ISSUE_LINES", 1)


def _issue(client, world, decision):
    client.force_login(world.chair)
    return client.post(reverse("awards:decision-transition", args=[decision.pk, "issued"]))


def test_long_decision_is_issued_by_the_background_job(
    client,
    approved,  # noqa: F811
    long_threshold,
    django_capture_on_commit_callbacks,
):
    world, noms, session = approved
    decision = _draft(world, noms, session)
    detail = reverse("awards:decision-detail", args=[decision.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _issue(client, world, decision)
    assert response.url == detail
    job = DecisionIssueJob.objects.get()
    assert (job.decision_id, job.requested_by_id, job.status) == (decision.pk, world.chair.pk, "pending")
    assert len(callbacks) == 1  # the task is sent once the request's transaction commits
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT
    assert decision.number == ""
    # While it waits, the page shows the job and polls it; no second issue button, no second job.
    html = client.get(detail).content.decode()
    assert 'id="issue-job"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'data-testid="issue-job-status">Đang chờ<' in html
    assert reverse("awards:decision-transition", args=[decision.pk, "issued"]) not in html
    with django_capture_on_commit_callbacks(execute=False) as again:
        _issue(client, world, decision)
    assert DecisionIssueJob.objects.count() == 1
    assert not again
    # The worker runs the job: numbered, rendered, registered, certificates for every line.
    callbacks[0]()
    job.refresh_from_db()
    decision.refresh_from_db()
    assert (job.status, job.progress, job.message) == ("done", 100, "")
    assert decision.status == Decision.Status.ISSUED
    callbacks[0]()  # delivered again by the broker: a finished job is left alone
    assert DecisionIssueJob.objects.values_list("status", "updated_at").get() == (job.status, job.updated_at)
    assert decision.number
    assert decision.document.file.read().startswith(b"%PDF")
    assert decision.lines.filter(certificate__isnull=False).count() == 4
    # The polling request is told to reload the page, which now shows the issued decision.
    poll = client.get(detail, HTTP_HX_REQUEST="true")
    assert (poll.status_code, poll["HX-Refresh"]) == (204, "true")
    html = client.get(detail).content.decode()
    assert 'id="issue-job"' not in html
    assert decision.number in html


def test_job_of_a_decision_issued_meanwhile_fails_with_the_reason(
    client,
    approved,  # noqa: F811
    long_threshold,
    django_capture_on_commit_callbacks,
):
    world, noms, session = approved
    decision = _draft(world, noms, session)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _issue(client, world, decision)
    issuing.decision_issue(by=world.chair, decision=decision)  # issued another way first
    callbacks[0]()
    job = DecisionIssueJob.objects.get()
    assert job.status == "failed"
    assert job.message == "Quyết định đã ban hành."
    assert Decision.objects.get(pk=decision.pk).document_id is not None  # issued once


def test_short_decision_is_issued_in_the_request(client, approved):  # noqa: F811
    world, noms, session = approved
    decision = _draft(world, noms, session)
    assert decision.lines.count() <= issuing.LONG_ISSUE_LINES
    _issue(client, world, decision)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED
    assert not DecisionIssueJob.objects.exists()
