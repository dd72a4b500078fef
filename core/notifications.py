"""In-app notifications and their e-mail copies: the one place that creates, reads and mails them.

A notification is short in the app (title, one line, a link to the object). When it is written
with `email=True` and its recipient wants e-mail (`User.notification_email`), it is marked
`email_due`: "immediate" users get one e-mail per notification after the commit (a Celery task,
run in-process when no broker is configured), "digest" users one e-mail a day listing every
notification still unsent (`notification_digest_send`, beat or `manage.py
send_notification_digest`). A sender first claims the rows (`emailed_at` set, committed, only
where it was empty), then talks to the mail server; a failure gives the claim back for the next
run. So no run, retry or second worker sends a notification twice; a worker killed inside the
SMTP exchange may lose that one e-mail (the in-app notification stays).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import Notification, User

log = logging.getLogger(__name__)
EMAIL_TASK = "core.tasks.notification_email_task"


def notify(
    *,
    recipients,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    email: bool = False,
) -> int:
    """Create one notification per recipient; with `dedupe_key`, never twice for the same user.

    Args:
        recipients: users (duplicates are sent once).
        kind: a dotted code ("campaigns.registration.submitted").
        title: the short in-app text (cut at 300 characters); body: one short extra line.
        url: a site-relative link to the object.
        email: also send an e-mail copy to recipients who want one (immediately after the
            commit, or in their daily digest, per `User.notification_email`).

    Returns the number of notifications created (0 for a user already notified with that key).
    """
    created = []
    for user in {u.pk: u for u in recipients}.values():
        wants = email and bool(user.email) and user.notification_email != User.NotificationEmail.NONE
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    title=title[:300],
                    body=body,
                    url=url,
                    dedupe_key=dedupe_key,
                    email_due=wants,
                )
            created.append((n, user))
        except IntegrityError:
            if not dedupe_key:
                raise
    ids = [
        n.pk for n, u in created if n.email_due and u.notification_email == User.NotificationEmail.IMMEDIATE
    ]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids), robust=True)
    return len(created)


def _enqueue_emails(ids: list[int]) -> None:
    """One e-mail task per notification (inline when no broker is configured). A failure is
    logged, never raised into the request that made the change: the claim is given back and the
    daily digest sends what is left."""
    task = import_string(EMAIL_TASK)
    for pk in ids:
        try:
            task.delay(pk)
        except Exception as exc:
            log.warning("notification %s e-mail not sent now: %s", pk, exc)


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread (the badge in the navigation bar)."""
    return Notification.objects.filter(recipient=user).unread().count()


def notification_list_for_user(user):
    """`user`'s own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient=user)


def notification_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one (`pk`) or all of `user`'s unread notifications read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user).unread()
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def notification_email_preference_set(*, user, mode: str) -> User:
    """Set how `user`'s notifications reach them by e-mail (`User.NotificationEmail` value).

    Raises ValueError for an unknown mode. Audited.
    """
    from core import audit

    if mode not in User.NotificationEmail.values:
        raise ValueError(mode)
    old = user.notification_email
    if old != mode:
        user.notification_email = mode
        user.save(update_fields=["notification_email"])
        audit.record(
            actor=user, action="core.user.notification_email", target=user, data={"from": old, "to": mode}
        )
    return user


# --- E-mail copies --------------------------------------------------------------------------
def _pending():
    return Notification.objects.filter(email_due=True, emailed_at__isnull=True)


def _claim(ids: list[int]) -> list[Notification]:
    """Mark `ids` claimed (committed) where nobody claimed them yet; the rows won, in order."""
    now = timezone.now()
    with transaction.atomic():
        won = list(_pending().select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=won).update(emailed_at=now)
    return list(
        Notification.objects.filter(pk__in=won).select_related("recipient").order_by("created_at", "pk")
    )


def _release(rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=None)


def _absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def _message_id(kind: str, pk: int) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "thidua.local"
    return f"<notification.{kind}.{pk}@{domain}>"


def _send(rows: list[Notification], template: str, context: dict, message_id: str) -> None:
    subject = " ".join(render_to_string(f"emails/notifications/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/notifications/{template}_body.txt", context)
    to = rows[0].recipient.email
    mail = get_connection(fail_silently=False)
    try:
        EmailMessage(subject, body, to=[to], headers={"Message-ID": message_id}, connection=mail).send()
    except Exception:
        _release(rows)
        raise


def notification_email_send(*, notification_id: int) -> str:
    """Send the e-mail copy of one notification ("immediate" mode). Returns "sent", or "done" when
    it was already claimed (sent, being sent, or left to the digest) or is not due.

    Raises the mail backend's error (the claim is given back, so a retry or the digest sends it).
    """
    rows = _claim([notification_id])
    if not rows:
        return "done"
    n = rows[0]
    if not n.recipient.email or n.recipient.notification_email == User.NotificationEmail.NONE:
        return "done"  # the user changed their address or preference since: claimed, not sent
    context = {"recipient": n.recipient, "n": n, "url": _absolute(n.url)}
    _send(rows, "one", context, _message_id("one", n.pk))
    return "sent"


@dataclass
class DigestResult:
    recipients: int = 0
    notifications: int = 0


def notification_digest_send(*, now=None) -> DigestResult:
    """Send every user one e-mail listing all their notifications whose e-mail is still due
    (created before `now`, default the current time): the daily digest of "digest" users, and a
    catch-up for "immediate" ones whose e-mail failed. Users who chose no e-mail are skipped.

    Idempotent: the rows are claimed before sending, so a second run (or a concurrent one)
    sends nothing twice. Returns how many people and notifications were mailed. A failed send
    gives its rows back and is logged; the others still go out.
    """
    now = now or timezone.now()
    pending = (
        _pending()
        .filter(created_at__lte=now)
        .exclude(recipient__notification_email=User.NotificationEmail.NONE)
    )
    by_user: dict[int, list[int]] = {}
    for pk, user_id in pending.order_by("recipient_id", "created_at", "pk").values_list("pk", "recipient_id"):
        by_user.setdefault(user_id, []).append(pk)
    result = DigestResult()
    for ids in by_user.values():
        rows = _claim(ids)
        if not rows:
            continue
        recipient = rows[0].recipient
        if not recipient.email:
            continue
        items = [{"n": n, "url": _absolute(n.url)} for n in rows]
        context = {"recipient": recipient, "items": items, "day": timezone.localdate(now)}
        try:
            _send(rows, "digest", context, _message_id("digest", rows[0].pk))
        except Exception as exc:  # one bad address must not stop the others' digests
            log.warning("notification digest for user %s failed: %s", recipient.pk, exc)
            continue
        result.recipients += 1
        result.notifications += len(rows)
    return result
