"""Every public service, selector and rule function carries a docstring (issue 18): arguments
with units and shapes, return, raises, legal source. Checked from the source with `ast`."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("awards", "nominations", "core", "units", "campaigns", "reports", "scoring", "documents")
RULE_MODULES = {
    "rules.py",
    "eligibility.py",
    "money.py",
    "histories.py",
    "schedule.py",
    "workflow.py",
    "jobs.py",
}


def _is_service_selector_or_rule(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    if "tests" in rel or "migrations" in rel:
        return False
    return (
        path.name in ("services.py", "selectors.py", "permissions.py")
        or "services" in rel[:-1]
        or path.name in RULE_MODULES
    )


def undocumented() -> list[str]:
    """`path:line name` of every public top-level function without a docstring."""
    out = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not _is_service_selector_or_rule(path):
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
                if public and not ast.get_docstring(node):
                    out.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return out


def test_the_check_reads_the_service_modules():
    assert _is_service_selector_or_rule(ROOT / "nominations" / "services" / "council.py")
    assert _is_service_selector_or_rule(ROOT / "awards" / "eligibility.py")
    assert not _is_service_selector_or_rule(ROOT / "awards" / "views.py")


def test_every_public_service_selector_and_rule_function_has_a_docstring():
    assert undocumented() == []
