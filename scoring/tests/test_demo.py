from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from scoring.models import Score, ScoringTable

pytestmark = pytest.mark.django_db


WORLDS = {
    "2026": (
        "Khối các cơ quan, trường học xã Tam Đường",
        "Trường THCS thị trấn Tam Đường",
        {"Văn phòng HĐND và UBND xã", "Trường Tiểu học Bình Lư"},
    ),
    "district-2024": (
        "Khối các cơ quan chuyên môn",
        "Phòng Văn hóa - Thông tin",
        {"Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"},
    ),
}


@pytest.mark.time_machine("2026-03-16T09:00:00+07:00")  # the 2026 world needs a day after 1/7/2025
@pytest.mark.parametrize("world", list(WORLDS))
def test_demo_table_open_with_two_self_scored_units_loaded_once(world):
    bloc, head, units = WORLDS[world]
    call_command("load_demo", "--world", world, stdout=StringIO())
    call_command("load_demo", "--world", world, stdout=StringIO())
    table = ScoringTable.objects.get()
    assert (table.bloc.name, table.bloc.year, table.bloc.head.name) == (bloc, timezone.localdate().year, head)
    assert table.status == ScoringTable.Status.OPEN
    assert sum(c.max_points for c in table.criteria.all()) == 100
    assert table.criteria.count() == 5
    assert set(Score.objects.values_list("unit__name", "kind").distinct()) == {(u, "self") for u in units}
    assert Score.objects.count() == 10
