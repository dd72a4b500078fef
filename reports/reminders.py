"""Reminders: a sweep that creates one outbox row per due reminder, and an idempotent sender.

Guarantee (say it plainly): each due reminder gets exactly one `ReminderDelivery` row (the
unique key recipient+round+unit+kind+due_date). Its e-mail is claimed in a committed step
before the mail server is contacted and confirmed in another after it accepted, with every
attempt recorded (`ReminderSendAttempt`) and the same Message-ID on every attempt. A duplicate
e-mail can only come from a worker killed (or a connection lost) inside the SMTP exchange,
and the row then counts it (`unconfirmed_sends`). The in-app notification never repeats (its
dedupe key is the row id). README, "Reminders", gives the measured window.
"""

import logging
import os
import smtplib
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.jobs import enqueue_each_on_commit
from core.notifications import notify
from core.roles import Role
from reports.models import (
    ReminderDelivery,
    ReminderPolicy,
    ReminderSendAttempt,
    ReportRound,
    ReportSubmission,
)
from reports.schedule import days_left, days_overdue, due_reminders
from units import permissions as authority
from units.models import Unit

log = logging.getLogger(__name__)
K = ReminderDelivery.Kind
Phase = ReminderSendAttempt.Phase
UNIT_KINDS = (K.BEFORE_DEADLINE, K.ON_THE_DAY, K.OVERDUE)
# Reminders only for rounds of a campaign that is launched and not closed (never for a draft).
RUNNING_CAMPAIGN = ("launched", "interim_review", "final_review")
# Sent to the secretariat (and unit heads) as one digest per person per sweep.
DIGEST_KINDS = (K.ESCALATION, K.NO_ACCOUNT)
# Registration reminders: campaigns still taking registrations; units whose registration is sent.
REGISTRATION_OPEN = ("launched", "interim_review")
REGISTERED = ("submitted", "approved")


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


