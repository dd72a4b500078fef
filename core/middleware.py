"""Request-wide security rules: control characters in input, no-store, session timeouts.

Each middleware is one rule for every view, so views stay unchanged (issue 15).
"""

from __future__ import annotations

import logging
import time
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Line breaks and tabs are ordinary text in a textarea; every other C0/C1 control is refused.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def bad_character(value: str) -> str | None:
    """The first control character (category Cc, except tab/CR/LF) in `value`, or None."""
    for ch in value:
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return ch
    return None


class ControlCharacterMiddleware:
    """Refuse NUL and other control characters in any query parameter or form field.

    Answers HTTP 400 with a Vietnamese message naming the field, instead of letting the value
    reach a query (PostgreSQL refuses NUL: that was a 500). File contents are not inspected here
    (core.uploads does that); uploaded file names are checked by core.uploads.check_name.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._offending_field(request)
        if field is not None:
            logger.info("refused control character in field %r of %s %s", field, request.method, request.path)
            return render(
                request,
                "core/bad_input.html",
                {"field": field, "back": request.path},
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def _offending_field(request) -> str | None:
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        for source in sources:
            for key, values in source.lists():
                if bad_character(key):
                    return key.encode("unicode_escape").decode()[:60]
                for value in values:
                    if isinstance(value, str) and bad_character(value):
                        return key[:60]
        return None


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every dynamic response (pages with personal data, downloads).

    Static files are served by WhiteNoise before this runs and keep their long cache headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


SESSION_STARTED = "_thidua_started"
SESSION_SEEN = "_thidua_seen"


def start_session_clock(session) -> None:
    """Called at login: both timeouts count from now (seconds since the epoch)."""
    session[SESSION_STARTED] = session[SESSION_SEEN] = time.time()


class SessionTimeoutMiddleware:
    """Log out after THIDUA_SESSION_IDLE_SECONDS without a request, or THIDUA_SESSION_MAX_SECONDS
    after login, whichever comes first (defaults 30 min and 10 h); the user sees why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(SESSION_STARTED)
            seen = session.get(SESSION_SEEN)
            if started is None:
                session[SESSION_STARTED] = started = now
            reason = None
            if seen is not None and now - seen > settings.THIDUA_SESSION_IDLE_SECONDS:
                reason = _(
                    "Phiên làm việc đã hết hạn do không thao tác quá %(n)s phút; hãy đăng nhập lại."
                ) % {"n": settings.THIDUA_SESSION_IDLE_SECONDS // 60}
            elif now - started > settings.THIDUA_SESSION_MAX_SECONDS:
                reason = _("Phiên làm việc đã quá %(n)s giờ; hãy đăng nhập lại.") % {
                    "n": settings.THIDUA_SESSION_MAX_SECONDS // 3600
                }
            if reason:
                logout(request)
                messages.warning(request, reason)
                return redirect_to_login(request.get_full_path())
            # Write at most once a minute: every page view need not rewrite the session row.
            if seen is None or now - seen > 60:
                session[SESSION_SEEN] = now
        return self.get_response(request)
