"""Report transitions notify exactly the people who must act or should know (issue 16 item 2):
one notification each, never the actor, with a link to the report."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Notification
from reports import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(rnd, jurisdiction, unit_head_a, django_capture_on_commit_callbacks):
    def go(now=None):
        sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
        target = rnd.campaign.targets.get(name="Thu ngân sách")
        sub = services.submission_save(
            submission=sub,
            by=unit_head_a,
            version=sub.version,
            narrative="Kết quả",
            figures={target.pk: Decimal("1")},
        )
        with django_capture_on_commit_callbacks(execute=True):
            return services.submission_submit(submission=sub, by=unit_head_a, now=now)

    return go


def _url(sub):
    return reverse("reports:submission-detail", args=[sub.pk])


def test_submitted_notifies_the_launching_desk_once(submit, secretariat, unit_head_a, clerk_a, unit_head_b):
    sub = submit()
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.url, note.body) == (
        secretariat,
        "reports.submission.submitted",
        _url(sub),
        "",
    )
    assert "Báo cáo sơ kết 6 tháng" in note.title


def test_a_late_report_says_so(submit, rnd, secretariat):
    submit(now=rnd.deadline + timedelta(minutes=1))
    assert Notification.objects.get(recipient=secretariat).body == "Nộp sau hạn."


def test_accepted_notifies_the_units_staff_not_the_desk(
    submit, secretariat, unit_head_a, clerk_a, unit_head_b, django_capture_on_commit_callbacks
):
    sub = submit()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_accept(submission=sub, by=secretariat)
    assert set(Notification.objects.values_list("recipient__username", "kind", "url")) == {
        ("head_a", "reports.submission.accepted", _url(sub)),
        ("clerk_a", "reports.submission.accepted", _url(sub)),
    }


def test_returned_then_resubmitted(submit, secretariat, unit_head_a, django_capture_on_commit_callbacks):
    sub = submit()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(submission=sub, by=secretariat, reason="Số liệu chưa khớp")
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.body) == (
        unit_head_a,
        "reports.submission.returned",
        "Số liệu chưa khớp",
    )
    sub.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(submission=sub, by=unit_head_a)
    again = Notification.objects.exclude(pk=note.pk).get()
    assert (again.recipient, again.kind) == (secretariat, "reports.submission.resubmitted")
