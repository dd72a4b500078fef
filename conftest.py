"""Cross-app fixtures: a small jurisdiction and one user per role."""

from dataclasses import dataclass

import pytest

from core.roles import Role
from units.models import Unit
from units.tests.factories import LevelFactory, RoleGrantFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Jurisdiction:
    district: Unit
    office: Unit
    commune_a: Unit
    commune_b: Unit
    village_a: Unit


@pytest.fixture
def jurisdiction(db) -> Jurisdiction:
    district_level = LevelFactory(code="district", name="Cấp huyện", rank=2)
    commune_level = LevelFactory(code="commune", name="Cấp xã", rank=3)
    district = UnitFactory(name="Ủy ban nhân dân huyện Tam Đường", level=district_level)
    office = UnitFactory(
        name="Phòng Nội vụ", kind=Unit.Kind.SPECIALIST_OFFICE, level=district_level, parent=district
    )
    commune_a = UnitFactory(name="Ủy ban nhân dân xã Bình Lư", level=commune_level, parent=district)
    commune_b = UnitFactory(name="Ủy ban nhân dân xã Sơn Bình", level=commune_level, parent=district)
    village_a = UnitFactory(name="Bản Nà Đon", kind=Unit.Kind.VILLAGE, level=commune_level, parent=commune_a)
    return Jurisdiction(district, office, commune_a, commune_b, village_a)


def _user_with(role, unit, username):
    user = UserFactory(username=username)
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def secretariat(jurisdiction):
    return _user_with(Role.SECRETARIAT, jurisdiction.district, "noivu")


@pytest.fixture
def unit_head_a(jurisdiction):
    return _user_with(Role.UNIT_HEAD, jurisdiction.commune_a, "head_a")


@pytest.fixture
def unit_head_b(jurisdiction):
    return _user_with(Role.UNIT_HEAD, jurisdiction.commune_b, "head_b")


@pytest.fixture
def council_member(jurisdiction):
    return _user_with(Role.COUNCIL_MEMBER, jurisdiction.district, "council")


@pytest.fixture
def chair(jurisdiction):
    return _user_with(Role.CHAIR, jurisdiction.district, "chair")


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="nobody")


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests run after a flush, which empties rows that migrations seeded (the
    award catalogue and dated rule sets). Put them back, so such a test never depends on order."""
    if (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or ((marker := request.node.get_closest_marker("django_db")) and marker.kwargs.get("transaction"))
    ):
        from awards.catalogue import catalogue_seed

        request.getfixturevalue("transactional_db")
        catalogue_seed()
