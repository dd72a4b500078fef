"""In real Chromium: the enforced CSP blocks nothing the pages need, and the TOTP set-up works."""

import re

import pytest

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_pages_run_under_the_csp_without_a_violation(page, demo_site):
    violations = _watch_csp(page)
    login(page, demo_site.url, "noivu", DEMO_PASSWORD)
    for path in ("/", "/don-vi/", "/ca-nhan/", "/khoi-thi-dua/", "/phong-trao/", "/van-ban/"):
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
    # Bootstrap's script runs: the account menu opens.
    page.get_by_role("button", name=re.compile("Lò Thị Hương|noivu")).or_(
        page.locator("[data-bs-toggle=dropdown]").first
    ).first.click()
    assert page.get_by_role("link", name="Xác thực hai bước").is_visible()
    assert violations == []


def test_enforced_mfa_journey_with_an_authenticator(page, demo_site, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.THIDUA_MFA_ENFORCED = True
    violations = _watch_csp(page)
    login(page, demo_site.url, "chutich", DEMO_PASSWORD)
    assert "/xac-thuc/thiet-lap/" in page.url
    assert page.get_by_alt_text("Mã QR thiết lập xác thực hai bước").is_visible()
    device = TOTPDevice.objects.get(user__username="chutich")
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    page.get_by_label("Mã xác thực (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-role-panel="chair"]').is_visible()
    assert violations == []
