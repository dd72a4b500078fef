"""In-app notifications: the one place that creates and reads them."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Notification


def notify(*, recipients, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str = "") -> int:
    """Create one notification per recipient; with `dedupe_key`, never twice for the same user."""
    created = 0
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, kind=kind, title=title[:300], body=body, url=url, dedupe_key=dedupe_key
                )
            created += 1
        except IntegrityError:
            if not dedupe_key:
                raise
    return created


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


def notification_list_for_user(user):
    return Notification.objects.filter(recipient=user)


def notification_mark_read(*, user, pk: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=user).unread()
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
