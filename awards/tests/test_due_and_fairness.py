"""Issue 16 item 6: who is due this year (the eligibility engine over generated histories) and the
fairness view (shares of awards by unit type, position level, gender and ethnicity)."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import selectors
from awards.models import Initiative, TaskRating
from awards.tests.factories import AwardRecordFactory, PersonFactory, UnitFactory, UserFactory, grant, kind
from core.roles import Role
from units.models import Person, Unit

pytestmark = pytest.mark.django_db

YEAR = 2025
CLOCK = "2026-03-20 09:00:00+07:00"


def _record(person, code, year=YEAR):
    return AwardRecordFactory(person=person, award_kind=kind(code), year=year)


def _rating(person, rating, year=YEAR):
    TaskRating.objects.create(person=person, year=year, rating=rating)


def _commune_with_histories(root, prefix=""):
    """A commune whose people are due for known titles (see the comments), and some who are not."""
    commune = UnitFactory(name=f"{prefix}UBND xã Tân Lập", parent=root)
    p = {k: PersonFactory(unit=commune, full_name=f"{prefix}Cán bộ mẫu {k}") for k in "ABCDE"}
    # A: Advanced Worker 2025 and an excellent rating: due for grassroots fighter only.
    _record(p["A"], "advanced_worker")
    _rating(p["A"], "excellent")
    # B: grassroots fighter 2023 and 2024, Advanced Worker and excellent in 2025, a provincial
    # initiative: due for grassroots fighter, and (counting it) provincial fighter and Bằng khen.
    _record(p["B"], "grassroots_fighter", 2023)
    _record(p["B"], "grassroots_fighter", 2024)
    _record(p["B"], "advanced_worker")
    _rating(p["B"], "excellent")
    Initiative.objects.create(
        person=p["B"], title="Sáng kiến", scope="province", recognised_on=date(2024, 5, 1), year=2024
    )
    # C: already grassroots fighter 2025: nothing due, but makes the commune an excellent collective.
    _record(p["C"], "advanced_worker")
    _record(p["C"], "grassroots_fighter")
    _rating(p["C"], "excellent")
    # D: Advanced Worker with a "good" rating and no initiative: not due.
    _record(p["D"], "advanced_worker")
    _rating(p["D"], "good")
    # E: grassroots fighter 2024 and 2025 in the register: due for the Bằng khen.
    _record(p["E"], "advanced_worker")
    _record(p["E"], "grassroots_fighter", 2024)
    _record(p["E"], "grassroots_fighter")
    _rating(p["E"], "good")
    return commune, p


@pytest.mark.time_machine(CLOCK)
def test_who_is_due_lists_exactly_those_whose_history_makes_them_eligible(root):
    commune, p = _commune_with_histories(root)
    elsewhere = UnitFactory(name="UBND xã Khác hẳn", parent=None)
    stranger = PersonFactory(unit=elsewhere)
    _record(stranger, "advanced_worker")
    _rating(stranger, "excellent")
    rows = selectors.who_is_due(unit=root, year=YEAR, on_date=date(2026, 3, 20))
    got = {(r.subject.pk, r.award, r.if_fighter) for r in rows}
    assert got == {
        (p["A"].pk, "grassroots_fighter", False),
        (p["B"].pk, "grassroots_fighter", False),
        (p["B"].pk, "provincial_fighter", True),
        (p["B"].pk, "merit_diploma", True),
        (p["E"].pk, "merit_diploma", False),
        (commune.pk, "excellent_collective", False),
    }
    # The engine's reasons come along, in Vietnamese.
    b_pf = next(r for r in rows if r.subject == p["B"] and r.award == "provincial_fighter")
    assert any("Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2023–2025)" in r.message for r in b_pf.reasons)
    # The other jurisdiction's person is not a candidate even with the same history.
    assert stranger.pk not in {r.subject.pk for r in rows}
    # Narrowed to the other tree: the stranger, and (counting the stranger's grassroots fighter,
    # itself due) the stranger's one-person unit as an excellent collective.
    other = selectors.who_is_due(unit=elsewhere, year=YEAR, on_date=date(2026, 3, 20))
    assert [(r.subject, r.award, r.if_fighter) for r in other] == [
        (stranger, "grassroots_fighter", False),
        (elsewhere, "excellent_collective", True),
    ]


@pytest.mark.time_machine(CLOCK)
def test_due_page_shows_the_rows_with_reasons_and_404_for_another_jurisdiction(client, root, outsider):
    commune, p = _commune_with_histories(root)
    head = UserFactory()
    grant(head, commune, Role.UNIT_HEAD)
    client.force_login(head)
    html = client.get(reverse("awards:due", args=[commune.pk]), {"year": YEAR}).content.decode()
    assert html.count('data-testid="due-row"') == 6
    assert "Có <strong>6</strong> đề xuất đến hạn." in html
    assert p["D"].full_name not in html
    assert "Nếu được công nhận Chiến sĩ thi đua cơ sở năm 2025" in html
    assert "Đạt Chiến sĩ thi đua cơ sở 2 năm liên tục (2024–2025)." in html
    # The home link opens on the user's unit.
    assert client.get(reverse("awards:due-home"))["Location"] == reverse("awards:due", args=[commune.pk])
    # Another jurisdiction's secretariat: 404; the head does not see the parent unit either.
    assert client.get(reverse("awards:due", args=[root.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("awards:due", args=[commune.pk])).status_code == 404


@pytest.mark.time_machine(CLOCK)
def test_due_page_query_count_does_not_grow(client, root, secretariat, django_assert_max_num_queries):
    small = UnitFactory(name="Khối nhỏ", parent=root)
    big = UnitFactory(name="Khối lớn", parent=root)
    _commune_with_histories(small, "S-")
    for i in range(4):
        _commune_with_histories(big, f"B{i}-")
    client.force_login(secretariat)
    client.get(reverse("awards:due", args=[small.pk]), {"year": YEAR})
    cache.clear()  # each measured page computes its rows (not from core.caching)
    with django_assert_max_num_queries(60) as few:
        assert client.get(reverse("awards:due", args=[small.pk]), {"year": YEAR}).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("awards:due", args=[big.pk]), {"year": YEAR}).content.decode()
    assert html.count('data-testid="due-row"') == 24


def _fairness_world(root, suffix=""):
    office = UnitFactory(name=f"Phòng Văn hóa{suffix}", parent=root, kind=Unit.Kind.SPECIALIST_OFFICE)
    school = UnitFactory(name=f"Trường Tiểu học{suffix}", parent=root, kind=Unit.Kind.SCHOOL)
    people = [
        PersonFactory(unit=office, is_leader=True, gender=Person.Gender.MALE, ethnicity="Kinh"),
        PersonFactory(unit=office, is_leader=False, gender=Person.Gender.FEMALE, ethnicity="Thái"),
        PersonFactory(unit=school, is_leader=True, gender=Person.Gender.MALE, ethnicity="Kinh"),
        PersonFactory(unit=school, is_leader=False, gender=Person.Gender.FEMALE, ethnicity="Kinh"),
        PersonFactory(unit=school, is_leader=False, gender=Person.Gender.MALE, ethnicity=""),
    ]
    plan = {2024: [0, 0, 2, 1], 2025: [0, 2, 3, 4, 1, 2]}
    records = []
    for year, idx in plan.items():
        records += [_record(people[i], "advanced_worker", year) for i in idx]
    records.append(
        AwardRecordFactory(person=None, collective=school, award_kind=kind("advanced_collective"), year=2025)
    )
    return people, records


@pytest.mark.time_machine(CLOCK)
def test_fairness_shares_equal_independent_counts(root, council_member):
    _people, records = _fairness_world(root)
    dims = {d["key"]: d for d in selectors.award_fairness(user=council_member, years=[2024, 2025])}
    individual = [r for r in records if r.person_id]
    expected = {
        "leader": Counter(
            ("Lãnh đạo, quản lý" if r.person.is_leader else "Cán bộ, nhân viên", r.year) for r in individual
        ),
        "gender": Counter(("Nam" if r.person.gender == "male" else "Nữ", r.year) for r in individual),
        "ethnicity": Counter((r.person.ethnicity or "Chưa ghi dân tộc", r.year) for r in individual),
        "unit_kind": Counter((r.unit.get_kind_display(), r.year) for r in records),
    }
    for key, counter in expected.items():
        d = dims[key]
        totals = Counter()
        for (_label, year), n in counter.items():
            totals[year] += n
        assert d["totals"] == [totals[2024], totals[2025]], key
        got = {
            (row["label"], y): cell["count"]
            for row in d["rows"]
            for y, cell in zip(d["years"], row["cells"], strict=False)
        }
        assert {k: v for k, v in got.items() if v} == dict(counter), key
        for row in d["rows"]:
            for y, cell in zip(d["years"], row["cells"], strict=False):
                share = (Decimal(cell["count"]) * 100 / totals[y]).quantize(Decimal("0.1"))
                assert cell["share"] == share
    # Leaders: 2 of 5 people, but 6 of the 10 individual awards (3 of 4 in 2024, 3 of 6 in 2025).
    leaders = next(r for r in dims["leader"]["rows"] if r["label"] == "Lãnh đạo, quản lý")
    assert [c["count"] for c in leaders["cells"]] == [3, 3]
    assert (leaders["headcount"], leaders["headcount_share"]) == (2, Decimal("40.0"))


@pytest.mark.time_machine(CLOCK)
def test_fairness_page_formats_shares_and_is_scoped(client, root, council_member, outsider):
    _fairness_world(root)
    client.force_login(council_member)
    html = client.get(reverse("awards:fairness"), {"year": 2025}).content.decode()
    leader = html.split('data-testid="fairness-leader"')[1].split("</section>")[0]
    assert '3 <span class="text-muted small">(75%)</span>' in leader  # 2024: 3 of 4 to leaders
    assert '3 <span class="text-muted small">(50%)</span>' in leader  # 2025: 3 of 6
    assert "2 (40%)" in leader
    gender = html.split('data-testid="fairness-gender"')[1].split("</section>")[0]
    assert (
        '4 <span class="text-muted small">(66,7%)</span>' in gender
    )  # 2025: 4 of 6 to men  # leaders among the people now in scope
    # Another jurisdiction reads its own (empty) register; a unit of ours answers 404.
    client.force_login(outsider)
    html = client.get(reverse("awards:fairness"), {"year": 2025}).content.decode()
    assert "(75%)" not in html
    assert client.get(reverse("awards:fairness"), {"unit": root.pk}).status_code == 404
    # A unit clerk has no fairness page.
    clerk = UserFactory()
    grant(clerk, root, Role.UNIT_CLERK)
    client.force_login(clerk)
    assert client.get(reverse("awards:fairness")).status_code == 404


@pytest.mark.time_machine(CLOCK)
def test_fairness_page_query_count_does_not_grow(client, root, secretariat, django_assert_max_num_queries):
    _fairness_world(root)
    client.force_login(secretariat)
    client.get(reverse("awards:fairness"))
    cache.clear()  # each measured page computes the shares (not from core.caching)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("awards:fairness"))
    for i in range(3):
        _fairness_world(root, f" số {i}")
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("awards:fairness")).status_code == 200


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_the_demo_shows_who_is_due_and_the_fairness_shares(client):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    users = get_user_model().objects
    client.force_login(users.get(username="hieutruong"))
    html = client.get(reverse("awards:due-home"), follow=True).content.decode()
    assert "Người, tập thể đến hạn khen thưởng năm 2025" in html
    assert html.count('data-testid="due-row"') >= 1
    assert "Chiến sĩ thi đua cơ sở" in html
    client.force_login(users.get(username="hoidong_tamduong"))
    html = client.get(reverse("awards:fairness")).content.decode()
    leader = html.split('data-testid="fairness-leader"')[1].split("</section>")[0]
    assert "Lãnh đạo, quản lý" in leader
    assert "Cán bộ, nhân viên" in leader
    assert "Chưa có khen thưởng" not in leader


@pytest.mark.time_machine(CLOCK)
def test_a_subtree_too_large_asks_for_a_sub_unit(client, root, secretariat, monkeypatch):
    commune, _p = _commune_with_histories(root)
    monkeypatch.setattr(selectors, "DUE_MAX_CANDIDATES", 3)  # the commune has 5 candidates
    client.force_login(secretariat)
    html = client.get(reverse("awards:due", args=[root.pk]), {"year": YEAR}).content.decode()
    assert 'data-testid="due-too-many"' in html
    assert 'data-testid="due-row"' not in html
    assert f'href="{reverse("awards:due", args=[commune.pk])}?year=2025"' in html
