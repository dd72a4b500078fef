"""No import cycle between the modules of `awards`, `nominations`, `documents` and `reports`
(issue 18), and the apps depend on each other in one direction only (`nominations` → `awards`).

The graph is read from the source with `ast` (no import runs), and it counts the imports inside
functions too: a lazy import hides a cycle from Python, not from the design. Migrations and tests
are left out (they may reach across apps on purpose).
"""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("awards", "nominations", "documents", "reports")
ROOT = Path(settings.BASE_DIR)
# Which app may import which (besides itself); anything else between these apps is a cycle risk.
ALLOWED = {
    "awards": set(),
    "nominations": {"awards", "documents"},
    "documents": set(),
    "reports": {"documents"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT / app).parts
            if "migrations" in rel or "tests" in rel:
                continue
            found[_module_name(path)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that `name` (a module or a module.attribute) lies in."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of APPS it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved and resolved != mod:
                    graph[mod].add(resolved)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_walker_sees_imports_inside_functions_and_cycles():
    graph = {"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": {"a.x"}}
    assert _cycles(graph) == [["a.x", "a.y"]]
    real = import_graph()
    # `nominations.services.nominations` imports its models at module level and inside a function.
    assert "nominations.models" in real["nominations.services.nominations"]
    assert "awards.models" in real["nominations.models"]


def test_no_import_cycle_between_modules():
    assert _cycles(import_graph()) == []


def test_apps_depend_in_one_direction():
    wrong = sorted(
        f"{mod} → {dep}"
        for mod, deps in import_graph().items()
        for dep in deps
        if dep.split(".")[0] != mod.split(".")[0] and dep.split(".")[0] not in ALLOWED[mod.split(".")[0]]
    )
    assert wrong == []
