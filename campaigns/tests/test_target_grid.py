"""Per-unit targets: one cell or the whole grid, on the page or as an Excel file."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.models import TargetAssignment
from core.audit import history_for

pytestmark = pytest.mark.django_db


def _cell(unit, target):
    return f"u{unit.pk}_t{target.pk}"


def test_assign_one_unit_on_the_grid_and_keep_bad_input(client, launched, secretariat, jurisdiction):
    budget = launched.targets.get(name="Thu ngân sách")
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    assert "Giao chỉ tiêu cho từng đơn vị" in client.get(url).content.decode()
    response = client.post(url, {_cell(jurisdiction.commune_a, budget): "160"}, follow=True)
    assert "1 ô thay đổi" in response.content.decode()
    assert TargetAssignment.objects.get(unit=jurisdiction.commune_a, target=budget).value == Decimal("160")
    response = client.post(
        url, {_cell(jurisdiction.commune_a, budget): "1.6x", _cell(jurisdiction.commune_b, budget): "90"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải là số hợp lệ" in html
    assert 'value="1.6x"' in html
    assert 'value="90"' in html
    assert not TargetAssignment.objects.filter(unit=jurisdiction.commune_b).exists()
    assert history_for(launched).filter(action="campaigns.target.assigned").exists()


def test_rate_above_100_percent_refused_on_the_grid(client, launched, secretariat, jurisdiction):
    rate = launched.targets.get(unit_of_measure="%")
    client.force_login(secretariat)
    response = client.post(
        reverse("campaigns:target-grid", args=[launched.pk]), {_cell(jurisdiction.commune_a, rate): "150"}
    )
    assert "không thể lớn hơn 100%" in response.content.decode()
    assert not TargetAssignment.objects.exists()


def test_excel_template_round_trip_diacritic_insensitive(client, launched, secretariat, jurisdiction):
    url = reverse("campaigns:target-grid", args=[launched.pk])
    client.force_login(secretariat)
    template = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content))
    ws = template.worksheets[0]
    assert [c.value for c in ws[1]] == ["Đơn vị", "Thu ngân sách (tỷ đồng)", "Tỷ lệ hộ nghèo giảm (%)"]
    wb = Workbook()
    sheet = wb.active
    sheet.append(["don vi", "THU NGAN SACH", "Ty le ho ngheo giam (%)"])
    sheet.append(["ủy ban nhân dân xã bình lư", "3.130,5", 2.5])
    sheet.append(["Ủy ban nhân dân xã Sơn Bình", 90, None])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("giao.xlsx", buf.getvalue())
    response = client.post(url, {"grid_file": upload}, follow=True)
    assert "ô thay đổi" in response.content.decode()
    got = {(a.unit_id, a.target.name): a.value for a in TargetAssignment.objects.select_related("target")}
    assert got == {
        (jurisdiction.commune_a.pk, "Thu ngân sách"): Decimal("3130.5"),
        (jurisdiction.commune_a.pk, "Tỷ lệ hộ nghèo giảm"): Decimal("2.5"),
        (jurisdiction.commune_b.pk, "Thu ngân sách"): Decimal("90"),
    }


def test_excel_with_unknown_unit_saves_nothing(client, launched, secretariat):
    wb = Workbook()
    wb.active.append(["Đơn vị", "Thu ngân sách"])
    wb.active.append(["Xã Không Có", 5])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(secretariat)
    response = client.post(
        reverse("campaigns:target-grid", args=[launched.pk]),
        {"grid_file": SimpleUploadedFile("g.xlsx", buf.getvalue())},
    )
    assert "Dòng 2: không thấy đơn vị “Xã Không Có”" in response.content.decode()
    assert not TargetAssignment.objects.exists()


def test_grid_is_404_for_a_unit_head(client, launched, unit_head_a):
    client.force_login(unit_head_a)
    assert client.get(reverse("campaigns:target-grid", args=[launched.pk])).status_code in (403, 404)
