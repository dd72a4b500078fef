"""Nomination workflow events notify exactly the people who must act or should know (issue 16
item 2): batch received / returned / appraised / decided, ballot opened, decision waiting for
signature and signed. One notification each, never the actor, with a link to the object."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import Notification
from nominations import services
from nominations.tests.test_decisions import approve_all
from nominations.tests.workflow_helpers import OVERRIDE, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    return World()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service call with its after-commit hooks (what a real request does)."""

    def go(fn, **kw):
        Notification.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kw)

    return go


def _rows():
    return set(Notification.objects.values_list("recipient__full_name", "kind", "url"))


def test_batch_received_notifies_the_desk_once(world, run):
    batch, _noms = world.batch()
    run(services.batch_submit, by=world.head, batch=batch)
    url = reverse("awards:batch-detail", args=[batch.pk])
    assert _rows() == {("Thường trực", "awards.batch.submitted", url)}
    assert "UBND xã Một" in Notification.objects.get().title


def test_batch_returned_notifies_the_unit_with_the_reason(world, run):
    batch, _noms = world.batch()
    services.batch_submit(by=world.head, batch=batch)
    run(services.batch_return, by=world.secretariat, batch=batch, reason="Thiếu biên bản họp")
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.body) == (
        world.head,
        "awards.batch.returned",
        "Thiếu biên bản họp",
    )
    assert note.url == reverse("awards:batch-detail", args=[batch.pk])


def test_batch_appraised_notifies_the_unit_once_for_the_whole_batch(
    world, django_capture_on_commit_callbacks
):
    batch, noms = world.batch()
    services.batch_submit(by=world.head, batch=batch)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        for n in noms:
            services.nomination_appraise(
                by=world.secretariat, nomination=n, accept=True, override_reason=OVERRIDE
            )
    url = reverse("awards:batch-detail", args=[batch.pk])
    assert _rows() == {("Trưởng xã Một", "awards.batch.appraised", url)}


def _session(world, noms):
    session = services.session_create(
        by=world.secretariat,
        council=world.council,
        title="Phiên họp xét khen thưởng",
        meeting_date=date.today(),
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=noms)
    attendees = list(world.council.members.order_by("pk"))[:4]
    services.session_open(by=world.secretariat, session=session, attendees=attendees)
    return session, attendees


def test_ballot_opened_notifies_each_attending_member_once(world, run):
    _batch, noms = world.submitted_and_appraised()
    session, attendees = _session(world, noms)
    run(services.ballot_open, by=world.secretariat, session=session)
    url = reverse("awards:session-detail", args=[session.pk])
    assert world.council.members.count() == 5  # the fifth, absent, is not called to vote
    assert set(Notification.objects.values_list("recipient", "kind", "url")) == {
        (m.pk, "awards.ballot.opened", url) for m in attendees
    }
    assert not Notification.objects.filter(recipient=world.secretariat).exists()


def _approved(world):
    batch, noms = world.submitted_and_appraised()
    return batch, noms, approve_all(world, noms)


def _draft(world, noms, session):
    return services.decision_create(
        by=world.secretariat,
        unit=world.district,
        title="Giấy khen năm 2025",
        decision_date=date(2026, 3, 16),
        nominations=noms,
        signer=world.chair,
        signer_title="Chủ tịch UBND huyện",
        session=session,
    )


def test_decision_waiting_for_signature_notifies_the_signer_once(world, run):
    _batch, noms, session = _approved(world)
    decision = run(_draft, world=world, noms=noms, session=session)
    assert _rows() == {
        ("Chủ tịch", "awards.decision.to_sign", reverse("awards:decision-detail", args=[decision.pk]))
    }


def test_decision_issued_tells_the_drafter_and_the_batchs_unit_it_is_decided(world, run):
    batch, noms, session = _approved(world)
    decision = _draft(world, noms, session)
    decision = run(services.decision_issue, by=world.chair, decision=decision)
    assert _rows() == {
        ("Thường trực", "awards.decision.issued", reverse("awards:decision-detail", args=[decision.pk])),
        ("Trưởng xã Một", "awards.decision.issued", reverse("awards:batch-detail", args=[batch.pk])),
    }
    unit_note = Notification.objects.get(recipient=world.head)
    assert decision.number in unit_note.title


@pytest.mark.time_machine("2026-03-16 16:00:00+07:00")
def test_ballot_closing_soon_tells_the_members_who_have_not_voted_once_a_day(
    world, run, time_machine, django_capture_on_commit_callbacks
):
    _batch, noms = world.submitted_and_appraised()
    session, attendees = _session(world, noms)
    services.ballot_open(by=world.secretariat, session=session)
    voter = attendees[0]
    for item in session.items.all():
        services.ballot_cast(by=voter, item=item, choice="yes")
    assert run(services.ballots_closing_soon_notify) == 1
    url = reverse("awards:session-detail", args=[session.pk])
    assert set(Notification.objects.values_list("recipient", "kind", "url")) == {
        (m.pk, "awards.ballot.closing_soon", url) for m in attendees[1:]
    }
    # a second run the same day tells nobody again
    with_first = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.ballots_closing_soon_notify()
    assert Notification.objects.count() == with_first
    # the next day, still voting: once more
    time_machine.move_to("2026-03-17 15:30:00+07:00")
    with django_capture_on_commit_callbacks(execute=True):
        services.ballots_closing_soon_notify()
    assert Notification.objects.count() == 2 * with_first


@pytest.mark.time_machine("2026-03-16 10:00:00+07:00")
def test_ballot_closing_soon_waits_for_the_afternoon_of_the_meeting_day(world, run):
    _batch, noms = world.submitted_and_appraised()
    session, _attendees = _session(world, noms)
    services.ballot_open(by=world.secretariat, session=session)
    assert run(services.ballots_closing_soon_notify) == 0
    assert not Notification.objects.exists()
