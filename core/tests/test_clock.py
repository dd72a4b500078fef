"""The suite never reads the wall clock unless a test says why (see the root conftest.py)."""

import ast
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


CLOCK_CALLS = {"now", "localdate", "today", "localtime", "utcnow"}


def _clock_reads_outside_functions(tree: ast.AST) -> list[int]:
    """Line numbers of clock reads evaluated at import or collection time (module or class level,
    decorator and default arguments): those run before any test's frozen clock is set."""
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for expr in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if expr is not None:
                    visit(expr, in_function)
            for child in node.body:
                visit(child, True)
            return
        if isinstance(node, ast.Lambda):
            return  # evaluated when called, inside a test (factories' LazyFunction)
        if (
            not in_function
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
            and not node.args  # localtime(value) converts a given instant: no clock read
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


def test_no_test_module_reads_the_clock_before_the_frozen_clock_is_set():
    """Every clock read in the suite runs inside a test (or fixture, factory) and so on its
    frozen clock: none at module level, in a decorator (parametrize) or in a default argument."""
    modules = _sources("**/tests/**/*.py") + _sources("**/conftest.py") + _sources("e2e/*.py")
    assert len(modules) > 50
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := _clock_reads_outside_functions(ast.parse(path.read_text())))
    }
    assert offenders == {}


def test_the_check_finds_a_clock_read_at_collection_time():
    source = (
        "import pytest\nfrom django.utils import timezone\nTODAY = timezone.localdate()\n"
        "@pytest.mark.parametrize('d', [timezone.now()])\ndef test_x(d, when=timezone.now()):\n"
        "    assert timezone.now()\n    f = lambda: timezone.now()\n"
    )
    assert _clock_reads_outside_functions(ast.parse(source)) == [3, 4, 5]


def test_demo_loaders_take_the_load_date_instead_of_reading_the_clock():
    loaders = _sources("*/demo.py")
    assert len(loaders) >= 5
    for path in loaders:
        assert not CLOCK_READS.search(path.read_text()), f"{path} reads the clock: use its `today` argument"
