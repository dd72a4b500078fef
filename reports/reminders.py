"""Reminders: a sweep that creates one outbox row per due reminder, and an idempotent sender.

Guarantee (say it plainly): each due reminder gets exactly one `ReminderDelivery` row (the
unique key recipient+round+unit+kind+due_date), and that row is sent at most once as far as
the database knows. Delivery is at-least-once in one narrow window only: if the process dies
after the mail server accepted the message and before the row's "sent" commit (one UPDATE and
a COMMIT, milliseconds), a later retry sends that e-mail again. The in-app notification never
repeats (its dedupe key is the row id).
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.notifications import notify
from core.roles import Role
from reports.models import ReminderDelivery, ReminderPolicy, ReportRound, ReportSubmission
from reports.schedule import due_reminders
from units import permissions as authority
from units.models import Unit

log = logging.getLogger(__name__)
K = ReminderDelivery.Kind
UNIT_KINDS = (K.BEFORE_DEADLINE, K.ON_THE_DAY, K.OVERDUE)


def stuck_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "THIDUA_REMINDER_STUCK_SECONDS", 900))


def max_attempts() -> int:
    return getattr(settings, "THIDUA_REMINDER_MAX_ATTEMPTS", 6)


@dataclass
class SweepResult:
    created: list[int] = field(default_factory=list)
    enqueued: list[int] = field(default_factory=list)


def _policy(rnd: ReportRound) -> ReminderPolicy:
    try:
        return rnd.policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(round=rnd, days_before=list(ReminderPolicy.DEFAULT_DAYS_BEFORE))


def _recipients(rnd: ReportRound, unit_ids: set[int], today) -> tuple[dict, dict, list]:
    """({unit_id: [user_id]} unit head+clerk, {unit_id: [user_id]} unit heads, [secretariat user_id])."""
    grants = (
        authority.role_grants_on(Unit.objects.filter(pk__in=unit_ids), authority.UNIT_ROLES, on=today)
        .filter(user__is_active=True)
        .values_list("unit_id", "role", "user_id")
    )
    desk = authority.role_holders(rnd.campaign.launching_unit, Role.SECRETARIAT, on=today, inherited=True)
    grants = list(grants) + [(None, Role.SECRETARIAT, pk) for pk in desk.values_list("pk", flat=True)]
    unit_users, heads, secretariat = {}, {}, set()
    for unit_id, role, user_id in grants:
        if role == Role.SECRETARIAT:
            secretariat.add(user_id)
            continue
        if unit_id in unit_ids:
            unit_users.setdefault(unit_id, set()).add(user_id)
            if role == Role.UNIT_HEAD:
                heads.setdefault(unit_id, set()).add(user_id)
    return unit_users, heads, sorted(secretariat)


def _ensure(rnd, kind, due_date, pairs: set[tuple[int, int]], created: list[int]):
    """Create the missing rows among (recipient_id, unit_id) pairs; a concurrent sweep's rows win."""
    existing = set(
        ReminderDelivery.objects.filter(round=rnd, kind=kind, due_date=due_date).values_list(
            "recipient_id", "unit_id"
        )
    )
    for user_id, unit_id in sorted(pairs - existing):
        row, was_created = ReminderDelivery.objects.get_or_create(
            recipient_id=user_id, round=rnd, unit_id=unit_id, kind=kind, due_date=due_date
        )
        if was_created:
            created.append(row.pk)


