"""Issuing without waiting in line (issue 15): the register's lock is held only while a number
is taken; rendering runs outside it. Gapless numbering is kept."""

import multiprocessing
import os
import threading
import time
from datetime import date

import pytest
from django.db import connection, connections

from awards.tests.factories import PersonFactory
from documents import services as documents_services
from documents.models import IssuedDocument, NumberReservation
from nominations import services
from nominations.models import Decision
from nominations.tests.test_decisions import _draft, approve_all
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db(transaction=True)


def _decisions(n: int):
    """n draft decisions of one issuer (the district's People's Committee), one nominee each."""
    world = World()
    people = [PersonFactory(unit=world.commune) for _ in range(n)]
    batch, noms = world.batch(people=people, year=2024)
    services.batch_submit(by=world.head, batch=batch)
    for nom in noms:
        services.nomination_appraise(by=world.secretariat, nomination=nom, accept=True)
    session = approve_all(world, noms)
    return world, [_draft(world, [nom], session, decision_date=date(2025, 8, 1)) for nom in noms]


def _numbers(doc_type: str) -> list[int]:
    return sorted(
        IssuedDocument.objects.filter(doc_type=doc_type, year=2025).values_list("number", flat=True)
    )


def _issue_in_thread(by, decision, errors: list):
    try:
        services.decision_issue(by=by, decision=decision)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        connection.close()


def test_a_decision_rendering_does_not_hold_up_another(monkeypatch):
    world, (first, second) = _decisions(2)
    rendering, release = threading.Event(), threading.Event()
    real_render = documents_services.render_pdf
    slow_thread = []

    def render(*args, **kwargs):
        if threading.current_thread() in slow_thread:
            rendering.set()
            assert release.wait(30), "the test never released the slow render"
        return real_render(*args, **kwargs)

    monkeypatch.setattr(documents_services, "render_pdf", render)
    errors = []
    slow = threading.Thread(target=_issue_in_thread, args=(world.chair, first, errors))
    slow_thread.append(slow)
    slow.start()
    try:
        assert rendering.wait(30)  # the first decision has its number and is rendering...
        started = time.monotonic()
        services.decision_issue(by=world.chair, decision=second)  # ...the second does not wait
        assert time.monotonic() - started < 10
    finally:
        release.set()
        slow.join(60)
    assert errors == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("issued", "issued")
    assert (first.number, second.number) == ("01/QĐ-UBND", "02/QĐ-UBND")  # taken in order, no gap
    assert _numbers("quyet_dinh") == [1, 2]
    assert _numbers("giay_khen") == [1, 2]


def test_a_failed_render_keeps_its_number_for_the_retry(monkeypatch):
    world, (first, second) = _decisions(2)
    real_render = documents_services.render_pdf

    def broken(*args, **kwargs):
        raise OSError("font cache unavailable")

    monkeypatch.setattr(documents_services, "render_pdf", broken)
    with pytest.raises(OSError, match="font cache"):
        services.decision_issue(by=world.chair, decision=first)
    monkeypatch.setattr(documents_services, "render_pdf", real_render)
    assert Decision.objects.get(pk=first.pk).status == "draft"
    assert NumberReservation.objects.filter(doc_type="quyet_dinh", number=1).exists()  # on record
    services.decision_issue(by=world.chair, decision=second)
    services.decision_issue(by=world.chair, decision=first)  # the retry reuses number 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == ("01/QĐ-UBND", "02/QĐ-UBND")
    assert _numbers("quyet_dinh") == [1, 2]


def _issue_in_child(chair_pk: int, decision_pk: int, start_at: float, out) -> None:
    """A forked process: its own database connection, like one gunicorn worker."""
    status = 0
    try:
        from core.models import User

        while time.monotonic() < start_at:  # all ten start together
            time.sleep(0.001)
        started = time.monotonic()
        services.decision_issue(
            by=User.objects.get(pk=chair_pk), decision=Decision.objects.get(pk=decision_pk)
        )
        out.put(("ok", decision_pk, time.monotonic() - started, list(_WAITS)))
    except BaseException as exc:  # reported by the test
        out.put(("error", decision_pk, repr(exc), []))
        status = 1
    finally:
        connection.close()
        out.close()
        out.join_thread()  # the result is on its way before the process ends
        os._exit(status)  # never run the parent's pytest teardown in the child


_WAITS: list[float] = []


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
def test_ten_concurrent_decisions_of_one_issuer_are_issued_quickly_and_gapless(monkeypatch):
    world, decisions = _decisions(10)
    real_reserve = documents_services.number_reserve

    def timed_reserve(**kwargs):  # how long taking a number takes, lock wait included
        started = time.monotonic()
        try:
            return real_reserve(**kwargs)
        finally:
            _WAITS.append(time.monotonic() - started)

    monkeypatch.setattr(documents_services, "number_reserve", timed_reserve)
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    connections.close_all()  # each child opens its own connection
    start_at = time.monotonic() + 1.0
    children = [
        ctx.Process(target=_issue_in_child, args=(world.chair.pk, d.pk, start_at, out)) for d in decisions
    ]
    for child in children:
        child.start()
    results = [out.get(timeout=120) for _ in children]
    for child in children:
        child.join(30)
    elapsed = max(r[2] for r in results if r[0] == "ok") if results else 0
    assert [r for r in results if r[0] != "ok"] == []
    assert set(
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("status", flat=True)
    ) == {"issued"}
    assert _numbers("quyet_dinh") == list(range(1, 11))
    assert _numbers("giay_khen") == list(range(1, 11))
    waits = [w for r in results for w in r[3]]
    print(
        f"\n10 concurrent decisions of one issuer (10 processes) all issued within {elapsed:.2f} s; "
        f"taking a number took at most {max(waits):.3f} s (median {sorted(waits)[len(waits) // 2]:.3f} s)"
    )
    # Nobody waits for the others' rendering to get a number: held for the whole issue, the lock
    # made the last of ten wait nearly the whole run (the finding: 15.8 s). A ratio, because the
    # run's length depends on how busy the machine's cores are.
    assert max(waits) < elapsed / 4
    assert elapsed < 120
