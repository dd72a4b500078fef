"""Demo scoring table for this year's "Khối các cơ quan chuyên môn" (idempotent).

A 100-point table with 5 ILLUSTRATIVE criteria (the scale, criteria and weights are set
locally, law.md §3), opened for self-scoring, with self-scores from two member units.
The self-scores are entered by the demo administrator (no demo login is unit head of an office).
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from scoring import services
from scoring.models import ScoringTable
from units.models import Bloc

BLOC = "Khối các cơ quan chuyên môn"
CRITERIA = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", "30"),
    ("II", "Tổ chức phong trào thi đua, công tác khen thưởng", "20"),
    ("III", "Cải cách hành chính, chuyển đổi số", "20"),
    ("IV", "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh", "15"),
    ("V", "Thực hiện kỷ luật, kỷ cương hành chính, văn hóa công vụ", "15"),
]
SELF_SCORES = {
    "Phòng Nội vụ": ["28", "19", "18,5", "14", "14"],
    "Phòng Tài chính - Kế hoạch": ["27", "18", "19", "13,5", "15"],
}


def load(*, stdout, two_level: bool = False, today: date) -> None:
    User = get_user_model()
    year = today.year
    bloc = Bloc.objects.filter(name=BLOC, year=year, head__name="Phòng Văn hóa - Thông tin").first()
    if bloc is None:
        stdout.write(f"  scoring: không có “{BLOC}” năm {year}, bỏ qua.")
        return
    if ScoringTable.objects.filter(bloc=bloc).exists():
        stdout.write("  scoring: bảng chấm điểm đã có.")
        return
    head = User.objects.get(username="truongkhoi")
    admin = User.objects.get(username="admin")
    table = services.table_save(
        bloc=bloc,
        by=head,
        title=f"Bảng chấm điểm thi đua {BLOC.lower()} năm {year}",
        criteria=[
            {
                "code": code,
                "name": name,
                "max_points": Decimal(mx),
                "guidance": "Minh họa: đối chiếu báo cáo.",
            }
            for code, name, mx in CRITERIA
        ],
    )
    table = services.table_open(table=table, by=head)
    criteria = list(table.criteria.all())
    for unit in bloc.members.filter(name__in=SELF_SCORES):
        points = {
            services.self_key(c.pk): Decimal(v.replace(",", "."))
            for c, v in zip(criteria, SELF_SCORES[unit.name], strict=True)
        }
        services.self_score_save(table=table, unit=unit, by=admin, points=points, note="Số liệu minh họa.")
    stdout.write(f"  scoring: bảng “{table.title}” (mở cho tự chấm, {len(SELF_SCORES)} đơn vị đã tự chấm).")
