import threading
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models

from awards.tests.factories import PersonFactory, UserFactory, grant
from core.models import AuditEntry
from core.roles import Role
from nominations import services
from nominations.models import (
    AgendaItem,
    BallotParticipation,
    BallotTally,
    CouncilSession,
    Nomination,
    Recusal,
)
from nominations.tests.workflow_helpers import World

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _session(world, nominations, attendees=None):
    session = services.session_create(
        by=world.secretariat,
        council=world.council,
        title="Phiên họp xét khen thưởng",
        meeting_date=date.today(),
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=nominations)
    members = list(world.council.members.all())
    services.session_open(by=world.secretariat, session=session, attendees=attendees or members)
    services.ballot_open(by=world.secretariat, session=session)
    session.refresh_from_db()
    return session


def test_schema_never_joins_a_member_to_a_choice():
    """No table of the project has both a user/member column and a vote-choice column."""
    choice_words = {"choice", "vote", "yes", "no", "abstain", "ballot_choice", "approve"}
    offenders = []
    for model in apps.get_models(include_auto_created=True):
        columns = {f.column for f in model._meta.concrete_fields}
        user_cols = {
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model._meta.label == "core.User"
        }
        if user_cols and columns & choice_words:
            offenders.append(model._meta.db_table)
    assert offenders == []
    # and the two ballot tables are what the design says
    assert {f.name for f in BallotParticipation._meta.concrete_fields} == {"id", "session", "item", "member"}
    assert {f.name for f in BallotTally._meta.concrete_fields} == {"id", "item", "yes", "no", "abstain"}


def test_quorum_refuses_to_open_and_shows_rule():
    world = World()
    _batch, noms = world.submitted_and_appraised()
    session = services.session_create(
        by=world.secretariat, council=world.council, title="Phiên", meeting_date=date.today()
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=noms)
    with pytest.raises(ValidationError, match="2/5 thành viên"):
        services.session_open(by=world.secretariat, session=session, attendees=world.members[:2])
    services.session_open(by=world.secretariat, session=session, attendees=world.members[:4])
    session.refresh_from_db()
    assert session.quorum["ok"]
    assert "4/5" in session.quorum["message"]
    assert "66,67%" in session.quorum["rule"]


def test_only_appraised_nominees_go_on_the_agenda():
    world = World()
    _batch, noms = world.batch()
    session = services.session_create(
        by=world.secretariat, council=world.council, title="P", meeting_date=date.today()
    )
    with pytest.raises(ValidationError, match="chưa được thẩm định"):
        services.agenda_add(by=world.secretariat, session=session, nominations=noms)


def test_vote_once_secret_and_results_hidden_until_closed():
    world = World()
    _batch, (n_pass, n_fail) = world.submitted_and_appraised()
    session = _session(world, [n_pass, n_fail])
    item_pass, item_fail = session.items.order_by("order")
    voters = list(world.council.members.all())
    for v in voters:
        services.ballot_cast(by=v, item=item_pass, choice="yes")
    for i, v in enumerate(voters):
        services.ballot_cast(by=v, item=item_fail, choice="yes" if i < 2 else "no")
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_cast(by=voters[0], item=item_pass, choice="no")
    assert services.session_results(session) is None
    # the audit log knows THAT a member voted, never the choice
    cast = AuditEntry.objects.filter(action="awards.ballot.cast")
    assert cast.count() == 10
    assert all(set(e.data) == {"item"} for e in cast)
    session = services.ballot_close(by=world.secretariat, session=session, confirm_missing=True)
    results = {i.nomination_id: i for i in services.session_results(session)}
    assert results[n_pass.pk].result == "passed"
    assert results[n_fail.pk].result == "failed"
    detail = results[n_fail.pk].result_detail
    assert (detail["yes"], detail["no"], detail["base"]) == (2, 3, 5)
    assert "KHÔNG ĐẠT" in detail["message"]
    assert "50%" in detail["rule"]
    n_pass.refresh_from_db()
    n_fail.refresh_from_db()
    assert n_pass.status == Nomination.Status.APPROVED
    assert n_fail.status == Nomination.Status.REJECTED
    with pytest.raises(ValidationError, match="không trong thời gian"):
        services.ballot_cast(by=voters[1], item=item_pass, choice="no")


