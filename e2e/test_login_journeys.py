"""Each demo login reaches its own home page, in real headless Chromium."""

import pytest

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ROLE_HOMES = [
    ("noivu", "secretariat", "Thường trực thi đua, khen thưởng"),
    ("truongdonvi", "unit_head", "Đơn vị của tôi"),
    ("canbo", "unit_head", "Đơn vị của tôi"),
    ("hoidong", "council_member", "Hội đồng Thi đua - Khen thưởng"),
    ("truongkhoi", "bloc_head", "Trưởng khối thi đua"),
    ("chutich", "chair", "Lãnh đạo ký duyệt"),
    ("admin", "secretariat", "Thường trực thi đua, khen thưởng"),
]


def test_each_role_logs_in_and_sees_its_home(page, demo_site):
    for username, panel, heading in ROLE_HOMES:
        page.context.clear_cookies()
        login(page, demo_site.url, username, DEMO_PASSWORD)
        assert page.url.rstrip("/") == demo_site.url.rstrip("/"), username
        panel_el = page.locator(f'[data-role-panel="{panel}"]')
        assert panel_el.is_visible(), username
        assert heading in panel_el.inner_text()


def test_wrong_password_shows_vietnamese_error_and_keeps_username(page, demo_site):
    login(page, demo_site.url, "noivu", "sai-mat-khau")
    assert page.get_by_label("Tên đăng nhập").input_value() == "noivu"
    assert "mật khẩu chính xác" in page.locator(".alert-danger, .alert").first.inner_text()


def test_secretariat_searches_people_without_diacritics(page, demo_site):
    login(page, demo_site.url, "noivu", DEMO_PASSWORD)
    page.get_by_role("link", name="Cá nhân").first.click()
    page.get_by_placeholder("Họ tên (gõ không dấu cũng được)").fill("nguyen van duc")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Nguyễn Văn Đức").first.is_visible()


def test_unit_head_is_refused_another_communes_person(page, demo_site):
    from units.models import Person

    other = Person.objects.filter(unit__name="Ủy ban nhân dân xã Sơn Bình").first()
    login(page, demo_site.url, "truongdonvi", DEMO_PASSWORD)
    response = page.goto(f"{demo_site.url}/ca-nhan/{other.pk}/")
    assert response.status == 404


# The 2026 world (`make run`): the logins of the province and of the communes after the reform.
ROLE_HOMES_2026 = [
    ("sonoivu", "secretariat", "Thường trực thi đua, khen thưởng"),
    ("vanphong_tamduong", "secretariat", "Thường trực thi đua, khen thưởng"),
    ("vanphong_khunha", "secretariat", "Thường trực thi đua, khen thưởng"),
    ("hieutruong", "unit_head", "Đơn vị của tôi"),
    ("canbo_truong", "unit_head", "Đơn vị của tôi"),
    ("hoidong_tamduong", "council_member", "Hội đồng Thi đua - Khen thưởng"),
    ("truongkhoi_xa", "bloc_head", "Trưởng khối thi đua"),
    ("chutich_tamduong", "chair", "Lãnh đạo ký duyệt"),
    ("phochutich_tamduong", "chair", "Lãnh đạo ký duyệt"),
]


def test_each_2026_login_reaches_its_home(page, demo_site_2026):
    for username, panel, heading in ROLE_HOMES_2026:
        page.context.clear_cookies()
        login(page, demo_site_2026.url, username, DEMO_PASSWORD)
        assert page.url.rstrip("/") == demo_site_2026.url.rstrip("/"), username
        panel_el = page.locator(f'[data-role-panel="{panel}"]')
        assert panel_el.is_visible(), username
        assert heading in panel_el.inner_text()
