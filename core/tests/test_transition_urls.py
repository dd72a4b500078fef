"""One POST URL shape per transition (issue 18 item 4): every workflow transition is reached at
`<object prefix>/<pk>/chuyen/<slug:transition>/`, named `<object>-transition` (beside the object's
`<object>-detail`), through one view,
`core.views.TransitionView`; no other view moves a workflow status.

The URLconf is walked as Django resolves it; which service functions move a status, and which
views call them, is read from the source with `ast` (a service "moves a status" when it calls
`transition()` / `check_transition()` or assigns a `status`, or calls another service that does).
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import WorkflowMixin
from core.views import TransitionView, transition_names

ROOT = Path(settings.BASE_DIR)
STATUS_FIELDS = {"status", "closed_at"}  # a report round's status is derived from `closed_at`
SHAPE = "<int:pk>/chuyen/<slug:transition>/"
APPS = ("campaigns", "reports", "scoring", "nominations", "documents", "awards", "units", "core")

# Views outside the shape that still reach a status-moving service, each for a stated reason.
# A new entry needs a reason as good as these; a view that merely moves a status does not qualify.
NOT_TRANSITIONS = {
    # the appraisal is a record (note, verdict, override reason); the nomination's status follows it
    ("nominations", "NominationAppraiseView"): "nomination_appraise",
    # putting nominations on a session's agenda moves them into the council as a side effect
    ("nominations", "SessionActionView"): "agenda_add",
}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            for route, name, callback in _patterns(p, prefix + str(p.pattern)):
                yield route, (ns + name if name and not name.startswith(ns) else name), callback
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name or "", p.callback


def _view_class(callback):
    return getattr(callback, "view_class", None)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _transition_routes():
    return [
        (route, name, _view_class(cb))
        for route, name, cb in _patterns()
        if isinstance(_view_class(cb), type) and issubclass(_view_class(cb), TransitionView)
    ]


def test_every_transition_view_is_mounted_once_at_the_one_shape():
    routes = _transition_routes()
    mounted = [view for _route, _name, view in routes]
    concrete = {c for c in _subclasses(TransitionView) if c.model is not None}
    assert set(mounted) == concrete
    assert len(mounted) == len(set(mounted))
    names = {name for _route, name, _cb in _patterns()}
    for route, name, view in routes:
        assert route.endswith(SHAPE), route
        # `<object>-transition` beside the object's `<object>-detail` page
        assert name.endswith("-transition"), name
        assert name.replace("-transition", "-detail") in names, name
        assert view.http_method_names == ["post"], view
        # the app's mapping names only statuses of the model's own table
        assert set(map(str, view.transitions)) <= transition_names(view.model), view


def test_nothing_else_is_routed_like_a_transition():
    for route, name, cb in _patterns():
        if "/chuyen/" in route or name.endswith("-transition"):
            view = _view_class(cb)
            assert isinstance(view, type), (route, name)
            assert issubclass(view, TransitionView), (route, name)


def test_every_workflow_model_with_a_move_a_user_makes_has_its_transition_url():
    models = {view.model for _r, _n, view in _transition_routes()}
    workflow = {m for m in apps.get_models() if issubclass(m, WorkflowMixin)}
    # Nomination moves only with its batch, its appraisal, its session and its decision.
    assert workflow - models == {apps.get_model("nominations", "Nomination")}


def _calls(node) -> set[str]:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            out.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return out


def _moves_status(fn) -> bool:
    for n in ast.walk(fn):
        targets = (
            n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AugAssign) else []
        )
        for t in targets:
            for leaf in ast.walk(t):
                if isinstance(leaf, ast.Attribute) and leaf.attr in STATUS_FIELDS:
                    return True
    return bool(_calls(fn) & {"transition", "check_transition"})


def _service_movers() -> set[str]:
    functions = {}
    for app in APPS:
        for path in [ROOT / app / "services.py", *sorted((ROOT / app / "services").glob("*.py"))]:
            if path.exists():
                for node in ast.parse(path.read_text(encoding="utf-8")).body:
                    if isinstance(node, ast.FunctionDef):
                        functions[node.name] = node
    movers = {name for name, fn in functions.items() if _moves_status(fn)}
    changed = True
    while changed:  # a service calling a mover moves a status too
        changed = False
        for name, fn in functions.items():
            if name not in movers and _calls(fn) & movers:
                movers.add(name)
                changed = True
    return movers


def test_the_scan_finds_the_movers():
    movers = _service_movers()
    assert {"campaign_transition", "batch_submit", "decision_issue", "draft_issue", "round_close"} <= movers
    assert "batch_create" not in movers


def test_no_view_outside_the_transition_views_moves_a_status():
    movers = _service_movers()
    transition_views = {c.__name__ for c in _subclasses(TransitionView)}
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).glob("views*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
            helpers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
            used_by_transition_views = {
                name
                for c in classes
                if c.name in transition_views
                for name in ({n.id for n in ast.walk(c) if isinstance(n, ast.Name)} & set(helpers))
            }
            assert not (_calls(tree) & {"transition", "check_transition"}), path
            for name, fn in helpers.items():
                if name not in used_by_transition_views and _calls(fn) & movers:
                    found[(app, name)] = sorted(_calls(fn) & movers)
            for c in classes:
                if c.name not in transition_views and _calls(c) & movers:
                    found[(app, c.name)] = sorted(_calls(c) & movers)
    assert found == {key: [service] for key, service in NOT_TRANSITIONS.items()}


@pytest.mark.django_db
def test_a_transition_url_refuses_get(client: Client):
    user = get_user_model().objects.create_user(username="x", password="x")
    client.force_login(user)
    for _route, name, view in _transition_routes():
        some = next(iter(view.transitions))
        assert client.get(reverse(name, args=[1, some])).status_code == 405
