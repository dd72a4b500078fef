import re
from datetime import datetime, time, timedelta
from io import StringIO
from smtplib import SMTPException, SMTPResponseException, SMTPServerDisconnected

import lxml.html
import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from reports import services
from reports.models import ReminderDelivery, ReminderSendAttempt
from reports.reminders import reminder_deliver, reminders_schedule_due
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """The server answers 421: it did not take the message."""

    def send_messages(self, messages):
        raise SMTPResponseException(421, "Máy chủ thư tạm thời không nhận")


class DroppingBackend(BaseEmailBackend):
    """The connection drops in the middle of the exchange: the server may have the message."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def deadline_day(rnd):
    return timezone.localdate(rnd.deadline)


@pytest.fixture
def recipients(unit_head_a, clerk_a, unit_head_b):
    return {unit_head_a.email, clerk_a.email, unit_head_b.email}


def deliver_all(ids):
    return [reminder_deliver(delivery_id=i) for i in ids]


def test_sweep_twice_sends_one_mail_per_person(rnd, deadline_day, recipients, mailoutbox):
    now = at(deadline_day - timedelta(days=1))
    first = reminders_schedule_due(now=now, enqueue=False)
    second = reminders_schedule_due(now=now, enqueue=False)
    assert len(first.created) == 3
    assert (second.created, second.enqueued) == ([], [])
    assert deliver_all(first.created) == ["sent"] * 3
    assert deliver_all(first.created) == ["done"] * 3  # a duplicated task is a no-op
    assert sorted(m.to[0] for m in mailoutbox) == sorted(recipients)
    row = ReminderDelivery.objects.first()
    assert (row.kind, row.due_date, row.status) == ("before", deadline_day - timedelta(days=1), "sent")


def test_reminder_email_is_vietnamese_with_absolute_link(
    rnd, deadline_day, unit_head_a, settings, mailoutbox
):
    settings.SITE_URL = "https://thidua.example.vn"
    with time_machine.travel(at(deadline_day - timedelta(days=7)), tick=False):  # swept and sent that day
        ids = reminders_schedule_due(enqueue=False).created
        deliver_all(ids)
    msg = mailoutbox[0]
    assert msg.subject == f"[Nhắc nhở] Còn 7 ngày đến hạn nộp báo cáo: {rnd.title}"
    assert f"https://thidua.example.vn/bao-cao/{rnd.pk}/don-vi/" in msg.body
    assert "Kính gửi Tao Văn Dơ" in msg.body
    assert Notification.objects.filter(recipient=unit_head_a, kind="report.reminder.before").count() == 1


def test_unit_that_submitted_meanwhile_is_skipped(
    rnd, deadline_day, jurisdiction, unit_head_a, unit_head_b, mailoutbox
):
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    sub = services.submission_save(submission=sub, by=unit_head_a, version=sub.version, narrative="Đã xong")
    services.submission_submit(submission=sub, by=unit_head_a)
    outcome = dict(zip(ids, deliver_all(ids), strict=True))
    skipped = ReminderDelivery.objects.filter(status="skipped")
    assert set(skipped.values_list("unit", flat=True)) == {jurisdiction.commune_a.pk}
    assert set(skipped.values_list("skipped_reason", flat=True)) == {"already_submitted"}
    assert [m.to for m in mailoutbox] == [["head_b@example.vn"]]
    assert sorted(outcome.values()) == ["sent", "skipped"]
    # and a later sweep creates nothing for the unit that reported
    later = reminders_schedule_due(now=at(deadline_day + timedelta(days=3)), enqueue=False)
    assert set(ReminderDelivery.objects.filter(pk__in=later.created).values_list("unit", flat=True)) == {
        jurisdiction.commune_b.pk
    }


def test_overdue_every_three_days_then_escalation(rnd, deadline_day, jurisdiction, recipients, secretariat):
    created = []
    for offset in range(1, 10):
        created += reminders_schedule_due(
            now=at(deadline_day + timedelta(days=offset)), enqueue=False
        ).created
    rows = ReminderDelivery.objects.filter(pk__in=created)
    overdue_days = sorted({(r.due_date - deadline_day).days for r in rows if r.kind == "overdue"})
    assert overdue_days == [3, 6, 9]
    escalations = rows.filter(kind="escalation")
    assert {(r.recipient.username, r.unit_id) for r in escalations} == {
        ("noivu", jurisdiction.commune_a.pk),
        ("noivu", jurisdiction.commune_b.pk),
        ("head_a", jurisdiction.commune_a.pk),
        ("head_b", jurisdiction.commune_b.pk),
    }
    assert {r.due_date for r in escalations} == {deadline_day + timedelta(days=9)}
    # escalation is sent once, however many sweeps follow
    reminders_schedule_due(now=at(deadline_day + timedelta(days=15)), enqueue=False)
    assert ReminderDelivery.objects.filter(kind="escalation").count() == 4


def test_closed_round_sends_nothing(rnd, deadline_day, secretariat, recipients, mailoutbox):
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    services.round_close(round=rnd, by=secretariat)
    assert set(deliver_all(ids)) == {"skipped"}
    assert reminders_schedule_due(now=at(deadline_day + timedelta(days=3)), enqueue=False).created == []
    assert mailoutbox == []


def test_failure_is_recorded_visible_and_retried_later(rnd, deadline_day, recipients, settings):
    settings.EMAIL_BACKEND = "reports.tests.test_reminders.FailingBackend"
    now = at(deadline_day)
    ids = reminders_schedule_due(now=now, enqueue=False).created
    with pytest.raises(SMTPException):
        reminder_deliver(delivery_id=ids[0])
    row = ReminderDelivery.objects.get(pk=ids[0])
    assert (row.status, row.attempts) == ("failed", 1)
    assert "421" in row.last_error
    # the in-app notice does not depend on the mail server: it went out, once
    assert Notification.objects.filter(kind__startswith="report.reminder").count() == 1
    assert list(row.send_attempts.values_list("phase", flat=True)) == ["failed"]
    assert row.unconfirmed_sends == 0  # the server refused: a resend cannot duplicate
    # a sweep soon after does not hammer the mail server; after the cutoff it tries again
    assert (
        ids[0]
        not in reminders_schedule_due(now=timezone.now() + timedelta(minutes=1), enqueue=False).enqueued
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = reminders_schedule_due(now=timezone.now() + timedelta(hours=1), enqueue=False)
    assert ids[0] in retry.enqueued
    assert reminder_deliver(delivery_id=ids[0]) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert list(row.send_attempts.values_list("phase", flat=True)) == ["failed", "sent"]
    assert Notification.objects.filter(kind__startswith="report.reminder").count() == 1


def test_every_attempt_carries_the_same_message_id(rnd, deadline_day, recipients, settings, mailoutbox):
    settings.EMAIL_BACKEND = "reports.tests.test_reminders.DroppingBackend"
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    with pytest.raises(SMTPException):
        reminder_deliver(delivery_id=ids[0])
    row = ReminderDelivery.objects.get(pk=ids[0])
    # cut off inside the exchange: the server may have it, so the row counts a possible duplicate
    assert (row.status, row.unconfirmed_sends) == ("failed", 1)
    assert list(row.send_attempts.values_list("phase", flat=True)) == ["unconfirmed"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminder_deliver(delivery_id=ids[0]) == "sent"
    assert reminder_deliver(delivery_id=ids[0]) == "done"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == row.message_id
    assert row.message_id == f"<reminder.{row.pk}.{row.kind}.{row.due_date:%Y%m%d}@localhost>"
    assert mailoutbox[0].message()["Message-ID"] == row.message_id


@pytest.mark.parametrize(
    ("phase", "after", "possible_duplicates"), [("claimed", "abandoned", 0), ("smtp", "unconfirmed", 1)]
)
def test_claim_left_by_a_dead_worker_is_reconciled_after_the_lease(
    rnd, deadline_day, recipients, settings, mailoutbox, phase, after, possible_duplicates
):
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    row = ReminderDelivery.objects.get(pk=ids[0])
    # What a worker killed after its claim leaves behind: a "sending" row, an open attempt.
    ReminderDelivery.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)
    ReminderSendAttempt.objects.create(delivery=row, phase=phase)
    assert reminder_deliver(delivery_id=row.pk) == "claimed"  # within the lease: hands off
    assert row.pk not in reminders_schedule_due(enqueue=False).enqueued
    later = timezone.now() + timedelta(seconds=settings.THIDUA_REMINDER_LEASE_SECONDS + 1)
    assert row.pk in reminders_schedule_due(now=later, enqueue=False).enqueued
    settings.THIDUA_REMINDER_LEASE_SECONDS = 0
    assert reminder_deliver(delivery_id=row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.unconfirmed_sends) == ("sent", 2, possible_duplicates)
    assert list(row.send_attempts.values_list("phase", flat=True)) == [after, "sent"]
    assert len(mailoutbox) == 1


def test_failed_row_is_given_up_after_max_attempts(rnd, deadline_day, recipients, settings):
    settings.EMAIL_BACKEND = "reports.tests.test_reminders.FailingBackend"
    settings.THIDUA_REMINDER_MAX_ATTEMPTS = 2
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    for _ in range(2):
        with pytest.raises(SMTPException):
            reminder_deliver(delivery_id=ids[0])
    assert reminder_deliver(delivery_id=ids[0]) == "gave_up"
    later = reminders_schedule_due(now=timezone.now() + timedelta(days=1), enqueue=False)
    assert ids[0] not in later.enqueued


def test_row_left_unsent_is_enqueued_again_after_cutoff(rnd, deadline_day, recipients, settings):
    settings.THIDUA_REMINDER_STUCK_SECONDS = 600
    now = at(deadline_day)
    ids = reminders_schedule_due(now=now, enqueue=False).created  # enqueued, but the worker died
    assert reminders_schedule_due(now=now + timedelta(minutes=5), enqueue=False).enqueued == []
    again = reminders_schedule_due(now=now + timedelta(minutes=11), enqueue=False)
    assert (again.created, sorted(again.enqueued)) == ([], sorted(ids))


def test_user_without_email_gets_in_app_only(rnd, deadline_day, unit_head_a, mailoutbox):
    unit_head_a.email = ""
    unit_head_a.save()
    ids = reminders_schedule_due(now=at(deadline_day), enqueue=False).created
    deliver_all(ids)
    assert mailoutbox == []
    row = ReminderDelivery.objects.get(recipient=unit_head_a)
    assert (row.status, row.channels) == ("sent", "in_app")


def test_sweep_enqueues_after_commit(
    rnd, deadline_day, recipients, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_schedule_due(now=at(deadline_day))
    assert len(callbacks) == 1
    assert len(mailoutbox) == 3  # tests run Celery eagerly: the task called the service
    assert ReminderDelivery.objects.filter(status="sent").count() == 3


def test_send_reminders_command_counts_and_second_run_sends_none(
    campaign, secretariat, recipients, mailoutbox
):
    services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo quý",
        opens_at=timezone.localdate() - timedelta(days=30),
        deadline=timezone.localdate() - timedelta(days=4),
    )
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Đã tạo 3 lượt nhắc; đã gửi 3" in out.getvalue()
    count = ReminderDelivery.objects.count()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Đã tạo 0 lượt nhắc; đã gửi 0" in out.getvalue()
    assert ReminderDelivery.objects.count() == count
    assert len(mail.outbox) == 3
    assert {m.subject.split("]")[0] for m in mail.outbox} == {"[Đôn đốc"}


# --- Escalation digest ------------------------------------------------------------------
def digest_lines(body: str) -> dict[str, tuple[int, int]]:
    """{unit name: (days overdue, reminders received)} as one digest mail states them."""
    out = {}
    for name, days, rest in re.findall(r"^- (.+?): quá hạn (\d+) ngày; (.*)$", body, re.MULTILINE):
        received = re.search(r"đã được nhắc (\d+) lần", rest)
        if received:
            out[name] = (int(days), int(received.group(1)))
        else:
            assert "không nhắc được" in rest or "chưa nhận được lần nhắc nào" in rest, rest
            out[name] = (int(days), 0)
    return out


def unit_pages(client, rnd) -> dict[str, tuple[int, int]]:
    """{unit name: (days overdue, reminders)} read from each unit's page for the round, opened
    through the link the round's page gives for that unit (what the secretariat would click)."""
    response = client.get(reverse("reports:round-detail", args=[rnd.pk]))
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content)
    links = doc.xpath("//table[@data-round-units]//a[@data-unit-page]/@href")
    out = {}
    for href in links:
        response = client.get(href)
        assert response.status_code == 200
        page = lxml.html.fromstring(response.content).xpath("//section[@data-unit-status]")[0]
        name = page.xpath("string(.//h2)").split(":")[0].strip()
        days = page.xpath("string(.//*[@data-days-overdue])")
        out[name] = (int(days) if days else 0, int(page.xpath("string(.//*[@data-reminders])")))
    assert len(out) == len(links)
    return out


