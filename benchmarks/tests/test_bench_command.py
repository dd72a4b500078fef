from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import AwardRecord
from benchmarks.management.commands.bench import PAGES, WORKFLOW_PAGES
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
    assert len(rows) == len(PAGES) + len(WORKFLOW_PAGES) + 1  # every page, then the engine
    for label in ("Tờ trình 500 đối tượng", "Phiên họp 300 nội dung", "Quyết định, phụ lục 1000 dòng"):
        assert label in text.replace(".", "")


def test_bench_refuses_a_database_that_has_data(jurisdiction):
    from benchmarks.generate import Scale, generate

    with pytest.raises(RuntimeError, match="empty database"):
        generate(Scale.small())
