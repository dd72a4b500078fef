"""Issue 12 item 1: the targets grid read from Excel is what each unit is then measured against."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports import services
from reports.models import ReportSubmission

pytestmark = pytest.mark.django_db


def _grid_file() -> SimpleUploadedFile:
    """Title rows, then Bình Lư 160 tỷ (text) and 2,5 % (a % cell); Sơn Bình 80 tỷ (a number)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["BẢNG GIAO CHỈ TIÊU CHO ĐƠN VỊ"])
    ws.append([])
    ws.append(["Đơn vị", "Thu ngân sách (tỷ đồng)", "Tỷ lệ hộ nghèo (%)"])
    ws.append(["UBND xã Bình Lư", "160", 0.025])
    ws["C4"].number_format = "0.0%"
    ws.append(["Ủy ban nhân dân xã Sơn Bình", 80, None])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("giao.xlsx", buf.getvalue())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_grid_from_excel_is_each_units_own_target_on_its_pages(
    client, campaign, rnd, jurisdiction, secretariat, unit_head_a, unit_head_b
):
    url = reverse("campaigns:target-grid", args=[campaign.pk])
    client.force_login(secretariat)
    client.post(url, {"file": _grid_file()})
    assert "3 ô thay đổi" in client.post(url, {"confirm": "1"}, follow=True).content.decode()
    budget, poor = campaign.targets.order_by("order")
    figures = {
        jurisdiction.commune_a: (unit_head_a, {budget.pk: Decimal("165.2"), poor.pk: Decimal("2.4")}),
        jurisdiction.commune_b: (unit_head_b, {budget.pk: Decimal("72"), poor.pk: Decimal("2.9")}),
    }
    for unit, (user, values) in figures.items():
        sub = services.submission_start(round=rnd, unit=unit, by=user)
        sub = services.submission_save(submission=sub, by=user, version=sub.version, figures=values)
        services.submission_submit(submission=sub, by=user)
    pages = {}
    for unit, (user, _values) in figures.items():
        client.force_login(user)
        sub = ReportSubmission.objects.get(round=rnd, unit=unit)
        pages[unit] = client.get(reverse("reports:submission-detail", args=[sub.pk])).content.decode()
    a, b = (_text(pages[u]) for u in (jurisdiction.commune_a, jurisdiction.commune_b))
    # Quantity: each unit against its own assigned value, never the district's 120.
    assert "Thu ngân sách (tỷ đồng; đạt tối thiểu) 160 giao riêng 165,2 Đạt (103,3%)" in a
    assert "Thu ngân sách (tỷ đồng; đạt tối thiểu) 80 giao riêng 72 Chưa đạt (90%)" in b
    # Rate: the 2,5 % read from a % cell is Bình Lư's own ceiling; Sơn Bình has the common 3 %.
    assert "Tỷ lệ hộ nghèo (%; không vượt quá) 2,5 giao riêng 2,4 Đạt (96%)" in a
    assert "giao riêng 2,9" not in b
    assert "Tỷ lệ hộ nghèo (%; không vượt quá) 3" in b
