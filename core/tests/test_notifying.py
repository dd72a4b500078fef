"""The notification machinery (issue 16 item 2): nothing before the commit, nobody twice, the
actor never, the e-mail copy per the user's choice (immediate, daily digest, none), and the
page where the user chooses."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from core.models import AuditEntry, Notification, User
from core.notifications import notification_digest_send, notify
from core.roles import Role
from documents.services import draft_create, draft_submit
from documents.tests.conftest import _user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    return _user_with_role("thuongtruc", Role.SECRETARIAT)


@pytest.fixture
def signer(db):
    user = _user_with_role("chutich", Role.CHAIR)
    user.email = "chutich@example.vn"
    user.save()
    return user


def _draft(desk, title="Kế hoạch thi đua"):
    return draft_create(
        by=desk,
        doc_type="ke_hoach",
        title=title,
        context={"sections": [{"heading": "I", "paragraphs": ["Nội dung."]}]},
        issue_kwargs={
            "issuer_code": "UBND",
            "issuer_name": "Ủy ban nhân dân huyện Tam Đường",
            "place": "Tam Đường",
        },
    )


def _submit(desk, signer, draft):
    draft_submit(by=desk, draft=draft, signer=signer, signer_title="Chủ tịch")


def test_a_rolled_back_transition_notifies_nobody(desk, signer, django_capture_on_commit_callbacks):
    draft = _draft(desk)

    def fails():
        with transaction.atomic():
            _submit(desk, signer, draft)
            raise RuntimeError("rollback")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        fails()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="documents.draft.submitted").exists()
    assert mail.outbox == []


def test_immediate_sends_one_email_per_notification_with_the_link(
    desk, signer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(desk, signer, _draft(desk, "Kế hoạch A"))
    with django_capture_on_commit_callbacks(execute=True):
        _submit(desk, signer, _draft(desk, "Kế hoạch B"))
    assert [m.to for m in mail.outbox] == [["chutich@example.vn"], ["chutich@example.vn"]]
    assert "Văn bản chờ ký: Kế hoạch A" in mail.outbox[0].subject
    note = Notification.objects.get(title__endswith="Kế hoạch A")
    assert note.url.startswith("/van-ban/du-thao/")
    assert note.url in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    # the digest finds nothing left to send
    assert notification_digest_send().notifications == 0
    assert len(mail.outbox) == 2


def test_digest_sends_one_email_listing_both_then_nothing_on_a_second_run(
    desk, signer, django_capture_on_commit_callbacks
):
    signer.notification_email = User.NotificationEmail.DIGEST
    signer.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(desk, signer, _draft(desk, "Kế hoạch A"))
        _submit(desk, signer, _draft(desk, "Kế hoạch B"))
    assert Notification.objects.filter(recipient=signer).count() == 2
    assert mail.outbox == []  # nothing immediately
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chutich@example.vn"]
    assert "2 thông báo" in message.subject
    assert "Kế hoạch A" in message.body
    assert "Kế hoạch B" in message.body
    result = notification_digest_send()
    assert (result.recipients, result.notifications) == (0, 0)
    assert len(mail.outbox) == 1


def test_none_sends_no_email_but_keeps_the_in_app_notification(
    desk, signer, django_capture_on_commit_callbacks
):
    signer.notification_email = User.NotificationEmail.NONE
    signer.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(desk, signer, _draft(desk))
    notification_digest_send()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=signer).count() == 1


def test_a_failed_immediate_email_goes_out_with_the_next_digest(
    settings, signer, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "core.tests.test_notifying.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[signer], kind="x", title="Một việc", url="/x/", email=True)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None  # the claim was given back
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_digest_send().notifications == 1
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")

    def open(self):
        pass

    def close(self):
        pass


def test_notify_writes_in_app_only_unless_asked(signer):
    notify(recipients=[signer], kind="x", title="Chỉ trong hệ thống")
    assert Notification.objects.get().email_due is False
    assert notification_digest_send().notifications == 0


def test_the_user_chooses_and_the_choice_is_audited(client, signer):
    client.force_login(signer)
    url = reverse("core:notification-settings")
    page = client.get(url).content.decode()
    assert "Gộp một thư mỗi ngày" in page
    assert re.search(r'<input[^>]*value="immediate"[^>]*checked', page)
    response = client.post(url, {"notification_email": "digest"})
    assert response.status_code == 302
    signer.refresh_from_db()
    assert signer.notification_email == User.NotificationEmail.DIGEST
    assert AuditEntry.objects.filter(action="core.user.notification_email", actor=signer).exists()
    bad = client.post(url, {"notification_email": "hourly"})
    assert "Lựa chọn không hợp lệ." in bad.content.decode()


def test_the_rule_table_covers_the_workflow_events_of_issue_16():
    from core import notifying

    assert notifying.rules() == {
        ("campaigns.registration", "approved"): "campaigns.registration.approved",
        ("campaigns.registration", "returned"): "campaigns.registration.returned",
        ("campaigns.registration", "submitted"): "campaigns.registration.submitted",
        ("documents.documentdraft", "draft"): "documents.draft.returned",
        ("documents.documentdraft", "issued"): "documents.draft.issued",
        ("documents.documentdraft", "submitted"): "documents.draft.submitted",
        ("nominations.councilsession", "closing_soon"): "awards.ballot.closing_soon",
        ("nominations.councilsession", "voting"): "awards.ballot.opened",
        ("nominations.decision", "drafted"): "awards.decision.to_sign",
        ("nominations.decision", "issued"): "awards.decision.issued",
        ("nominations.nominationbatch", "appraised"): "awards.batch.appraised",
        ("nominations.nominationbatch", "returned"): "awards.batch.returned",
        ("nominations.nominationbatch", "submitted"): "awards.batch.submitted",
        ("reports.reportsubmission", "accepted"): "reports.submission.accepted",
        ("reports.reportsubmission", "resubmitted"): "reports.submission.resubmitted",
        ("reports.reportsubmission", "returned"): "reports.submission.returned",
        ("reports.reportsubmission", "submitted"): "reports.submission.submitted",
    }
