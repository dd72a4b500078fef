"""Walk the authorization matrix (thidua/authorization.py) against real objects.

Every URL pattern needs an entry; every (pattern, method, actor) cell is requested: listed
actors get 200/302, the others 404 or 403 (anonymous users: the login page).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.authorization import ANON, EVERYONE, MATRIX, cell_count
from thidua.tests.authz_world import build_world


def url_patterns(patterns=None, namespace=None, prefix=""):
    """(name with namespace, route) for every named pattern of the URLconf."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from url_patterns(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


def entry_for(name: str, matrix=MATRIX):
    if name in matrix:
        return matrix[name]
    namespace = name.split(":", 1)[0] + ":*"
    return matrix.get(namespace) if ":" in name else None


def missing_entries(patterns, matrix=MATRIX) -> list[str]:
    """Names of URL patterns that the matrix does not cover."""
    return sorted({name for name, _route in patterns if entry_for(name, matrix) is None})


def test_every_url_pattern_has_an_entry():
    assert missing_entries(url_patterns()) == []


def test_a_new_pattern_without_an_entry_is_caught():
    """The test of the test: a pattern added without an entry is reported."""
    patterns = [*url_patterns(), ("reports:new-secret-page", "bao-cao/bi-mat/")]
    assert missing_entries(patterns) == ["reports:new-secret-page"]
    assert missing_entries([("admin:anything", "quan-tri/x/")]) == []


def test_no_entry_is_stale():
    names = {name for name, _route in url_patterns()}
    stale = [n for n in MATRIX if not n.endswith(":*") and n not in names]
    assert stale == []


def _kwargs(route: str, entry, world) -> dict:
    out = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if param in entry.kwargs:
            out[param] = entry.kwargs[param]
        elif param == "pk":
            out[param] = world.kwargs[f"pk:{entry.obj}"]
        else:
            out[param] = world.kwargs[param]
    return out


def _verdict(response, admin: bool) -> str:
    location = response.get("Location", "")
    if response.status_code in (404, 403):
        return "denied"
    if response.status_code == 302 and (
        resolve_url(settings.LOGIN_URL) in location or (admin and "/login/" in location)
    ):
        return "login"
    if response.status_code <= 400:
        return "allowed"  # 400: the view was reached and refused the (empty) input
    return f"error {response.status_code}"


def _rolled_back():
    """One cell's request, undone afterwards like a test's own transaction.

    Marked as the test case's block so that the services' durable numbering step (issue 15:
    never inside a caller's transaction) runs in it as it does in every other test."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    return atomic


@pytest.mark.django_db
def test_the_matrix_holds_against_real_objects():
    world = build_world()
    clients = {}
    for actor, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[actor] = client
    wrong = []
    checked = 0
    for name, route in url_patterns():
        admin = name.startswith("admin:")
        if admin and name != "admin:index":
            continue  # one entry for the namespace, checked on its index
        entry = entry_for(name)
        if entry is None:
            continue  # reported by test_every_url_pattern_has_an_entry
        url = reverse(name, kwargs=_kwargs(route, entry, world))
        if entry.query:
            url += "?" + urlencode({k: world.kwargs[v] for k, v in entry.query.items()})
        for method, allowed in entry.methods.items():
            for actor in sorted(EVERYONE):
                with _rolled_back():
                    if method == "POST":
                        response = clients[actor].post(url, entry.data)
                    else:
                        response = clients[actor].get(url)
                    transaction.set_rollback(True)
                if name == "logout" and world.users[actor] is not None:
                    clients[actor].force_login(world.users[actor])  # log back in for the next cells
                got = _verdict(response, admin)
                if name == "logout" and got == "login":
                    got = "allowed"  # logging out ends on the login page
                if actor in allowed:
                    expected = "allowed"
                elif actor == ANON or admin:
                    expected = "login"
                else:
                    expected = "denied"
                checked += 1
                if got != expected:
                    wrong.append(f"{method} {name} as {actor}: expected {expected}, got {got}")
    assert wrong == []
    assert checked == cell_count()


# --- Workflow state (item 7: "where it matters") --------------------------------------------


def state_cell_error(cell, world, client) -> str | None:
    """Put the cell's object in its state, send the request as the cell's actor, and say what
    went wrong (None when the object left the state exactly when `effect` says it should)."""
    from thidua.tests.authz_world import STATE_ACCESSORS

    accessor = STATE_ACCESSORS[cell.obj]
    data = {
        k: (world.users[v[1:]].pk if isinstance(v, str) and v.startswith("@") else v)
        for k, v in cell.data.items()
    }
    kwargs = {"pk": world.kwargs[f"pk:{cell.obj}"]}
    if cell.transition:
        kwargs["transition"] = cell.transition
    url = reverse(cell.pattern, kwargs=kwargs)
    # No rollback block around the request: issuing takes its number in a durable transaction
    # (issue 15), which cannot nest. Each cell sets the state it needs, so what one cell did
    # (an issued document, a decided registration) does not leak into the next.
    accessor(world, cell.state)
    response = client.post(url, data) if cell.method == "POST" else client.get(url)
    after = accessor(world)
    if response.status_code >= 500:
        return f"{cell.pattern} ({cell.state}) as {cell.actor}: error {response.status_code}"
    changed = after != cell.state
    if changed != cell.effect:
        did = f"moved to {after}" if changed else "stayed"
        return f"{cell.pattern} on a {cell.state} {cell.obj} as {cell.actor}: {did}"
    return None


@pytest.mark.django_db
def test_state_dependent_transitions():
    """Each STATE_MATRIX cell holds; and the walk itself catches a wrong cell (test of the test):
    a matrix claiming the signer may issue a draft still being prepared is reported."""
    from thidua.authorization import SIGNER, STATE_MATRIX, StateCell

    world = build_world()
    clients = {}
    for actor in {c.actor for c in STATE_MATRIX} | {SIGNER}:
        clients[actor] = Client()
        clients[actor].force_login(world.users[actor])
    errors = [e for c in STATE_MATRIX if (e := state_cell_error(c, world, clients[c.actor]))]
    assert errors == []
    wrong = StateCell(
        "documents:draft-transition",
        "draft",
        "draft",
        SIGNER,
        effect=True,
        data={"confirm": "on"},
        transition="issued",
    )
    assert state_cell_error(wrong, world, clients[SIGNER]) == (
        "documents:draft-transition on a draft draft as signer: stayed"
    )