@transaction.atomic
def reminders_schedule_due(*, now: datetime | None = None, enqueue: bool = True) -> SweepResult:
    """Create one ReminderDelivery per due reminder and enqueue the new and the stuck ones.

    Safe to run any number of times, and concurrently: the unique constraint is the idempotency
    key. Rows left unsent (a worker killed mid-send, a lost message) are enqueued again once
    they are older than THIDUA_REMINDER_STUCK_SECONDS; failed rows are retried up to
    THIDUA_REMINDER_MAX_ATTEMPTS attempts.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult()
    rounds = ReportRound.objects.filter(closed_at__isnull=True, opens_at__lte=now).select_related(
        "policy", "campaign__launching_unit"
    )
    for rnd in rounds:
        policy = _policy(rnd)
        due = due_reminders(
            deadline_day=timezone.localdate(rnd.deadline),
            opens_day=timezone.localdate(rnd.opens_at),
            today=today,
            days_before=policy.days_before or (),
            on_the_day=policy.on_the_day,
            overdue_every_days=policy.overdue_every_days,
            escalate_after=policy.escalate_after,
        )
        if not due:
            continue
        reported = set(
            rnd.submissions.filter(status__in=ReportSubmission.REPORTED).values_list("unit_id", flat=True)
        )
        pending_units = set(rnd.units.values_list("pk", flat=True)) - reported
        if not pending_units:
            continue
        unit_users, heads, secretariat = _recipients(rnd, pending_units, today)
        for d in due:
            if d.kind == K.ESCALATION:
                pairs = {(u, unit) for unit in pending_units for u in [*secretariat, *heads.get(unit, ())]}
            else:
                pairs = {(u, unit) for unit in pending_units for u in unit_users.get(unit, ())}
            _ensure(rnd, d.kind, d.due_date, pairs, result.created)
    cutoff = now - stuck_after()
    stuck = (
        ReminderDelivery.objects.filter(
            Q(status=ReminderDelivery.Status.PENDING, enqueued_at__isnull=True)
            | Q(status=ReminderDelivery.Status.PENDING, enqueued_at__lt=cutoff)
            | Q(
                status=ReminderDelivery.Status.FAILED, attempts__lt=max_attempts(), last_attempt_at__lt=cutoff
            )
        )
        .exclude(pk__in=result.created)
        .values_list("pk", flat=True)
    )
    result.enqueued = [*result.created, *stuck]
    if result.enqueued:
        ReminderDelivery.objects.filter(pk__in=result.enqueued).update(enqueued_at=now)
    if enqueue and result.enqueued:
        from reports.tasks import reminder_deliver_task

        ids = list(result.enqueued)
        transaction.on_commit(lambda: [reminder_deliver_task.delay(i) for i in ids])
    return result


def _still_needed(d: ReminderDelivery) -> str:
    """Why the reminder must not go out any more ("" if it still must)."""
    rnd = d.round
    if rnd.closed_at is not None:
        return "round_closed"
    if ReportSubmission.objects.filter(
        round=rnd, unit=d.unit_id, status__in=ReportSubmission.REPORTED
    ).exists():
        return "already_submitted"
    return ""


def _render(d: ReminderDelivery) -> tuple[str, str, str]:
    rnd, unit = d.round, d.unit
    if d.kind == K.ESCALATION:
        path = reverse("reports:tracker", args=[rnd.campaign_id]) + f"?round={rnd.pk}"
    else:
        path = reverse("reports:submission-edit", args=[rnd.pk, unit.pk])
    context = {
        "delivery": d,
        "round": rnd,
        "unit": unit,
        "recipient": d.recipient,
        "deadline": timezone.localtime(rnd.deadline),
        "days_left": (timezone.localdate(rnd.deadline) - d.due_date).days,
        "overdue_days": (d.due_date - timezone.localdate(rnd.deadline)).days,
        "url": settings.SITE_URL + path,
    }
    name = "escalation" if d.kind == K.ESCALATION else "reminder"
    subject = " ".join(render_to_string(f"emails/reports/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/reports/{name}_body.txt", context)
    return subject, body, path


def _send(d: ReminderDelivery, policy: ReminderPolicy) -> list[str]:
    subject, body, path = _render(d)
    channels = []
    if policy.send_in_app:
        notify(
            recipients=[d.recipient],
            kind=f"report.reminder.{d.kind}",
            title=subject,
            body=body,
            url=path,
            dedupe_key=f"report-reminder-{d.pk}",
        )
        channels.append("in_app")
    if policy.send_email and d.recipient.email:
        delay = getattr(settings, "THIDUA_REMINDER_TEST_DELAY", 0)
        if delay:  # tests only: widen the send so a test can kill the worker in the middle
            time.sleep(delay)
        EmailMessage(subject, body, to=[d.recipient.email]).send()
        channels.append("email")
    return channels


def reminder_deliver(*, delivery_id: int) -> str:
    """Send one reminder row: lock it, re-check, send, mark sent. Returns what happened.

    A duplicate call (a redelivered task, a second worker) finds the row sent, or locked by the
    other worker, and does nothing. A failure is written on the row (status failed, last error)
    and raised again so the task's bounded retry policy applies.
    """
    error = None
    with transaction.atomic():
        d = (
            ReminderDelivery.objects.select_for_update(
                skip_locked=connection.features.has_select_for_update_skip_locked
            )
            .filter(pk=delivery_id)
            .first()
        )
        if d is None:
            return "locked"
        if d.status in (ReminderDelivery.Status.SENT, ReminderDelivery.Status.SKIPPED):
            return "done"
        if d.status == ReminderDelivery.Status.FAILED and d.attempts >= max_attempts():
            return "gave_up"
        d.round = ReportRound.objects.select_related("policy", "campaign").get(pk=d.round_id)
        d.unit  # noqa: B018 - load now, inside the lock
        d.recipient = get_user_model().objects.get(pk=d.recipient_id)
        reason = _still_needed(d)
        now = timezone.now()
        if reason:
            d.status, d.skipped_reason = ReminderDelivery.Status.SKIPPED, reason
            d.save(update_fields=["status", "skipped_reason"])
            return "skipped"
        policy = _policy(d.round)
        d.attempts += 1
        d.last_attempt_at = now
        try:
            with transaction.atomic():  # a failed send leaves no half-written notification
                channels = _send(d, policy)
        except Exception as exc:
            error = exc
            d.status = ReminderDelivery.Status.FAILED
            d.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            d.save(update_fields=["status", "attempts", "last_attempt_at", "last_error"])
        else:
            if not channels:
                d.status, d.skipped_reason = ReminderDelivery.Status.SKIPPED, "no_channel"
                d.save(update_fields=["status", "skipped_reason", "attempts", "last_attempt_at"])
                return "skipped"
            d.status, d.sent_at, d.channels = ReminderDelivery.Status.SENT, timezone.now(), ",".join(channels)
            d.last_error = ""
            d.save(
                update_fields=["status", "sent_at", "channels", "attempts", "last_attempt_at", "last_error"]
            )
            return "sent"
    log.warning("reminder %s failed (attempt %s): %s", delivery_id, d.attempts, error)
    raise error
