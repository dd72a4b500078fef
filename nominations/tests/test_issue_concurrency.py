"""Issuing without waiting in line (issue 15): the register's lock is held only while a number
is taken; rendering runs outside it. Gapless numbering is kept."""

import threading
import time
from datetime import date

import pytest
from django.db import connection

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


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
def test_ten_concurrent_decisions_of_one_issuer_are_issued_quickly_and_gapless(monkeypatch):
    world, decisions = _decisions(10)
    real_reserve = documents_services.number_reserve
    waits: list[float] = []

    def timed_reserve(**kwargs):  # how long taking a number takes, lock wait included
        started = time.monotonic()
        try:
            return real_reserve(**kwargs)
        finally:
            waits.append(time.monotonic() - started)

    monkeypatch.setattr(documents_services, "number_reserve", timed_reserve)
    errors: list = []
    threads = [threading.Thread(target=_issue_in_thread, args=(world.chair, d, errors)) for d in decisions]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    elapsed = time.monotonic() - started
    assert errors == []
    assert set(
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("status", flat=True)
    ) == {"issued"}
    assert _numbers("quyet_dinh") == list(range(1, 11))
    assert _numbers("giay_khen") == list(range(1, 11))
    print(
        f"\n10 concurrent decisions of one issuer issued in {elapsed:.2f} s; taking a number took "
        f"at most {max(waits):.3f} s (median {sorted(waits)[len(waits) // 2]:.3f} s)"
    )
    # Nobody waits for another decision's rendering to get a number (the finding: 15.8 s)...
    assert max(waits) < 4  # the last of ten in line waited ~10 s before
    # ...and all ten are done in seconds (threads share one interpreter: the renders add up).
    assert elapsed < 30
