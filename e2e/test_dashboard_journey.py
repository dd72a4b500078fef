"""Issue 16 items 4-5: the secretariat opens the dashboard from the menu; every chart is drawn by
the vendored Chart.js (a Chart instance on a canvas of non-zero size) with its data table, and
the statistics tables are there to print."""

import pytest

from e2e.conftest import login
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_secretariat_dashboard_draws_every_chart_with_its_table(page, demo_site_2026):
    from core.models import User
    from thidua import dashboard

    user = User.objects.get(username="vanphong_tamduong")
    expected = [c for c in dashboard.dashboard_charts(user, dashboard.default_filters()) if not c.empty]
    assert len(expected) >= 8  # the demo world fills the charts

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # a script error (CSP, Chart.js)
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    login(page, demo_site_2026.url, "vanphong_tamduong", DEMO_PASSWORD)
    page.get_by_role("link", name="Thống kê").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{demo_site_2026.url}/thong-ke/")

    for chart in expected:
        canvas = page.locator(f'canvas[data-chart="{chart.key}"]')
        drawn = canvas.evaluate("c => !!window.Chart.getChart(c) && c.width > 0 && c.height > 0")
        assert drawn, chart.key
        table = page.locator(f'table[data-chart-table="{chart.key}"]')
        labels = table.locator("tbody th").all_inner_texts()
        assert labels == [str(row[0]) for row in chart.rows], chart.key
    awards = page.locator('table[data-chart-table="awards-year"] tbody tr', has_text="2023")
    row = next(r for r in expected if r.key == "awards-year").rows
    assert awards.locator("td").last.inner_text() == str(next(r for r in row if r[0] == "2023")[-1])
    assert errors == []

    page.get_by_role("link", name="Bảng thống kê").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-stat-table]").count() >= 5
    assert "chưa được xác nhận" in page.locator("main").inner_text()