@pytest.fixture
def thirteen_without_accounts(campaign, secretariat, jurisdiction):
    """13 communes with no account at all, all overdue on a round that closed 10 days ago."""
    communes = [
        UnitFactory(
            name=f"Ủy ban nhân dân xã Số {i:02d}",
            level=jurisdiction.commune_a.level,
            parent=jurisdiction.district,
        )
        for i in range(1, 14)
    ]
    campaign.participants.set(communes)
    with time_machine.travel(at(timezone.localdate() - timedelta(days=40)), tick=False):
        rnd = services.round_create(
            campaign=campaign,
            by=secretariat,
            title="Báo cáo tổng kết",
            kind="final",
            deadline=timezone.localdate() + timedelta(days=30),
        )
    return rnd


def test_one_digest_for_thirteen_units_without_accounts(
    client, thirteen_without_accounts, secretariat, mailoutbox
):
    rnd = thirteen_without_accounts
    result = reminders_schedule_due(enqueue=False)
    rows = ReminderDelivery.objects.filter(pk__in=result.created)
    assert {r.kind for r in rows} == {"no_account"}
    assert rows.count() == 13
    outcomes = deliver_all(result.created)
    assert outcomes.count("sent") == 1
    assert len(mailoutbox) == 1  # one digest, not 13 notices
    body = mailoutbox[0].body
    assert mailoutbox[0].subject == "[Báo cáo Thường trực] 13 đơn vị chưa nộp báo cáo quá hạn"
    assert "nhắc nhở, đôn đốc nhiều lần" not in body
    assert body.count("chưa có tài khoản trong hệ thống nên không nhắc được") == 13
    assert body.count("quá hạn 10 ngày") == 13
    assert ReminderDelivery.objects.filter(status="sent").count() == 13
    assert Notification.objects.filter(recipient=secretariat).count() == 1
    # the round's page and each unit's own page show the digest's numbers, unit by unit
    client.force_login(secretariat)
    html = client.get(reverse("reports:round-detail", args=[rnd.pk])).content.decode()
    assert html.count("quá hạn 10 ngày") == 13
    in_digest = digest_lines(body)
    assert len(in_digest) == 13
    assert unit_pages(client, rnd) == in_digest
    assert set(in_digest.values()) == {(10, 0)}
    # told once: later sweeps do not repeat it (no escalation as if reminders were ignored)
    for days in (3, 6, 9, 12):
        with time_machine.travel(at(timezone.localdate() + timedelta(days=days)), tick=False):
            later = reminders_schedule_due(enqueue=False)
            assert later.created == []