def _schedule_registration_reminders(today, batch: str, result: SweepResult) -> None:
    """Registration reminders (7 and 1 days before the registration deadline, and on the day) to
    the people of participating units that have not sent their registration — the same outbox
    rows, unique per (person, campaign, unit, kind, day), delivered by the same sender."""
    from campaigns.models import Campaign, Registration
    from campaigns.selectors import participating_units

    campaigns = Campaign.objects.filter(
        status__in=REGISTRATION_OPEN, registration_deadline__isnull=False, registration_deadline__gte=today
    )
    for campaign in campaigns:
        start = timezone.localdate(campaign.launched_at) if campaign.launched_at else today
        due = [
            d
            for d in due_reminders(
                deadline_day=campaign.registration_deadline,
                opens_day=start,
                today=today,
                days_before=ReminderPolicy.DEFAULT_DAYS_BEFORE,
                on_the_day=True,
                overdue_every_days=0,
                escalate_after=0,
            )
            if d.kind != K.ESCALATION
        ]
        if not due:
            continue
        registered = set(
            Registration.objects.filter(campaign=campaign, status__in=REGISTERED).values_list(
                "unit_id", flat=True
            )
        )
        pending = set(participating_units(campaign).values_list("pk", flat=True)) - registered
        if not pending:
            continue
        grants = (
            authority.role_grants_on(Unit.objects.filter(pk__in=pending), authority.UNIT_ROLES, on=today)
            .filter(user__is_active=True)
            .values_list("user_id", "unit_id")
        )
        pairs = set(grants)
        existing = set(
            ReminderDelivery.objects.filter(
                campaign=campaign, round__isnull=True, kind=K.REGISTRATION, due_date=due[-1].due_date
            ).values_list("recipient_id", "unit_id")
        )
        for user_id, unit_id in sorted(pairs - existing):
            row, was_created = ReminderDelivery.objects.get_or_create(
                recipient_id=user_id,
                round=None,
                campaign=campaign,
                unit_id=unit_id,
                kind=K.REGISTRATION,
                due_date=due[-1].due_date,
                defaults={"batch": batch},
            )
            if was_created:
                result.created.append(row.pk)


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
    _schedule_registration_reminders(today, batch, result)
    cutoff = now - stuck_after()
    stuck = (
        ReminderDelivery.objects.filter(
            Q(status=ReminderDelivery.Status.PENDING, enqueued_at__isnull=True)
            | Q(status=ReminderDelivery.Status.PENDING, enqueued_at__lt=cutoff)
            | Q(
                status=ReminderDelivery.Status.FAILED, attempts__lt=max_attempts(), last_attempt_at__lt=cutoff
            )
            | Q(status=ReminderDelivery.Status.SENDING, claimed_at__lt=now - lease())
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
    if d.kind == K.REGISTRATION:
        from campaigns.models import Registration

        if d.campaign.registration_closed_reason():
            return "registration_closed"
        if Registration.objects.filter(campaign=d.campaign, unit=d.unit_id, status__in=REGISTERED).exists():
            return "already_registered"
        return ""
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


def _render_registration(d: ReminderDelivery) -> tuple[str, str, str]:
    campaign, today = d.campaign, timezone.localdate()
    path = reverse("campaigns:registration-edit", args=[campaign.pk, d.unit_id])
    context = {
        "delivery": d,
        "campaign": campaign,
        "unit": d.unit,
        "recipient": d.recipient,
        "deadline": campaign.registration_deadline,
        "days_left": max((campaign.registration_deadline - today).days, 0),
        "url": settings.SITE_URL + path,
    }
    subject = " ".join(render_to_string("emails/reports/registration_subject.txt", context).split())
    body = render_to_string("emails/reports/registration_body.txt", context)
    return subject, body, path


def _render(d: ReminderDelivery) -> tuple[str, str, str]:
    if d.kind == K.REGISTRATION:
        return _render_registration(d)
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


def lease() -> timedelta:
    """How long a claimed ("sending") row belongs to the worker that claimed it; after that a
    retry presumes the worker dead and reconciles the row."""
    return timedelta(seconds=getattr(settings, "THIDUA_REMINDER_LEASE_SECONDS", 300))


def message_id(d: ReminderDelivery) -> str:
    """The reminder's Message-ID, the same on every attempt: a receiving system that
    deduplicates by Message-ID shows a resent reminder once."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "thidua.local"
    return f"<reminder.{d.pk}.{d.kind}.{d.due_date:%Y%m%d}@{domain}>"


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _reconcile(d: ReminderDelivery, now: datetime) -> None:
    """A row left "sending" by a worker that never confirmed: close its open attempt.

    Phase "claimed" means the mail server was never reached (resending cannot duplicate);
    phase "smtp" means it may have accepted the message: the resend is counted on the row
    (`unconfirmed_sends`) as a possible duplicate.
    """
    attempts = ReminderSendAttempt.objects.filter(phase__in=[Phase.CLAIMED, Phase.SMTP])
    # A digest's rows share the message (and the Message-ID) of the row whose attempt sent it.
    attempts = (
        attempts.filter(delivery__message_id=d.message_id) if d.message_id else attempts.filter(delivery=d)
    )
    for attempt in attempts:
        if attempt.phase == Phase.SMTP:
            attempt.phase = Phase.UNCONFIRMED
            d.unconfirmed_sends += 1
        else:
            attempt.phase = Phase.ABANDONED
        attempt.finished_at = now
        attempt.error = "worker stopped before confirming"
        attempt.save(update_fields=["phase", "finished_at", "error"])
    d.status = ReminderDelivery.Status.PENDING


# SMTP replies that say the server did NOT take the message: a retry cannot duplicate it.
_REFUSALS = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def _digest_rows(d: ReminderDelivery) -> list[ReminderDelivery]:
    """The still-needed digest rows of the same person and sweep, locked (`d` included).

    Rows another worker holds are left to it; rows no longer needed are marked skipped here.
    """
    rows = [d]
    others = (
        ReminderDelivery.objects.select_for_update(
            # only the delivery rows: the round is a nullable join (registration reminders)
            skip_locked=connection.features.has_select_for_update_skip_locked,
            of=("self",),
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
    """Send one reminder row, exactly once where SMTP allows it. Returns what happened.

    1. Claim, committed: lock the row, re-check it (sent, skipped, still needed?), write the
       in-app notification (deduplicated by the row id) and mark the row "sending" with an
       attempt row in phase "claimed". A row another worker holds or claimed within the lease
       is left alone; a row whose claim expired is reconciled first (_reconcile).
    2. Open the SMTP connection, then commit the attempt's phase "smtp", then hand over the
       message with the row's fixed Message-ID.
    3. Confirm, committed: row "sent" and attempt "sent"; or, on an error, row "failed" with
       the error, and the attempt "failed" (server refused: no duplicate possible) or
       "unconfirmed" (connection lost mid-exchange: counted as a possible duplicate). The
       error is raised again so the task's bounded retry policy applies.

    A duplicate e-mail can only come from a crash or a lost connection between step 2's
    commit and step 3's commit, i.e. inside the SMTP exchange; the row counts every such resend.
    """
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
        now = timezone.now()
        if d.status == ReminderDelivery.Status.SENDING:
            if d.claimed_at and d.claimed_at > now - lease():
                return "claimed"  # another worker is sending it now
            _reconcile(d, now)
        if d.round_id:
            d.round = ReportRound.objects.select_related("policy", "campaign").get(pk=d.round_id)
        else:
            d.campaign  # noqa: B018 - a registration reminder: load its campaign inside the lock
        d.unit  # noqa: B018 - load now, inside the lock
        d.recipient = get_user_model().objects.get(pk=d.recipient_id)
        reason = _still_needed(d)
        if reason:
            d.status, d.skipped_reason = ReminderDelivery.Status.SKIPPED, reason
            d.save(update_fields=["status", "skipped_reason", "unconfirmed_sends"])
            return "skipped"
        policy = _policy(d.round) if d.round_id else ReminderPolicy(days_before=[])
        digest = _digest_rows(d) if d.kind in DIGEST_KINDS else None
        subject, body, path = _render_digest(digest, timezone.localdate()) if digest else _render(d)
        channels = []
        if policy.send_in_app:
            notify(
                recipients=[d.recipient],
                kind=f"report.reminder.{d.kind}",
                title=subject,  # in the app: the subject and the link; the e-mail has the letter
                url=path,
                dedupe_key=f"report-digest-{d.recipient_id}-{d.batch}"
                if digest
                else f"report-reminder-{d.pk}",
            )
            channels.append("in_app")
        # The other rows of a digest go out in this same message: claimed, sent or failed with it.
        others = [r.pk for r in digest or () if r.pk != d.pk]
        d.attempts += 1
        d.last_attempt_at = now
        fields = ["status", "attempts", "last_attempt_at", "unconfirmed_sends"]
        if not (policy.send_email and d.recipient.email):
            if channels:
                d.status, d.sent_at, d.channels, d.last_error = (
                    ReminderDelivery.Status.SENT,
                    now,
                    "in_app",
                    "",
                )
                d.save(update_fields=[*fields, "sent_at", "channels", "last_error"])
                ReminderDelivery.objects.filter(pk__in=others).update(
                    status=ReminderDelivery.Status.SENT, sent_at=now, channels="in_app", last_error=""
                )
                return "sent"
            d.status, d.skipped_reason = ReminderDelivery.Status.SKIPPED, "no_channel"
            d.save(update_fields=[*fields, "skipped_reason"])
            return "skipped"
        d.status, d.claimed_at = ReminderDelivery.Status.SENDING, now
        d.message_id = d.message_id or message_id(d)
        d.save(update_fields=[*fields, "claimed_at", "message_id"])
        ReminderDelivery.objects.filter(pk__in=others).update(
            status=ReminderDelivery.Status.SENDING, claimed_at=now, message_id=d.message_id
        )
        attempt = ReminderSendAttempt.objects.create(delivery=d, started_at=now, worker=_worker_name())
        to = d.recipient.email

    mail = get_connection(fail_silently=False)
    try:
        mail.open()
        ReminderSendAttempt.objects.filter(pk=attempt.pk).update(phase=Phase.SMTP, smtp_at=timezone.now())
        delay = getattr(settings, "THIDUA_REMINDER_TEST_DELAY", 0)
        if delay:  # tests only: widen the exchange so a test can kill the worker in the middle
            time.sleep(delay)
        EmailMessage(subject, body, to=[to], headers={"Message-ID": d.message_id}, connection=mail).send()
    except Exception as exc:
        _record_failure([d.pk, *others], attempt.pk, exc)
        log.warning("reminder %s failed (attempt %s): %s", delivery_id, d.attempts, exc)
        raise
    finally:
        mail.close()
    with transaction.atomic():
        now = timezone.now()
        ReminderSendAttempt.objects.filter(pk=attempt.pk).update(phase=Phase.SENT, finished_at=now)
        ReminderDelivery.objects.filter(pk__in=[d.pk, *others]).update(
            status=ReminderDelivery.Status.SENT,
            sent_at=now,
            channels=",".join([*channels, "email"]),
            last_error="",
        )
    return "sent"


def _record_failure(delivery_pks: list[int], attempt_pk: int, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        attempt = ReminderSendAttempt.objects.select_for_update().get(pk=attempt_pk)
        # Refused by the server, or never reached it: not sent. Otherwise the server may have it.
        unsure = attempt.phase == Phase.SMTP and not isinstance(exc, _REFUSALS)
        attempt.phase = Phase.UNCONFIRMED if unsure else Phase.FAILED
        attempt.finished_at, attempt.error = timezone.now(), error
        attempt.save(update_fields=["phase", "finished_at", "error"])
        ReminderDelivery.objects.filter(pk__in=delivery_pks).update(
            status=ReminderDelivery.Status.FAILED,
            last_error=error,
            unconfirmed_sends=F("unconfirmed_sends") + (1 if unsure else 0),
        )
