"""Login throttling, password rules, the second factor, and the audit of logins (issue 15 §1)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEntry
from units.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"


def _login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- Throttling --------------------------------------------------------------------------
def test_wrong_passwords_lock_the_account_then_cool_off(client, settings, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "noivu", "sai-mat-khau")
        assert response.status_code == 200
        assert "mật khẩu chính xác" in response.content.decode()
    assert _login(client, "noivu", "sai-mat-khau").status_code == 429  # the limit is reached
    locked = _login(client, "noivu")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    actions = _actions()
    assert actions.count("core.auth.login_failed") >= settings.AXES_FAILURE_LIMIT
    assert "core.auth.locked_out" in actions
    failed = AuditEntry.objects.filter(action="core.auth.login_failed").first()
    assert failed.data == {"username": "noivu", "ip": "127.0.0.1"}
    assert failed.target_id == str(secretariat.pk)

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1), tick=True):
        response = _login(client, "noivu")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat.pk)


def test_many_user_names_from_one_address_lock_that_address(client, settings, jurisdiction):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"khong-ton-tai-{n}", "x")
    other = UserFactory(username="nguoikhac")
    response = _login(client, other.username)
    assert response.status_code == 429
    # Another address is not affected.
    response = _login(client, other.username, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_login_and_logout_are_audited(client, secretariat):
    assert _login(client, "noivu").status_code == 302
    client.post(reverse("logout"))
    login, logout = AuditEntry.objects.filter(action__in=["core.auth.login", "core.auth.logout"]).order_by(
        "pk"
    )
    assert (login.action, login.actor, login.data["ip"]) == ("core.auth.login", secretariat, "127.0.0.1")
    assert (logout.action, logout.actor) == ("core.auth.logout", secretariat)


# --- Password rules ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "password",
    [
        "Huong@19901990",
        "LOTHIHUONG-2026",
        "xx-hương-xx-99",
        "noivu#2026abc",
        "ThiDua@2024xyz",
        "khen-thuong-12345",
    ],
)
def test_passwords_built_from_own_names_or_the_app_name_are_refused(password):
    user = UserFactory.build(username="noivu", full_name="Lò Thị Hương", email="huong.lt@example.vn")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert any("không được chứa" in m for m in exc.value.messages)


def test_a_strong_unrelated_password_is_accepted():
    user = UserFactory.build(username="noivu", full_name="Lò Thị Hương")
    validate_password("Mây-trắng-bay-7391", user)


def test_password_change_page_shows_the_rule(client, secretariat):
    secretariat.full_name = "Lò Thị Hương"
    secretariat.save()
    client.force_login(secretariat)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Huong-2026-abc", "new_password2": "Huong-2026-abc"},
    )
    assert response.status_code == 200
    assert "không được chứa tên đăng nhập hay họ tên" in response.content.decode()


# --- Second factor -----------------------------------------------------------------------
def test_mfa_not_enforced_logs_straight_in(client, settings, secretariat):
    settings.THIDUA_MFA_ENFORCED = False
    response = _login(client, "noivu")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_enforced_mfa_sends_a_secretariat_to_setup_then_asks_for_a_code(client, settings, secretariat):
    settings.THIDUA_MFA_ENFORCED = True
    _login(client, "noivu")
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("core:mfa-setup"))
    page = client.get(reverse("core:mfa-setup"))
    html = page.content.decode()
    assert "bắt buộc dùng xác thực hai bước" in html
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/thidua%3Anoivu?secret=")

    wrong = client.post(
        reverse("core:mfa-setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    # After a wrong code django-otp refuses any code for a growing delay (1 s, 2 s, 4 s...).
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):
        ok = client.post(reverse("core:mfa-setup"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert "core.auth.mfa_enrolled" in _actions()

    # Next login: the code is asked for, a wrong one is refused and audited.
    client.post(reverse("logout"))
    _login(client, "noivu")
    assert client.get(reverse("units:unit-list"))["Location"].startswith(reverse("core:mfa-verify"))
    bad = client.post(reverse("core:mfa-verify"), {"token": "12345"})
    assert bad.status_code == 400
    assert "Mã xác thực gồm 6 chữ số" in bad.content.decode()
    assert "core.auth.mfa_failed" in _actions()
    device.refresh_from_db()
    with time_machine.travel(timezone.now() + timedelta(seconds=device.step * 3), tick=True):
        response = client.post(reverse("core:mfa-verify"), {"token": _code(device)})
        assert response.status_code == 302, response.content.decode()
        assert client.get(reverse("units:unit-list")).status_code == 200


@pytest.mark.parametrize("who", ["chair", "admin_user"])
def test_enforced_mfa_applies_to_signers_and_administrators(client, settings, request, who):
    settings.THIDUA_MFA_ENFORCED = True
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("core:mfa-setup"))


def test_enforced_mfa_is_optional_for_a_unit_head(client, settings, unit_head_a):
    settings.THIDUA_MFA_ENFORCED = True
    client.force_login(unit_head_a)
    assert client.get(reverse("home")).status_code == 200
    # ...who may still opt in; from then on the code is asked for.
    client.get(reverse("core:mfa-setup"))
    device = TOTPDevice.objects.get(user=unit_head_a)
    assert client.post(reverse("core:mfa-setup"), {"token": _code(device)}).status_code == 302
    client.post(reverse("logout"))
    _login(client, "head_a")
    assert client.get(reverse("home"))["Location"].startswith(reverse("core:mfa-verify"))
