"""The suite never reads the wall clock unless a test says why (see the root conftest.py)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import test_clock_instant

ROOT = Path(settings.BASE_DIR)
CLOCK_READS = re.compile(r"timezone\.now\(\)|localdate\(\)|date\.today\(\)|datetime\.now\(")


def test_a_test_without_its_own_clock_starts_at_the_configured_instant(request):
    instant = test_clock_instant(request.config)
    assert abs(timezone.now() - instant) < dt.timedelta(minutes=1)
    assert timezone.localdate() == timezone.localtime(instant).date()


@pytest.mark.time_machine("2025-07-01 00:30:00+07:00")
def test_a_test_pins_its_own_instant():
    # 00:30 in Viet Nam is still 30 June in UTC: the local day is the one that counts.
    assert timezone.localdate() == dt.date(2025, 7, 1)
    assert timezone.now().astimezone(dt.UTC).date() == dt.date(2025, 6, 30)


def _sources(pattern):
    return [p for p in ROOT.glob(pattern) if ".venv" not in p.parts]


def test_every_real_clock_test_says_why():
    for path in _sources("**/test_*.py"):
        for match in re.finditer(r"mark\.real_clock\(([^)]*)\)", path.read_text()):
            assert re.match(r'\s*"[^"]{10,}"', match.group(1)), f"{path}: real_clock without a reason"


def test_demo_loaders_take_the_load_date_instead_of_reading_the_clock():
    loaders = _sources("*/demo.py")
    assert len(loaders) >= 5
    for path in loaders:
        assert not CLOCK_READS.search(path.read_text()), f"{path} reads the clock: use its `today` argument"
