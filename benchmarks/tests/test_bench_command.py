from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import AwardRecord
from reports.models import ReportRound, ReportSubmission, SubmissionFigure
from units.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_bench_generates_data_and_reports_every_page():
    out = StringIO()
    call_command("bench", "--small", "--repeat", "1", stdout=out)
    text = out.getvalue()
    assert Unit.objects.count() == 1 + 2 + 2 * 2 + 4 + 4 * 3
    assert Person.objects.count() == 300
    assert AwardRecord.objects.count() == 2000
    for label in ("Danh sách cá nhân, trang 1", "Sổ khen thưởng: tìm", "Xét điều kiện 300 người đề nghị"):
        assert label in text.replace(".", "")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Trang / thao tác" not in line]
    # One row per page of every page list of the command (PAGES, WORKFLOW_PAGES, STATS_PAGES…),
    # plus the eligibility engine.
    from benchmarks.management.commands import bench

    assert len(rows) == sum(len(v) for k, v in vars(bench).items() if k.endswith("PAGES")) + 1
    for label in ("Công bằng trong khen thưởng", "Xếp loại: tổng hợp", "Đến hạn khen thưởng: cấp tỉnh"):
        assert label in text
    for label in ("Tờ trình 500 đối tượng", "Phiên họp 300 nội dung", "Quyết định, phụ lục 1000 dòng"):
        assert label in text.replace(".", "")
    for label in ("Theo dõi nộp báo cáo, một kỳ", "Biểu đồ thống kê", "Kỳ báo cáo của đơn vị (thủ trưởng)"):
        assert label in text
    # 3 rounds (small scale), each addressed to all 23 units, most of them reported
    units = Unit.objects.count()
    assert ReportRound.objects.count() == 3
    assert ReportRound.units.through.objects.count() == 3 * units
    reported = ReportSubmission.objects.filter(status__in=ReportSubmission.REPORTED).count()
    assert units < reported < 3 * units
    assert ReportSubmission.objects.filter(status="returned").exists()
    assert ReportSubmission.objects.filter(status="draft").exists()
    assert SubmissionFigure.objects.count() == 3 * ReportSubmission.objects.exclude(status="draft").count()


def test_bench_adds_report_rounds_to_data_generated_before_them():
    from benchmarks.generate import Scale, WorkflowScale, generate, generate_workflow

    user = generate(Scale.small(), out=lambda *_: None)["user"]
    generate_workflow(WorkflowScale.small(), user=user, out=lambda *_: None)
    assert not ReportRound.objects.exists()
    out = StringIO()
    call_command("bench", "--small", "--repeat", "1", stdout=out)
    assert "Dữ liệu đã có, dùng lại." in out.getvalue()
    assert ReportRound.objects.count() == 3
    assert "Theo dõi nộp báo cáo, cả phong trào" in out.getvalue()


def test_bench_refuses_a_database_that_has_data(jurisdiction):
    from benchmarks.generate import Scale, generate

    with pytest.raises(RuntimeError, match="empty database"):
        generate(Scale.small())
