"""Inactivity (30 min) and absolute (10 h) session timeouts; __Host- cookies in production."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.tests.test_settings import SECRET, _manage

pytestmark = pytest.mark.django_db


def _at(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=True)


def test_defaults_are_30_minutes_and_10_hours(settings):
    assert settings.THIDUA_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.THIDUA_SESSION_MAX_SECONDS == 10 * 3600
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


def test_inactivity_logs_out_with_a_message(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("home")).status_code == 200
    with _at(29):
        assert client.get(reverse("home")).status_code == 200  # activity renews the idle timer
    with _at(29 + 31):
        response = client.get(reverse("units:unit-list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "không thao tác quá 30 phút" in page


def test_absolute_timeout_even_when_active(client, secretariat):
    client.force_login(secretariat)
    client.get(reverse("home"))
    for step in range(1, 40):  # a request every 25 minutes: never idle
        with _at(25 * step):
            response = client.get(reverse("home"))
        if response.status_code == 302:
            break
    assert 25 * step >= 600
    assert 25 * (step - 1) < 600
    assert response["Location"].startswith(reverse("login"))


def test_timeouts_are_configurable(client, settings, secretariat):
    settings.THIDUA_SESSION_IDLE_SECONDS = 5 * 60
    client.force_login(secretariat)
    client.get(reverse("home"))
    with _at(6):
        assert client.get(reverse("home")).status_code == 302


def test_production_cookies_use_the_host_prefix():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.THIDUA_MFA_ENFORCED)"
    )
    result = _manage("shell", "-c", code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"]
