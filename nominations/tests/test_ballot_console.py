"""Issue 16 item 3: the secretariat's ballot console (who voted, never how), reminders to those
who have not voted, closing with missing votes only on a stated confirmation, and the member's
confirmation step before a vote is cast."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEntry, Notification
from nominations import services
from nominations.models import BallotParticipation, BallotTally
from nominations.tests.workflow_helpers import World

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture
def voting():
    """A voting session with 2 agenda items and 5 attendees (the chair and 4 members)."""
    world = World()
    _batch, noms = world.submitted_and_appraised()
    session = services.session_create(
        by=world.secretariat, council=world.council, title="Phiên xét khen thưởng", meeting_date=date.today()
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=noms)
    services.session_open(by=world.secretariat, session=session, attendees=list(world.council.members.all()))
    services.ballot_open(by=world.secretariat, session=session)
    items = list(session.items.order_by("order", "pk"))
    return world, session, items


def _page(client, user, session):
    client.force_login(user)
    return client.get(reverse("awards:session-detail", args=[session.pk])).content.decode()


def test_console_shows_counts_and_names_never_choices(client, voting):
    world, session, (first, second) = voting
    voters = list(world.council.members.order_by("pk"))
    services.ballot_cast(by=voters[0], item=first, choice="no")
    services.ballot_cast(by=voters[1], item=first, choice="no")
    services.ballot_cast(by=voters[0], item=second, choice="yes")
    console = services.council.ballot_console(session)
    assert [(r.voted, r.expected) for r in console.rows] == [(2, 5), (1, 5)]
    assert console.message == "Còn 4/5 thành viên chưa bỏ phiếu cho 2 đối tượng"
    html = _page(client, world.secretariat, session)
    assert 'id="ballot-console"' in html
    assert "2/5" in html
    assert "1/5" in html
    missing = voters[4].full_name or voters[4].username
    assert missing in html.split('id="ballot-console"')[1].split("</section>")[0]
    # The counters are never shown while voting: 2 "no" on the first item appear nowhere.
    tally = BallotTally.objects.get(item=first)
    assert (tally.no, tally.yes) == (2, 0)
    assert "Không tán thành 2" not in html
    assert "KHÔNG ĐẠT" not in html
    # A member does not see the console.
    assert 'id="ballot-console"' not in _page(client, voters[2], session)


def test_console_reads_no_tally(voting):
    """The console's reads: attendees, items, participations and recusals; never BallotTally."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, session, (first, _second) = voting
    services.ballot_cast(by=world.chair, item=first, choice="yes")
    with CaptureQueriesContext(connection) as ctx:
        services.council.ballot_console(session)
    assert len(ctx.captured_queries) == 4
    assert not any("ballottally" in q["sql"].lower() for q in ctx.captured_queries)


def test_remind_notifies_each_missing_member_once_per_press_and_is_audited(client, voting):
    world, session, (first, second) = voting
    voters = list(world.council.members.order_by("pk"))
    for item in (first, second):
        services.ballot_cast(by=voters[0], item=item, choice="yes")
    services.ballot_cast(by=voters[1], item=first, choice="yes")
    client.force_login(world.secretariat)
    url = reverse("awards:session-remind", args=[session.pk])
    assert client.post(url).status_code == 302
    reminded = Notification.objects.filter(kind="ballot_reminder")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(v.pk for v in voters[1:])
    note = reminded.get(recipient=voters[1])
    assert note.body == "Bạn còn 1 đối tượng chưa bỏ phiếu."
    assert note.url == reverse("awards:session-detail", args=[session.pk])
    # A second press reminds again, once each.
    client.post(url)
    assert reminded.count() == 8
    assert reminded.filter(recipient=voters[2]).count() == 2
    entries = AuditEntry.objects.filter(action="awards.ballot.reminded")
    assert entries.count() == 2
    assert entries.first().data["members"] == sorted(v.pk for v in voters[1:])
    # Members and strangers cannot remind.
    client.force_login(voters[1])
    assert client.post(url).status_code == 404
    assert reminded.count() == 8


def test_remind_refused_when_everybody_voted(voting):
    world, session, items = voting
    for member in world.council.members.all():
        for item in items:
            services.ballot_cast(by=member, item=item, choice="yes")
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_remind(by=world.secretariat, session=session)


def test_closing_with_missing_votes_needs_the_stated_confirmation(client, voting):
    world, session, (first, _second) = voting
    services.ballot_cast(by=world.chair, item=first, choice="yes")
    with pytest.raises(ValidationError, match="Còn 5/5 thành viên chưa bỏ phiếu cho 2 đối tượng"):
        services.ballot_close(by=world.secretariat, session=session)
    session.refresh_from_db()
    assert session.status == "voting"
    html = _page(client, world.secretariat, session)
    assert 'name="confirm_missing"' in html
    assert "Còn 5/5 thành viên chưa bỏ phiếu cho 2 đối tượng. Tôi xác nhận kết thúc bỏ phiếu." in html
    action = reverse("awards:session-transition", args=[session.pk, "closed"])
    assert f'action="{action}"' in html
    client.post(action, {})
    session.refresh_from_db()
    assert session.status == "voting"
    client.post(action, {"confirm_missing": "on"})
    session.refresh_from_db()
    assert session.status == "closed"
    entry = AuditEntry.objects.get(action="awards.ballot.closed_with_missing")
    assert entry.data == {"missing_members": 5, "attendees": 5, "items": 2}


def test_closing_when_everybody_voted_needs_no_confirmation(voting):
    world, session, items = voting
    for member in world.council.members.all():
        for item in items:
            services.ballot_cast(by=member, item=item, choice="yes")
    assert services.ballot_close(by=world.secretariat, session=session).status == "closed"


def test_member_confirms_before_the_vote_is_cast(client, voting):
    world, session, (first, _second) = voting
    member = world.members[0]
    client.force_login(member)
    url = reverse("awards:ballot", args=[session.pk, first.pk])
    page = client.post(url, {"choice": "no"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xác nhận phiếu bầu" in html
    assert 'data-testid="ballot-choice">Không tán thành<' in html
    assert not BallotParticipation.objects.filter(member=member).exists()
    assert client.post(url, {"choice": "no", "confirm": "1"}).status_code == 302
    assert BallotParticipation.objects.filter(member=member, item=first).count() == 1
    assert BallotTally.objects.get(item=first).no == 1
    # A second try is refused without a confirmation page.
    again = client.post(url, {"choice": "yes"}, follow=True).content.decode()
    assert "Bạn đã bỏ phiếu nội dung này." in again
    assert BallotTally.objects.get(item=first).yes == 0
