"""Where the real launch documents live: ../shared/seeds beside the repository.

THIDUA_SEEDS_DIR overrides the place (a worktree is not beside ../shared). A missing directory
fails the tests that need it, loudly; it never skips them.
"""

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings

SEEDS_DIR = Path(os.environ.get("THIDUA_SEEDS_DIR") or settings.BASE_DIR.parent / "shared" / "seeds")
FIXTURES_DIR = Path(__file__).parent / "fixtures"


@functools.cache
def seed_text(prefix: str) -> str:
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {prefix} not found in {SEEDS_DIR} (set THIDUA_SEEDS_DIR)", pytrace=False)
    return matches[0].read_text(encoding="utf-8")


def fixture_text(name: str) -> str:
    return (FIXTURES_DIR / name).read_text(encoding="utf-8")
