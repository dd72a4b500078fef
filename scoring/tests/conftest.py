from dataclasses import dataclass
from decimal import Decimal

import pytest

from core.roles import Role
from scoring import services
from scoring.models import ScoringTable
from units.models import Bloc
from units.tests.factories import (
    BlocFactory,
    BlocMembershipFactory,
    LevelFactory,
    RoleGrantFactory,
    UnitFactory,
    UserFactory,
)

CRITERIA = [
    {"code": "I", "name": "Thực hiện nhiệm vụ chuyên môn", "max_points": Decimal("60"), "guidance": ""},
    {"code": "II", "name": "Công tác thi đua, khen thưởng", "max_points": Decimal("40"), "guidance": ""},
]


@pytest.fixture
def bloc(jurisdiction) -> Bloc:
    j = jurisdiction
    b = BlocFactory(name="Khối thử nghiệm", organiser=j.district, head=j.office, year=2026)
    for unit in (j.office, j.commune_a, j.commune_b):
        BlocMembershipFactory(bloc=b, unit=unit)
    return b


@pytest.fixture
def bloc_head(jurisdiction):
    user = UserFactory(username="truongkhoi")
    RoleGrantFactory(user=user, unit=jurisdiction.office, role=Role.BLOC_HEAD)
    return user


@pytest.fixture
def outsider(db):
    """Unit head and secretariat of another district: sees nothing of this bloc."""
    level = LevelFactory(code="district", name="Cấp huyện", rank=2)
    other = UnitFactory(name="Ủy ban nhân dân huyện Khác", level=level)
    user = UserFactory(username="outsider")
    RoleGrantFactory(user=user, unit=other, role=Role.SECRETARIAT)
    RoleGrantFactory(user=user, unit=other, role=Role.UNIT_HEAD)
    return user


@dataclass
class Made:
    table: ScoringTable
    c1: object
    c2: object


def make_table(bloc, by, status=ScoringTable.Status.DRAFT) -> Made:
    table = services.table_save(bloc=bloc, by=by, title="Bảng chấm điểm thử", criteria=CRITERIA)
    S = ScoringTable.Status
    if status in (S.OPEN, S.CROSS_SCORING, S.FINAL):
        table = services.table_open(table=table, by=by)
    if status in (S.CROSS_SCORING, S.FINAL):
        table = services.table_start_cross_scoring(table=table, by=by)
    if status == S.FINAL:
        table = services.table_finalise(table=table, by=by)
    c1, c2 = table.criteria.order_by("order")
    return Made(table, c1, c2)


@pytest.fixture
def made(bloc, bloc_head) -> Made:
    return make_table(bloc, bloc_head)
