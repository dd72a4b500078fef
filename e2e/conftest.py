"""Browser harness: Playwright for Python driving Debian's Chromium against the live server.

Never downloads a browser (`playwright install` is not used): Chromium comes from the
Debian package `chromium` that `.ci/run` installs. A failing test leaves a screenshot in
`e2e-artifacts/`.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety guard
# would otherwise refuse ORM calls made by the test around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "e2e-artifacts"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the historic demo world (Tam Đường district as in 2024, its logins
    `noivu`, `truongdonvi`, `chutich`, `hoidong`…): the journeys whose subject is a workflow the
    district ran before 1/7/2025 use it."""
    from django.core.management import call_command

    call_command("load_demo", "--world", "district-2024", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def demo_site_2026(live_server, transactional_db):
    """The live server with the `make run` demo data: Lai Châu province after the 2025 reform."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
