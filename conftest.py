"""Cross-app fixtures: the test clock, a small jurisdiction and one user per role."""

import datetime as dt
import os
from dataclasses import dataclass

import pytest
import time_machine

from core.roles import Role
from units.models import Unit
from units.tests.factories import LevelFactory, RoleGrantFactory, UnitFactory, UserFactory

# --- The test clock ---------------------------------------------------------------------
# Every test runs on a frozen clock (ticking from a fixed instant), never on the wall clock, so the
# suite gives the same answer on any day of the year. The instant is chosen by:
#   1. @pytest.mark.time_machine("2026-11-20 23:59:00+07:00") on a test that depends on a date;
#   2. otherwise `--clock=ISO` (or THIDUA_TEST_CLOCK), which the date sweep in .ci/run sets;
#   3. otherwise DEFAULT_TEST_CLOCK.
# A test that needs the real clock (a subprocess such as a Celery worker cannot share the frozen
# one) says why with @pytest.mark.real_clock("reason").
DEFAULT_TEST_CLOCK = "2026-03-16T09:00:00+07:00"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("THIDUA_TEST_CLOCK") or DEFAULT_TEST_CLOCK,
        help="ISO instant (with offset) at which every test without its own clock starts.",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_clock(reason): the test runs on the wall clock; the reason says why."
    )


def test_clock_instant(config) -> dt.datetime:
    """The instant (aware datetime) at which tests without their own clock start."""
    instant = dt.datetime.fromisoformat(config.getoption("--clock"))
    if instant.tzinfo is None:
        raise pytest.UsageError("--clock needs an offset, e.g. 2027-01-01T00:30:00+07:00")
    return instant


test_clock_instant.__test__ = False


@pytest.fixture(autouse=True)
def _test_clock(request):
    real = request.node.get_closest_marker("real_clock")
    if real is not None:
        if not (real.args and isinstance(real.args[0], str) and real.args[0].strip()):
            pytest.fail("@pytest.mark.real_clock needs a reason")
        yield
        return
    if request.node.get_closest_marker("time_machine") is not None:
        yield  # time-machine's own plugin moves the clock to the marker's instant
        return
    with time_machine.travel(test_clock_instant(request.config), tick=True):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with an empty cache: cached aggregates (core/caching.py) and counters of
    # one test's rolled-back data must not answer in the next.
    from django.core.cache import cache

    cache.clear()


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
