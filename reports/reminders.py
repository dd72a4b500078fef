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

from core.jobs import enqueue_each_on_commit
from core.notifications import notify
from core.roles import Role
from reports.models import ReminderDelivery, ReminderPolicy, ReportRound, ReportSubmission
from reports.schedule import days_left, days_overdue, due_reminders
from units import permissions as authority
from units.models import Unit

log = logging.getLogger(__name__)
K = ReminderDelivery.Kind
UNIT_KINDS = (K.BEFORE_DEADLINE, K.ON_THE_DAY, K.OVERDUE)
# Reminders only for rounds of a campaign that is launched and not closed (never for a draft).
RUNNING_CAMPAIGN = ("launched", "interim_review", "final_review")
# Sent to the secretariat (and unit heads) as one digest per person per sweep.
DIGEST_KINDS = (K.ESCALATION, K.NO_ACCOUNT)


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


def _ensure(rnd, kind, due_date, pairs: set[tuple[int, int]], created: list[int], batch: str = ""):
    """Create the missing rows among (recipient_id, unit_id) pairs; a concurrent sweep's rows win."""
    existing = set(
        ReminderDelivery.objects.filter(round=rnd, kind=kind, due_date=due_date).values_list(
            "recipient_id", "unit_id"
        )
    )
    for user_id, unit_id in sorted(pairs - existing):
        row, was_created = ReminderDelivery.objects.get_or_create(
            recipient_id=user_id,
            round=rnd,
            unit_id=unit_id,
            kind=kind,
            due_date=due_date,
            defaults={"batch": batch},
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
    batch = now.isoformat()
    result = SweepResult()
    rounds = ReportRound.objects.filter(
        closed_at__isnull=True, opens_at__lte=now, campaign__status__in=RUNNING_CAMPAIGN
    ).select_related("policy", "campaign__launching_unit")
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
        # Units nobody can be reminded in: told to the secretariat once per round, as such, and
        # never escalated as if they had ignored reminders.
        unreachable = {u for u in pending_units if not unit_users.get(u)}
        reachable = pending_units - unreachable
        for d in due:
            if d.kind == K.ESCALATION:
                pairs = {(u, unit) for unit in reachable for u in [*secretariat, *heads.get(unit, ())]}
            else:
                pairs = {(u, unit) for unit in reachable for u in unit_users.get(unit, ())}
            _ensure(rnd, d.kind, d.due_date, pairs, result.created, batch)
        deadline_day = timezone.localdate(rnd.deadline)
        if unreachable and secretariat and today > deadline_day:
            pairs = {(u, unit) for unit in unreachable for u in secretariat}
            _ensure(rnd, K.NO_ACCOUNT, deadline_day, pairs, result.created, batch)
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
        enqueue_each_on_commit(
            "reports.tasks.reminder_deliver_task", [(i,) for i in _one_task_per_digest(result.enqueued)]
        )
    return result


def _one_task_per_digest(ids: list[int]) -> list[int]:
    """Row ids to enqueue: every unit reminder, and one row per (person, sweep) of the digest kinds
    (delivering it sends the whole digest)."""
    seen, out = set(), []
    rows = ReminderDelivery.objects.filter(pk__in=ids).values_list("pk", "kind", "recipient_id", "batch")
    for pk, kind, recipient_id, batch in sorted(rows):
        if kind in DIGEST_KINDS:
            if (recipient_id, batch) in seen:
                continue
            seen.add((recipient_id, batch))
        out.append(pk)
    return out


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


def reminders_received(round_id: int, unit_id: int) -> int:
    """How many reminders (before, on the day, overdue) the unit's people were actually sent."""
    return (
        ReminderDelivery.objects.filter(
            round_id=round_id, unit_id=unit_id, kind__in=UNIT_KINDS, status=ReminderDelivery.Status.SENT
        )
        .values("kind", "due_date")
        .distinct()
        .count()
    )


def _render_digest(rows: list[ReminderDelivery], today) -> tuple[str, str, str]:
    """One message listing every late unit of the sweep for one person, with true counts."""
    by_round: dict[int, dict] = {}
    for d in sorted(rows, key=lambda r: (r.round.deadline, r.round_id, r.unit.path)):
        entry = by_round.setdefault(
            d.round_id,
            {
                "round": d.round,
                "deadline": timezone.localtime(d.round.deadline),
                "url": settings.SITE_URL
                + reverse("reports:tracker", args=[d.round.campaign_id])
                + f"?round={d.round_id}",
                "units": {},
            },
        )
        item = entry["units"].setdefault(
            d.unit_id,
            {
                "unit": d.unit,
                "days_overdue": days_overdue(d.round.deadline, today),
                "reminders": reminders_received(d.round_id, d.unit_id),
                "no_account": False,
            },
        )
        item["no_account"] = item["no_account"] or d.kind == K.NO_ACCOUNT
    rounds = [{**e, "units": list(e["units"].values())} for e in by_round.values()]
    context = {
        "recipient": rows[0].recipient,
        "rounds": rounds,
        "unit_count": sum(len(e["units"]) for e in rounds),
        "today": today,
    }
    subject = " ".join(render_to_string("emails/reports/digest_subject.txt", context).split())
    body = render_to_string("emails/reports/digest_body.txt", context)
    path = reverse("reports:tracker", args=[rows[0].round.campaign_id]) + f"?round={rows[0].round_id}"
    return subject, body, path


def _render(d: ReminderDelivery) -> tuple[str, str, str]:
    rnd, unit = d.round, d.unit
    today = timezone.localdate()
    path = reverse("reports:submission-edit", args=[rnd.pk, unit.pk])
    context = {
        "delivery": d,
        "round": rnd,
        "unit": unit,
        "recipient": d.recipient,
        "deadline": timezone.localtime(rnd.deadline),
        "days_left": max(days_left(rnd.deadline, today), 0),
        "overdue_days": days_overdue(rnd.deadline, today),
        "url": settings.SITE_URL + path,
    }
    name = "reminder"
    subject = " ".join(render_to_string(f"emails/reports/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/reports/{name}_body.txt", context)
    return subject, body, path


def _send(
    d: ReminderDelivery, policy: ReminderPolicy, digest: list[ReminderDelivery] | None = None
) -> list[str]:
    if digest:
        subject, body, path = _render_digest(digest, timezone.localdate())
    else:
        subject, body, path = _render(d)
    channels = []
    if policy.send_in_app:
        notify(
            recipients=[d.recipient],
            kind=f"report.reminder.{d.kind}",
            title=subject,
            body=body,
            url=path,
            dedupe_key=f"report-digest-{d.recipient_id}-{d.batch}" if digest else f"report-reminder-{d.pk}",
        )
        channels.append("in_app")
    if policy.send_email and d.recipient.email:
        delay = getattr(settings, "THIDUA_REMINDER_TEST_DELAY", 0)
        if delay:  # tests only: widen the send so a test can kill the worker in the middle
            time.sleep(delay)
        EmailMessage(subject, body, to=[d.recipient.email]).send()
        channels.append("email")
    return channels


def _digest_rows(d: ReminderDelivery) -> list[ReminderDelivery]:
    """The still-needed digest rows of the same person and sweep, locked (`d` included).

    Rows another worker holds are left to it; rows no longer needed are marked skipped here.
    """
    rows = [d]
    others = (
        ReminderDelivery.objects.select_for_update(
            skip_locked=connection.features.has_select_for_update_skip_locked
        )
        .filter(
            recipient_id=d.recipient_id,
            batch=d.batch,
            kind__in=DIGEST_KINDS,
            status__in=[ReminderDelivery.Status.PENDING, ReminderDelivery.Status.FAILED],
        )
        .exclude(pk=d.pk)
        .select_related("round", "round__campaign", "unit")
    )
    for other in others:
        reason = _still_needed(other)
        if reason:
            other.status, other.skipped_reason = ReminderDelivery.Status.SKIPPED, reason
            other.save(update_fields=["status", "skipped_reason"])
        else:
            rows.append(other)
    return rows


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
        digest = _digest_rows(d) if d.kind in DIGEST_KINDS else None
        d.attempts += 1
        d.last_attempt_at = now
        try:
            with transaction.atomic():  # a failed send leaves no half-written notification
                channels = _send(d, policy, digest)
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
            if digest:  # the other rows of the digest went out in the same message
                ReminderDelivery.objects.filter(pk__in=[r.pk for r in digest if r.pk != d.pk]).update(
                    status=ReminderDelivery.Status.SENT, sent_at=d.sent_at, channels=d.channels, last_error=""
                )
            return "sent"
    log.warning("reminder %s failed (attempt %s): %s", delivery_id, d.attempts, error)
    raise error
