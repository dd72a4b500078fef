"""Demo data of the nomination workflow (idempotent): the district's council.

- Hội đồng Thi đua - Khen thưởng huyện Tam Đường: chaired by `chutich`, with `hoidong` and six
  generated members (`hoidong2` … `hoidong7`, password as every demo login).
"""

from datetime import date

from django.contrib.auth import get_user_model

from awards.models import LevelCode
from core.roles import Role
from nominations.models import Council
from nominations.services import council_create
from units.demo import DEMO_PASSWORD
from units.models import RoleGrant, Unit

COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng huyện Tam Đường"
EXTRA_MEMBERS = [
    ("hoidong2", "Lò Văn Thành"),
    ("hoidong3", "Phạm Thị Lan"),
    ("hoidong4", "Tẩn Láo Lở"),
    ("hoidong5", "Đỗ Minh Tuấn"),
    ("hoidong6", "Vàng Thị Mỷ"),
    ("hoidong7", "Chu Văn Hải"),
]


def _user(username: str, full_name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def build_council(district: Unit) -> Council:
    User = get_user_model()
    chair = User.objects.get(username="chutich")
    members = [User.objects.get(username="hoidong")]
    for username, name in EXTRA_MEMBERS:
        user = _user(username, name)
        RoleGrant.objects.get_or_create(
            user=user, unit=district, role=Role.COUNCIL_MEMBER, valid_from=date(2024, 1, 1)
        )
        members.append(user)
    council = Council.objects.filter(name=COUNCIL_NAME, unit=district).first()
    if council is None:
        council = council_create(
            by=User.objects.get(username="noivu"),
            name=COUNCIL_NAME,
            unit=district,
            level=LevelCode.DISTRICT,
            chair=chair,
            members=members,
        )
    return council


def load(*, stdout, two_level: bool = False, today: date) -> dict:
    """Create the demo council (idempotent); `today` is the load date (unused: the council has no
    dates of its own). Returns {"council": Council}."""
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    council = build_council(district)
    stdout.write(f"  nominations: {council.name} ({council.members.count()} thành viên)")
    return {"council": council}