def test_absent_member_and_outsider_cannot_vote():
    world = World()
    _batch, noms = world.submitted_and_appraised(people=world.people[:1])
    session = _session(world, noms, attendees=[world.chair, *world.members[:3]])
    item = session.items.get()
    with pytest.raises(ValidationError, match="danh sách dự họp"):
        services.ballot_cast(by=world.members[3], item=item, choice="yes")
    with pytest.raises(ValidationError, match="danh sách dự họp"):
        services.ballot_cast(by=UserFactory(), item=item, choice="yes")
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.ballot_cast(by=world.chair, item=item, choice="maybe")
    assert BallotParticipation.objects.count() == 0


def test_conflicts_are_recused_and_excluded_from_base():
    world = World()
    # a member is the nominee; another member heads the nominee's unit
    world.people[0].user = world.members[0]
    world.people[0].save()
    grant(world.members[1], world.commune, Role.UNIT_HEAD)
    _batch, noms = world.submitted_and_appraised(people=world.people[:1])
    session = _session(world, noms)
    item = session.items.get()
    reasons = dict(Recusal.objects.filter(item=item).values_list("member_id", "reason"))
    assert "người được đề nghị" in reasons[world.members[0].pk]
    assert "thủ trưởng đơn vị" in reasons[world.members[1].pk]
    with pytest.raises(ValidationError, match="không tham gia biểu quyết"):
        services.ballot_cast(by=world.members[0], item=item, choice="yes")
    for v in (world.chair, world.members[2]):
        services.ballot_cast(by=v, item=item, choice="yes")
    session = services.ballot_close(by=world.secretariat, session=session, confirm_missing=True)
    item.refresh_from_db()
    # 2 yes of a base of 5 members - 2 recused = 3: 66.67% > 50%
    assert item.result_detail["base"] == 3
    assert item.result == "passed"


def test_voluntary_recusal_needs_reason():
    world = World()
    _batch, noms = world.submitted_and_appraised(people=world.people[:1])
    session = _session(world, noms)
    item = session.items.get()
    with pytest.raises(ValidationError, match="lý do"):
        services.recusal_declare(by=world.members[2], item=item, reason="")
    services.recusal_declare(by=world.members[2], item=item, reason="Người thân")
    assert services.can_vote(world.members[2], item) == "Bạn không tham gia biểu quyết nội dung này."


def test_member_threshold_for_award_kind_is_used():
    """A province council votes a merit diploma at ≥80% of all members (seeded ⚠ rule)."""
    world = World()
    world.council.level = "province"
    world.council.save()
    _batch, noms = world.submitted_and_appraised(people=world.people[:1], award="merit_diploma")
    session = _session(world, noms)
    item = session.items.get()
    voters = list(world.council.members.all())
    for i, v in enumerate(voters):
        services.ballot_cast(by=v, item=item, choice="yes" if i < 3 else "abstain")
    session = services.ballot_close(by=world.secretariat, session=session, confirm_missing=True)
    item.refresh_from_db()
    assert item.result == "failed"
    assert "80%" in item.result_detail["rule"]
    assert item.result_detail["abstain"] == 2


@pytest.mark.django_db(transaction=True)
def test_thirty_members_voting_at_once_lose_no_vote():
    world = World(n_members=30)
    _batch, noms = world.submitted_and_appraised(people=world.people[:1])
    session = _session(world, noms)
    item = AgendaItem.objects.get(session=session)
    voters = list(world.council.members.all())
    assert len(voters) == 30
    errors = []
    barrier = threading.Barrier(len(voters))

    def vote(user, choice):
        try:
            barrier.wait(timeout=30)
            services.ballot_cast(by=user, item=item, choice=choice)
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=vote, args=(u, ("yes", "no", "abstain")[i % 3])) for i, u in enumerate(voters)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    tally = BallotTally.objects.get(item=item)
    assert (tally.yes, tally.no, tally.abstain) == (10, 10, 10)
    assert BallotParticipation.objects.filter(item=item).count() == 30
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.VOTING


def test_secretariat_of_other_tree_cannot_run_session():
    world = World()
    other = UserFactory()
    grant(other, PersonFactory().unit, Role.SECRETARIAT)
    with pytest.raises(ValidationError, match="quyền"):
        services.session_create(by=other, council=world.council, title="X", meeting_date=date.today())
