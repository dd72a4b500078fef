"""Issue 16 item 6 in the browser (2026 demo world): a school head sees who is due, then, while
nominating, the grassroots-fighter quota panel refreshes (htmx) with the person being chosen."""

import re

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.browser

PW = "thidua@2024"


def test_who_is_due_then_live_quota_while_nominating(page, demo_site_2026):
    from units.models import Person

    base = demo_site_2026.url
    school = "Trường Tiểu học Bình Lư"
    # The demo batch's own nominees are people[0..4]; people[0] is its Chiến sĩ thi đua cơ sở.
    person = Person.objects.filter(unit__name=school, user__isnull=True).order_by("pk")[3]

    login(page, base, "hieutruong", PW)
    quota_urls: list[str] = []
    page.on("request", lambda r: quota_urls.append(r.url) if "/han-muc/" in r.url else None)
    page.get_by_role("link", name="Đến hạn khen thưởng").first.click()
    page.get_by_role("heading", name="Người, tập thể đến hạn khen thưởng năm 2025").wait_for()
    assert page.locator('[data-testid="due-row"]').count() >= 1

    page.get_by_role("link", name="Đề nghị khen thưởng").click()
    page.get_by_role("link", name="Lập tờ trình").click()
    page.get_by_label("Trích yếu").fill("Đề nghị công nhận Chiến sĩ thi đua cơ sở")
    page.get_by_label("Đơn vị đề nghị").select_option(label=school)
    page.get_by_label("Năm thành tích").fill("2025")
    page.get_by_role("button", name="Tạo tờ trình").click()
    # htmx listens for the form's changes once the batch page has loaded: choosing before that (a
    # busy machine) sent no request and the preview never came
    page.wait_for_url(re.compile(r".*/to-trinh/\d+/$"), wait_until="load")
    assert page.locator('[data-testid="quota"]').count() == 0
    form = page.locator("#nomination-add-form")
    form.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label="Chiến sĩ thi đua cơ sở")
    form.get_by_label("Cá nhân", exact=True).select_option(value=str(person.pk))
    preview = page.locator('[data-testid="quota-preview"]')
    preview.wait_for()
    assert person.full_name in preview.inner_text()
    panel = page.locator("#quota-panel")
    assert "Hạn mức Chiến sĩ thi đua cơ sở năm 2025" in panel.inner_text()
    # 7 Lao động tiên tiến of 2025 allow one Chiến sĩ thi đua cơ sở, already proposed by the demo
    # batch: a second one is over the budget, the preview warns.
    assert "Vượt tỷ lệ" in panel.locator('[data-testid="quota-over"]').inner_text()
    form.get_by_role("button", name="Thêm").click()
    page.get_by_text("Đã thêm đối tượng đề nghị.").wait_for()
    assert page.locator('[data-testid="quota-preview"]').count() == 0
    assert page.locator('[data-testid="quota-over"]').count() == 1
    # The panel and the nominee's own check count the same people (one definition).
    over = page.locator('[data-testid="quota-over"]').inner_text()
    said = re.search(r"Vượt tỷ lệ: \d+ Chiến sĩ thi đua cơ sở trên \d+ Lao động tiên tiến", over).group(0)
    assert page.content().count(said) >= 2
    # The live panel's requests never carry the CSRF token in their URL.
    assert quota_urls
    assert not [u for u in quota_urls if "csrfmiddlewaretoken" in u]