def test_digest_counts_reminders_actually_received(
    client, rnd, deadline_day, jurisdiction, unit_head_a, secretariat, mailoutbox
):
    """Bình Lư has a head (reminded 7 and 1 days before, on the day, 3, 6, 9 days after: 6 times);
    Sơn Bình has nobody. Each digest says exactly that."""
    sent = []
    for offset in (-7, -1, 0, 3, 6, 9):
        with time_machine.travel(at(deadline_day + timedelta(days=offset)), tick=False):
            ids = reminders_schedule_due(enqueue=False).created
            sent += deliver_all(ids)
    digests = [m for m in mailoutbox if m.to == [secretariat.email]]
    assert len(digests) == 2  # day 3: Sơn Bình cannot be reminded; day 9: the escalation
    no_account, escalation = digests
    assert "Ủy ban nhân dân xã Sơn Bình: quá hạn 3 ngày; đơn vị chưa có tài khoản" in no_account.body
    assert "Ủy ban nhân dân xã Bình Lư: quá hạn 9 ngày; đã được nhắc 6 lần." in escalation.body
    assert "Sơn Bình" not in escalation.body
    # on the day of the escalation, Bình Lư's own page says what the digest says
    with time_machine.travel(at(deadline_day + timedelta(days=9)), tick=False):
        client.force_login(secretariat)
        pages = unit_pages(client, rnd)
    assert pages["Ủy ban nhân dân xã Bình Lư"] == digest_lines(escalation.body)["Ủy ban nhân dân xã Bình Lư"]
    assert pages["Ủy ban nhân dân xã Bình Lư"] == (9, 6)


