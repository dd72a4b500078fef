"""Login, logout, failed logins and lock-outs: logged and written to the audit log.

Connected in CoreConfig.ready(). Every entry carries the client's IP address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core import audit

logger = logging.getLogger("thidua.auth")


def client_ip(request) -> str:
    """The client's IP address: REMOTE_ADDR, or behind our TLS proxy (DJANGO_BEHIND_TLS_PROXY)
    the right-most X-Forwarded-For entry, the one our own proxy wrote (left ones can be forged)."""
    if request is None:
        return ""
    if getattr(settings, "THIDUA_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _target_user(username: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first() if username else None
    return user or User(username=(username or "?")[:150])


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from core.mfa import note_login
        from core.middleware import start_session_clock

        start_session_clock(request.session)
        note_login(request, user)
    ip = client_ip(request)
    logger.info("login user=%s ip=%s", user.username, ip)
    audit.record(actor=user, action="core.auth.login", target=user, data={"ip": ip})


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    ip = client_ip(request)
    logger.info("logout user=%s ip=%s", user.username, ip)
    audit.record(actor=user, action="core.auth.logout", target=user, data={"ip": ip})


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    ip = client_ip(request)
    logger.warning("login failed user=%s ip=%s", username, ip)
    audit.record(
        actor=None,
        action="core.auth.login_failed",
        target=_target_user(username),
        data={"username": username, "ip": ip},
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning("login locked out user=%s ip=%s", username, ip_address)
    audit.record(
        actor=None,
        action="core.auth.locked_out",
        target=_target_user(username or ""),
        data={"username": username or "", "ip": ip_address or ""},
    )


def connect() -> None:
    """Connect the django-axes lock-out signal (the auth signals connect by decorator)."""
    from axes.signals import user_locked_out

    user_locked_out.connect(on_locked_out, dispatch_uid="thidua-locked-out")
