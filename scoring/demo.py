"""Demo scoring table for this year's bloc (idempotent).

2026 world (`load_2026`): "Khối các cơ quan, trường học xã Tam Đường", headed by Trường THCS thị
trấn Tam Đường (login `truongkhoi_xa`). District-2024 world: the district's "Khối các cơ quan
chuyên môn" (login `truongkhoi`). A 100-point table with 5 ILLUSTRATIVE criteria (the scale,
criteria and weights are set locally, law.md §3), opened for self-scoring, with self-scores from
two member units, entered by the demo administrator.
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
BLOC_2026 = "Khối các cơ quan, trường học xã Tam Đường"
SELF_SCORES_2026 = {
    "Văn phòng HĐND và UBND xã": ["28", "19", "18,5", "14", "14"],
    "Trường Tiểu học Bình Lư": ["27", "18", "19", "13,5", "15"],
}


def load(*, stdout, two_level: bool = False, today: date, world: str = "2026") -> None:
    """The district bloc's table of this year (district-2024 world only)."""
    from units import demo as units_demo

    if world == units_demo.WORLD_2026:
        return
    bloc = Bloc.objects.filter(name=BLOC, year=today.year, head__name="Phòng Văn hóa - Thông tin").first()
    _table(stdout=stdout, bloc=bloc, name=BLOC, head="truongkhoi", self_scores=SELF_SCORES, year=today.year)


def load_2026(*, stdout, today: date) -> None:
    """xã Tam Đường's bloc table of this year, open for self-scoring."""
    bloc = Bloc.objects.filter(name=BLOC_2026, year=today.year).first()
    _table(
        stdout=stdout,
        bloc=bloc,
        name=BLOC_2026,
        head="truongkhoi_xa",
        self_scores=SELF_SCORES_2026,
        year=today.year,
    )


def _table(*, stdout, bloc, name: str, head: str, self_scores: dict, year: int) -> None:
    """Open `bloc`'s table (headed by login `head`) with `self_scores` {unit name: points}."""
    User = get_user_model()
    if bloc is None:
        stdout.write(f"  scoring: không có “{name}” năm {year}, bỏ qua.")
        return
    if ScoringTable.objects.filter(bloc=bloc).exists():
        stdout.write("  scoring: bảng chấm điểm đã có.")
        return
    head = User.objects.get(username=head)
    admin = User.objects.get(username="admin")
    table = services.table_save(
        bloc=bloc,
        by=head,
        title=f"Bảng chấm điểm thi đua {name[0].lower() + name[1:]} năm {year}",
        criteria=[
            {
                "code": code,
                "name": criterion,
                "max_points": Decimal(mx),
                "guidance": "Minh họa: đối chiếu báo cáo.",
            }
            for code, criterion, mx in CRITERIA
        ],
    )
    table = services.table_open(table=table, by=head)
    criteria = list(table.criteria.all())
    for unit in bloc.members.filter(name__in=self_scores):
        points = {
            services.self_key(c.pk): Decimal(v.replace(",", "."))
            for c, v in zip(criteria, self_scores[unit.name], strict=True)
        }
        services.self_score_save(table=table, unit=unit, by=admin, points=points, note="Số liệu minh họa.")
    stdout.write(f"  scoring: bảng “{table.title}” (mở cho tự chấm, {len(self_scores)} đơn vị đã tự chấm).")
