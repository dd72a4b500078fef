"""The home page cockpit (issue 16 item 1): per role, counts and lists of what waits, each row
linking to the place to act, scoped by the authority layer, at a query cost that does not grow."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Registration
from campaigns.tests.factories import CampaignFactory
from core.roles import Role
from documents.issuers import issuing_body_for
from documents.models import DocumentDraft
from nominations import services as nomination_services
from nominations.models import Council, CouncilSession, Decision, NominationBatch
from nominations.tests.workflow_helpers import World
from reports.models import ReportSubmission
from reports.tests.factories import RoundFactory
from scoring.models import ScoringTable
from units.selectors import people_visible_to
from units.tests.factories import BlocFactory, PersonFactory, RoleGrantFactory, UnitFactory, UserFactory

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(jurisdiction, secretariat, unit_head_a, council_member, chair):
    bloc_head = UserFactory(username="truongkhoi")
    RoleGrantFactory(user=bloc_head, unit=jurisdiction.office, role=Role.BLOC_HEAD)
    council = Council.objects.create(
        name="Hội đồng TĐKT huyện", unit=jurisdiction.district, level="district", chair=chair
    )
    council.members.set([council_member, chair])
    return {
        "secretariat": secretariat,
        "unit_head": unit_head_a,
        "council_member": council_member,
        "chair": chair,
        "bloc_head": bloc_head,
        "council": council,
    }


def grow(j, p, n: int, *, tag: str = "") -> None:
    """Add `n` of every kind of pending work (two units each) to the jurisdiction `j`."""
    now = timezone.now()
    today = timezone.localdate()
    body = issuing_body_for(j.district)
    for i in range(n):
        c = CampaignFactory(
            title=f"Phong trào chờ {tag}{i}",
            launching_unit=j.district,
            status=Campaign.Status.LAUNCHED,
            registration_deadline=today + timedelta(days=5),
        )
        c.participants.set([j.commune_a, j.commune_b])
        Registration.objects.create(campaign=c, unit=j.commune_b, status="submitted", submitted_at=now)
        Registration.objects.create(
            campaign=c,
            unit=j.commune_a,
            status="returned",
            submitted_at=now,
            return_reason=f"Thiếu chỉ tiêu {i}",
        )
        late = RoundFactory(
            campaign=c,
            title=f"Kỳ quá hạn {tag}{i}",
            opens_at=now - timedelta(days=30),
            deadline=now - timedelta(days=2),
        )
        late.units.set([j.commune_a, j.commune_b])
        ReportSubmission.objects.create(round=late, unit=j.commune_b, status="submitted", submitted_at=now)
        soon = RoundFactory(campaign=c, title=f"Kỳ sắp đến hạn {tag}{i}", deadline=now + timedelta(days=3))
        soon.units.set([j.commune_a])
        NominationBatch.objects.create(
            unit=j.commune_b, title=f"Tờ trình chờ {tag}{i}", year=2025, status="submitted", submitted_at=now
        )
        NominationBatch.objects.create(
            unit=j.commune_a,
            title=f"Tờ trình trả {tag}{i}",
            year=2025,
            status="returned",
            return_reason="Thiếu biên bản",
        )
        CouncilSession.objects.create(council=p["council"], title=f"Phiên họp {tag}{i}", meeting_date=today)
        DocumentDraft.objects.create(
            issuing_body=body,
            doc_type="ke_hoach",
            template_name="x",
            title=f"Kế hoạch {tag}{i}",
            created_by=p["secretariat"],
        )
        DocumentDraft.objects.create(
            issuing_body=body,
            doc_type="ke_hoach",
            template_name="x",
            title=f"Văn bản trình {tag}{i}",
            created_by=p["secretariat"],
            status="submitted",
            signer=p["chair"],
            submitted_by=p["secretariat"],
            submitted_at=now,
        )
        Decision.objects.create(
            unit=j.district,
            title=f"Quyết định chờ ký {tag}{i}",
            decision_date=today,
            rule_set="nd152",
            article_1="-",
            article_2="-",
            article_3="-",
            signer=p["chair"],
            signer_title="Chủ tịch",
        )
        bloc = BlocFactory(name=f"Khối {tag}{i}", organiser=j.district, head=j.office, year=2026)
        ScoringTable.objects.create(bloc=bloc, title=f"Bảng chấm {tag}{i}")


def _home(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _count(html: str, key: str) -> int:
    marker = f'data-cockpit="{key}" data-count="'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index('"', start)])


ROLE_LISTS = {
    "secretariat": ["registrations", "submissions", "batches", "sessions", "drafts", "deadlines", "late"],
    "unit_head": ["unit-deadlines", "returned", "nominations"],
    "council_member": ["council-sessions"],
    "chair": ["to-sign"],
    "bloc_head": ["tables"],
}


@pytest.mark.parametrize("role", sorted(ROLE_LISTS))
def test_home_page_query_count_does_not_grow(
    client, jurisdiction, people, role, django_capture_on_commit_callbacks
):
    grow(jurisdiction, people, 2, tag="a")
    small_html, small = _home(client, people[role])
    with django_capture_on_commit_callbacks(execute=True):  # the changes invalidate cached counts
        grow(jurisdiction, people, 12, tag="b")
    big_html, big = _home(client, people[role])
    assert big <= small, f"{role}: {small} queries with 2 of each, {big} with 14"
    for key in ROLE_LISTS[role]:
        assert _count(big_html, key) > _count(small_html, key), key


def test_home_query_budget(client, jurisdiction, people, django_assert_max_num_queries):
    grow(jurisdiction, people, 3)
    client.force_login(people["secretariat"])
    with django_assert_max_num_queries(40):
        assert client.get(reverse("home")).status_code == 200


def test_secretariat_sees_counts_and_links_to_act(client, jurisdiction, people):
    grow(jurisdiction, people, 2)
    html, _n = _home(client, people["secretariat"])
    assert _count(html, "registrations") == 2
    assert _count(html, "submissions") == 2
    assert _count(html, "batches") == 2
    assert _count(html, "sessions") == 2
    assert _count(html, "drafts") == 2
    # Two report rounds and two campaigns' registration deadlines fall in the next 14 days.
    assert _count(html, "deadlines") == 4
    assert _count(html, "late") == 2
    reg = Registration.objects.filter(status="submitted").first()
    assert reverse("campaigns:registration-detail", args=[reg.pk]) in html
    batch = NominationBatch.objects.filter(status="submitted").first()
    assert reverse("awards:batch-detail", args=[batch.pk]) in html
    assert "1/2 đơn vị chưa nộp" in html
    # Returned registrations and drafts already submitted are not the desk's to act on.
    assert "Văn bản trình" not in html.split('data-cockpit="drafts"')[1].split("data-cockpit=")[0]


def test_unit_head_sees_deadlines_returned_with_reason_and_nominations(client, jurisdiction, people):
    grow(jurisdiction, people, 2)
    html, _n = _home(client, people["unit_head"])
    assert _count(html, "returned") == 4  # 2 registrations + 2 batches
    assert "Thiếu chỉ tiêu 0" in html
    assert "Thiếu biên bản" in html
    # Both rounds (one overdue, one due in 3 days) and both registration deadlines, per campaign.
    assert _count(html, "unit-deadlines") == 6
    assert "quá hạn 2 ngày" in html
    assert _count(html, "nominations") == 2
    # Another commune's batches (submitted by commune B) are not listed.
    assert "Tờ trình chờ" not in html


def test_unit_head_of_another_commune_sees_only_its_own(client, jurisdiction, people, unit_head_b):
    grow(jurisdiction, people, 2)
    html, _n = _home(client, unit_head_b)
    assert _count(html, "returned") == 0
    assert "Tờ trình chờ 0" in html  # its own batches, with their status
    assert "Thiếu chỉ tiêu" not in html


def test_other_jurisdictions_desk_sees_nothing(client, jurisdiction, people):
    grow(jurisdiction, people, 2)
    other = UserFactory(username="khac")
    RoleGrantFactory(user=other, unit=UnitFactory(name="UBND huyện Khác"), role=Role.SECRETARIAT)
    # The district's desk has just filled the cache with its panel: none of it reaches the other.
    assert _count(_home(client, people["secretariat"])[0], "registrations") == 2
    html, _n = _home(client, other)
    for key in ROLE_LISTS["secretariat"]:
        assert _count(html, key) == 0, key


def test_signer_sees_documents_and_decisions_waiting_for_signature(client, jurisdiction, people):
    grow(jurisdiction, people, 2)
    html, _n = _home(client, people["chair"])
    assert _count(html, "to-sign") == 4
    d = Decision.objects.first()
    assert reverse("awards:decision-detail", args=[d.pk]) in html


def test_bloc_head_sees_tables_to_fill(client, jurisdiction, people):
    grow(jurisdiction, people, 2)
    html, _n = _home(client, people["bloc_head"])
    assert _count(html, "tables") == 2
    table = ScoringTable.objects.first()
    assert reverse("scoring:table-detail", args=[table.pk]) in html


def test_council_member_sees_open_ballots_waiting_for_its_vote(client):
    world = World()
    _batch, noms = world.submitted_and_appraised()
    session = nomination_services.session_create(
        by=world.secretariat, council=world.council, title="Phiên xét khen thưởng", meeting_date=date.today()
    )
    nomination_services.agenda_add(by=world.secretariat, session=session, nominations=noms)
    nomination_services.session_open(
        by=world.secretariat, session=session, attendees=[world.chair, *world.members]
    )
    nomination_services.ballot_open(by=world.secretariat, session=session)
    member = world.members[0]
    html, _n = _home(client, member)
    assert _count(html, "council-sessions") == 1
    assert "2 phiếu chờ bạn bỏ" in html
    assert reverse("awards:session-detail", args=[session.pk]) in html
    item = session.items.first()
    nomination_services.ballot_cast(by=member, item=item, choice="yes")
    html, _n = _home(client, member)
    assert "1 phiếu chờ bạn bỏ" in html


def test_secretariat_summary_counts_follow_a_new_person_right_away(
    client, jurisdiction, people, django_capture_on_commit_callbacks
):
    client.force_login(people["secretariat"])
    before = people_visible_to(people["secretariat"]).count()
    assert f"đơn vị · {before} cá nhân" in client.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the bump runs after the commit
        PersonFactory(unit=jurisdiction.commune_b)
    assert f"đơn vị · {before + 1} cá nhân" in client.get(reverse("home")).content.decode()


def test_a_deadline_passing_shows_within_the_clock_step(client, jurisdiction, people, time_machine, settings):
    """The panels are cached (thidua/cockpit.py): the clock alone moves a round from "deadlines"
    to "late" once THIDUA_COCKPIT_CLOCK_SECONDS have passed, without any change to the data."""
    now = timezone.now()
    campaign = CampaignFactory(launching_unit=jurisdiction.district, status=Campaign.Status.LAUNCHED)
    rnd = RoundFactory(
        campaign=campaign,
        title="Kỳ hết hạn sau 10 giây",
        opens_at=now - timedelta(days=3),
        deadline=now + timedelta(seconds=10),
    )
    rnd.units.set([jurisdiction.commune_a])
    html, _n = _home(client, people["secretariat"])
    assert (_count(html, "deadlines"), _count(html, "late")) == (1, 0)
    time_machine.move_to(now + timedelta(seconds=settings.THIDUA_COCKPIT_CLOCK_SECONDS + 10))
    html, _n = _home(client, people["secretariat"])
    assert (_count(html, "deadlines"), _count(html, "late")) == (0, 1)
    assert "1/1 đơn vị chưa nộp" in html
