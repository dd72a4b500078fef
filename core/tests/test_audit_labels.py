"""Every audit action code written anywhere in the code base has a Vietnamese label, which the
history tables show instead of the code (core.audit.action_label, filter `action_label`)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.audit import action_label

SKIP_DIRS = {".venv", "tests", "migrations", "e2e", "node_modules", "static", "templates"}


def _status_values(app_label: str) -> set[str]:
    values = set()
    for model in apps.get_app_config(app_label).get_models():
        status = getattr(model, "Status", None)
        if status is not None and hasattr(status, "values"):
            values.update(status.values)
    return values


def _expand(node) -> list[str] | None:
    """The strings an `action=` expression can take; None when it is not spelled out here."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _expand(node.body), _expand(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _expand(node.left), _expand(node.right)
        return None if left is None or right is None else [x + y for x in left for y in right]
    if isinstance(node, ast.JoinedStr):
        out = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                out = [o + part.value for o in out]
                continue
            inner = _expand(part.value)
            if inner is None:  # {to}: a workflow status of the app's models
                app = out[0].split(".", 1)[0]
                inner = sorted(_status_values(app))
            out = [o + i for o in out for i in inner]
        return out
    return None


def audited_action_codes() -> set[str]:
    codes = set()
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if SKIP_DIRS & set(path.relative_to(settings.BASE_DIR).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("record", "transition"):
                continue
            for kw in node.keywords:
                if kw.arg == "action":
                    codes.update(_expand(kw.value) or [])
    return codes


def test_the_walk_finds_the_action_codes():
    codes = audited_action_codes()
    assert {"awards.batch.created", "awards.dossier.uploaded", "campaigns.campaign.launched"} <= codes
    assert len(codes) > 100


def test_every_action_code_has_a_vietnamese_label():
    missing = sorted(code for code in audited_action_codes() if not action_label(code))
    assert missing == []


def test_labels_read_as_vietnamese():
    assert action_label("awards.batch.created") == "Tạo tờ trình đề nghị khen thưởng"
    assert action_label("awards.dossier.uploaded") == "Tải lên tài liệu hồ sơ"
    assert action_label("no.such.code") == ""
