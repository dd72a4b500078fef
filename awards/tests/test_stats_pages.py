"""Issue 17: the statistics pages (fairness, rating overview, who is due, unit detail, households)
keep a constant query count as the jurisdiction grows, computed or from the cache, and a cached
page shows new figures as soon as a change to its inputs has committed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardAnnulment, Initiative, TaskRating
from awards.tests.factories import AwardRecordFactory, HouseholdFactory, PersonFactory, UnitFactory, kind
from units.models import Person, Unit

YEAR = 2025
CLOCK = "2026-03-20 09:00:00+07:00"


def _grow(root, n: int, tag: str) -> Unit:
    """`n` communes under `root`, each with a village and a household, two people with records
    (one due for grassroots fighter), a rating each and an initiative; returns the last commune."""
    commune = None
    for i in range(n):
        commune = UnitFactory(name=f"UBND xã {tag}{i}", parent=root)
        village = UnitFactory(name=f"Thôn {tag}{i}", parent=commune, kind=Unit.Kind.VILLAGE)
        HouseholdFactory(village=village, head_name=f"Hộ {tag}{i}")
        leader = PersonFactory(unit=commune, is_leader=True, gender=Person.Gender.MALE, ethnicity="Kinh")
        staff = PersonFactory(unit=commune, is_leader=False, gender=Person.Gender.FEMALE, ethnicity="Tày")
        for person in (leader, staff):
            AwardRecordFactory(person=person, award_kind=kind("advanced_worker"), year=YEAR)
            TaskRating.objects.create(person=person, year=YEAR, rating="excellent")
        Initiative.objects.create(
            person=leader, title="Sáng kiến", scope="unit", recognised_on=f"{YEAR}-05-01", year=YEAR
        )
        AwardRecordFactory(person=None, collective=commune, award_kind=kind("advanced_collective"), year=YEAR)
    return commune


def _queries(client, url, params, *, cold: bool) -> list[str]:
    if cold:
        cache.clear()  # the aggregate is computed again (and cached)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return [q["sql"][:160] for q in ctx.captured_queries]


@pytest.mark.django_db
@pytest.mark.time_machine(CLOCK)
@pytest.mark.parametrize(
    ("name", "target", "params"),
    [
        ("awards:fairness", None, {"year": YEAR}),
        ("awards:rating-overview", None, {"year": YEAR}),
        ("awards:rating-overview", None, {"year": YEAR, "q": "xa"}),
        ("awards:due", "branch", {"year": YEAR}),
        ("units:unit-detail", "root", {}),
        ("awards:household-list", None, {}),
    ],
)
def test_stats_page_query_count_is_constant_computed_and_cached(
    client, root, secretariat, name, target, params
):
    branch = UnitFactory(name="Cụm xã", parent=root)
    _grow(branch, 2, "a")
    _grow(root, 2, "b")
    targets = {"root": root, "branch": branch}
    url = reverse(name, kwargs={"pk": targets[target].pk}) if target else reverse(name)
    client.force_login(secretariat)
    client.get(url, params)
    few_cold = _queries(client, url, params, cold=True)
    few_hot = _queries(client, url, params, cold=False)
    _grow(branch, 30, "c")  # more than a page of units, people, households and due rows
    _grow(root, 30, "d")
    many_cold = _queries(client, url, params, cold=True)
    many_hot = _queries(client, url, params, cold=False)
    assert len(many_cold) == len(few_cold), many_cold
    assert len(many_hot) == len(few_hot), many_hot
    if name not in ("units:unit-detail", "awards:household-list"):
        assert len(few_hot) < len(few_cold)  # the aggregate came from the cache


def _cell(html: str, testid: str, label: str) -> str:
    """The text of the row `label` in the section `testid` of the page (tags stripped)."""
    section = html.split(f'data-testid="{testid}"')[1].split("</section>")[0]
    row = next(r for r in section.split("<tr") if label in r)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<tr" + row)).strip()


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(CLOCK)
def test_fairness_page_shows_a_new_award_and_an_annulment_at_once(client, root, secretariat):
    commune = _grow(root, 1, "a")
    leader = Person.objects.get(unit=commune, is_leader=True)
    client.force_login(secretariat)
    url = reverse("awards:fairness")
    assert _cell(client.get(url, {"year": YEAR}).content.decode(), "fairness-leader", "Lãnh đạo") == (
        "Lãnh đạo, quản lý 0 0 0 0 1 (50%) 1 (50%)"
    )
    record = AwardRecordFactory(person=leader, award_kind=kind("grassroots_fighter"), year=YEAR)
    html = client.get(url, {"year": YEAR}).content.decode()
    assert _cell(html, "fairness-leader", "Lãnh đạo") == "Lãnh đạo, quản lý 0 0 0 0 2 (66,7%) 1 (50%)"
    AwardAnnulment.objects.create(
        record=record,
        ground=AwardAnnulment.Ground.FALSE_ACHIEVEMENT,
        decision_number="1/QĐ-UBND",
        decision_date=f"{YEAR + 1}-03-01",
    )
    html = client.get(url, {"year": YEAR}).content.decode()
    assert _cell(html, "fairness-leader", "Lãnh đạo") == "Lãnh đạo, quản lý 0 0 0 0 1 (50%) 1 (50%)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(CLOCK)
def test_rating_overview_shows_a_new_rating_and_person_at_once(client, root, secretariat):
    commune = _grow(root, 1, "a")
    client.force_login(secretariat)
    url = reverse("awards:rating-overview")

    def badge():
        html = client.get(url, {"year": YEAR}).content.decode()
        row = html.split(f'data-unit="{commune.pk}"')[1].split("</tr>")[0]
        return re.search(r"badge[^>]*>([^<]+)<", row).group(1)

    assert badge() == "2/2"
    newcomer = PersonFactory(unit=commune)
    assert badge() == "2/3"
    TaskRating.objects.create(person=newcomer, year=YEAR, rating="good")
    assert badge() == "3/3"


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(CLOCK)
def test_who_is_due_shows_a_new_candidate_and_drops_one_conferred(client, root, secretariat):
    commune = _grow(root, 1, "a")
    client.force_login(secretariat)
    url = reverse("awards:due", args=[commune.pk])

    def due_names():
        html = client.get(url, {"year": YEAR}).content.decode()
        return html.count('data-testid="due-row"'), html

    count, html = due_names()
    newcomer = PersonFactory(unit=commune, full_name="Người Mới Đến")
    assert newcomer.full_name not in html
    AwardRecordFactory(person=newcomer, award_kind=kind("advanced_worker"), year=YEAR)
    TaskRating.objects.create(person=newcomer, year=YEAR, rating="excellent")
    Initiative.objects.create(
        person=newcomer, title="Sáng kiến", scope="unit", recognised_on=f"{YEAR}-05-01", year=YEAR
    )
    after, html = due_names()
    assert newcomer.full_name in html
    assert after == count + 1
    AwardRecordFactory(person=newcomer, award_kind=kind("grassroots_fighter"), year=YEAR)
    _after, html = due_names()
    assert newcomer.full_name not in html


@pytest.mark.django_db
@pytest.mark.time_machine(CLOCK)
def test_cached_figures_are_per_user_scope(client, root, secretariat):
    """Two desks with different subtrees never read each other's cached figures."""
    from awards.tests.factories import UserFactory, grant
    from core.roles import Role

    branch = UnitFactory(name="Cụm xã", parent=root)
    _grow(branch, 1, "a")
    _grow(root, 2, "b")
    branch_desk = UserFactory()
    grant(branch_desk, branch, Role.SECRETARIAT)
    url = reverse("awards:rating-overview")
    client.force_login(secretariat)
    html = client.get(url, {"year": YEAR}).content.decode()
    assert "0/3 đơn vị đã nhập." in html  # three communes with staff under the root
    client.force_login(branch_desk)
    assert "0/1 đơn vị đã nhập." in client.get(url, {"year": YEAR}).content.decode()
