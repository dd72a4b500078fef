from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from scoring.models import Score, ScoringTable

pytestmark = pytest.mark.django_db


def test_demo_table_open_with_two_self_scored_units_loaded_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    table = ScoringTable.objects.get()
    assert (table.bloc.name, table.bloc.year, table.bloc.head.name) == (
        "Khối các cơ quan chuyên môn",
        timezone.localdate().year,
        "Phòng Văn hóa - Thông tin",
    )
    assert table.status == ScoringTable.Status.OPEN
    assert sum(c.max_points for c in table.criteria.all()) == 100
    assert table.criteria.count() == 5
    assert set(Score.objects.values_list("unit__name", "kind").distinct()) == {
        ("Phòng Nội vụ", "self"),
        ("Phòng Tài chính - Kế hoạch", "self"),
    }
    assert Score.objects.count() == 10