# --- Registration reminders ------------------------------------------------------------
@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_registration_reminder_for_units_not_registered(
    campaign, jurisdiction, unit_head_a, unit_head_b, secretariat, mailoutbox
):
    """Registration deadline 23/03: the 7-days-before reminder goes to units that have not sent
    their registration, once; a unit that sent it gets nothing; closed campaigns get nothing."""
    from campaigns import services as campaign_services
    from campaigns.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(
        registration_deadline=timezone.localdate() + timedelta(days=7)
    )
    campaign.refresh_from_db()
    reg = campaign_services.registration_start(campaign=campaign, unit=jurisdiction.commune_b, by=unit_head_b)
    reg.collective_title = "advanced_collective"
    reg.save()
    campaign_services.registration_submit(registration=reg, by=unit_head_b)
    result = reminders_schedule_due(enqueue=False)
    rows = ReminderDelivery.objects.filter(pk__in=result.created, kind="registration")
    assert [(r.recipient.username, r.unit_id, r.round_id) for r in rows] == [
        ("head_a", jurisdiction.commune_a.pk, None)
    ]
    assert deliver_all([r.pk for r in rows]) == ["sent"]
    (msg,) = [m for m in mailoutbox if "đăng ký" in m.subject]
    assert msg.subject == f"[Nhắc nhở] Còn 7 ngày đến hạn đăng ký thi đua: {campaign.title}"
    assert f"/phong-trao/{campaign.pk}/dang-ky/{jurisdiction.commune_a.pk}/" in msg.body
    assert reminders_schedule_due(enqueue=False).created == []
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.FINAL_REVIEW)
    with time_machine.travel(at(timezone.localdate() + timedelta(days=6)), tick=False):
        later = reminders_schedule_due(enqueue=False)
    assert not ReminderDelivery.objects.filter(pk__in=later.created, kind="registration").exists()
