"""The tracker keeps its history; Excel exports have title rows, ICT times, bloc, figures."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import services
from reports.models import ReportRound
from units.models import BlocMembership
from units.tests.factories import BlocFactory

pytestmark = pytest.mark.django_db


def _ict(y, m, d, h=10):
    return timezone.make_aware(datetime(y, m, d, h, 0))


@pytest.fixture
def late_then_moved(campaign, secretariat, jurisdiction, unit_head_a):
    """Deadline 20/11; Bình Lư submits on 29/11 (late); accepted; then the deadline moves to 30/11."""
    with time_machine.travel(_ict(2026, 11, 1), tick=False):
        rnd = services.round_create(
            campaign=campaign,
            by=secretariat,
            title="Báo cáo tổng kết",
            deadline=timezone.localdate() + timedelta(days=19),
        )
    budget = campaign.targets.get(name="Thu ngân sách")
    with time_machine.travel(_ict(2026, 11, 29), tick=False):
        sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
        sub = services.submission_save(
            submission=sub, by=unit_head_a, version=sub.version, figures={budget.pk: Decimal("3130.5")}
        )
        sub = services.submission_submit(submission=sub, by=unit_head_a)
        services.submission_accept(submission=sub, by=secretariat)
        services.round_update(round=rnd, by=secretariat, deadline=timezone.localdate() + timedelta(days=1))
    return ReportRound.objects.get(pk=rnd.pk)


@pytest.mark.time_machine("2026-12-03 09:00:00+07:00")
def test_lateness_survives_acceptance_and_deadline_change(client, late_then_moved, secretariat, jurisdiction):
    rnd = late_then_moved
    client.force_login(secretariat)
    html = client.get(reverse("reports:round-detail", args=[rnd.pk])).content.decode()
    assert "Nộp muộn (hạn 20/11/2026)" in html
    assert "Đúng hạn (hạn" not in html
    sub = rnd.submissions.get()
    html = client.get(reverse("reports:submission-detail", args=[sub.pk])).content.decode()
    assert "Nộp muộn" in html
    assert "so với hạn 23:59 20/11/2026 khi nộp" in html


@pytest.mark.time_machine("2026-12-03 09:00:00+07:00")
def test_tracker_export_has_titles_ict_bloc_figures_frozen_header_filter(
    client, late_then_moved, secretariat, jurisdiction, campaign
):
    bloc = BlocFactory(
        name="Cụm thi đua các xã vùng thấp", year=campaign.year, organiser=jurisdiction.district
    )
    BlocMembership.objects.create(bloc=bloc, unit=jurisdiction.commune_a)
    client.force_login(secretariat)
    url = reverse("reports:tracker", args=[campaign.pk]) + f"?round={late_then_moved.pk}&export=xlsx"
    ws = load_workbook(io.BytesIO(client.get(url).content)).active
    assert ws["A1"].value.startswith("Phong trào: ")
    assert ws["A2"].value == "Kỳ báo cáo: Báo cáo tổng kết — hạn nộp 23:59 30/11/2026 (giờ Việt Nam)"
    header = [c.value for c in ws[5]]
    assert header[:8] == [
        "Đơn vị",
        "Khối, cụm",
        "Kỳ báo cáo",
        "Hạn nộp",
        "Tình trạng",
        "Nộp lúc",
        "Đúng hạn / muộn",
        "Số ngày quá hạn",
    ]
    assert "Thu ngân sách (tỷ đồng)" in header
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref.startswith("A5:")
    rows = {r[0]: r for r in ws.iter_rows(min_row=6, values_only=True)}
    a = rows[jurisdiction.commune_a.name]
    assert a[1] == "Cụm thi đua các xã vùng thấp"
    assert a[3] == datetime(2026, 11, 30, 23, 59, 59)  # ICT, not 16:59:59 UTC
    assert a[4] == "Đã tiếp nhận"
    assert a[5] == datetime(2026, 11, 29, 10, 0)
    assert a[6] == "Nộp muộn (hạn 20/11/2026)"
    assert a[header.index("Thu ngân sách (tỷ đồng)")] == 3130.5
    b = rows[jurisdiction.commune_b.name]
    assert (b[4], b[7]) == ("Quá hạn chưa nộp", 3)


def test_round_list_export_in_ict_with_title_rows(client, campaign, secretariat):
    rnd = services.round_create(
        campaign=campaign, by=secretariat, title="Kỳ một", deadline=timezone.localdate() + timedelta(days=5)
    )
    client.force_login(secretariat)
    ws = load_workbook(io.BytesIO(client.get(reverse("reports:round-list") + "?export=xlsx").content)).active
    assert ws["A1"].value == "Danh sách kỳ báo cáo"
    header = [c.value for c in ws[4]]
    row = [c.value for c in ws[5]]
    deadline = row[header.index("Hạn nộp")]
    assert deadline == timezone.localtime(rnd.deadline).replace(tzinfo=None)
    assert (deadline.hour, deadline.minute, deadline.second) == (23, 59, 59)
    assert ws.freeze_panes == "A5"
