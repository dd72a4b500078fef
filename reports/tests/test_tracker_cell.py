"""The tracker's cell (reports_tags.tracker_cell) and the state badge, rendered in Python."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import reverse

from reports.selectors import TrackerCell, TrackerState

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


def _cell(cell) -> str:
    return Template("{% load reports_tags %}{% tracker_cell c %}").render(Context({"c": cell}))


def test_a_reported_cell_links_the_report_and_shows_the_ict_time_and_timeliness():
    deadline = datetime(2026, 6, 30, 23, 59, tzinfo=ICT)
    cell = TrackerCell(
        round=None,
        required=True,
        state=TrackerState.LATE,
        submission_id=7,
        submitted_at=datetime(2026, 7, 1, 1, 30, tzinfo=ZoneInfo("UTC")),  # 08:30 in Vietnam
        is_late=True,
        deadline_at_submission=deadline,
    )
    html = _cell(cell)
    assert html.startswith(f'<a href="{reverse("reports:submission-detail", args=[7])}">')
    assert '<span class="badge text-bg-warning">Đã nộp muộn</span></a>' in html
    assert '<div class="small text-muted">08:30 01/07/2026 · Nộp muộn (hạn 30/06/2026)</div>' in html


def test_an_overdue_cell_counts_the_days_and_a_cell_not_required_is_a_dash():
    overdue = TrackerCell(round=None, required=True, state=TrackerState.OVERDUE, days_overdue=3)
    assert _cell(overdue) == (
        '<span class="badge text-bg-danger">Quá hạn chưa nộp</span>'
        '<div class="small text-danger">quá hạn 3 ngày</div>'
    )
    waiting = TrackerCell(round=None, required=True, state=TrackerState.NOT_STARTED)
    assert _cell(waiting) == '<span class="badge text-bg-light text-dark border">Chưa bắt đầu</span>'
    assert _cell(TrackerCell(round=None, required=False)) == '<span class="text-muted">—</span>'
