"""The batch loader: plain histories from the database in a fixed number of queries."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import services
from awards.eligibility import Nominee, evaluate_many
from awards.histories import load_histories
from awards.models import AwardAnnulment, DisciplineRecord, Initiative, ReviewFreeze, TaskRating
from awards.rules import load_rulebook
from awards.tests.factories import AwardRecordFactory, PersonFactory, UnitFactory, kind

pytestmark = pytest.mark.django_db


def _history(person, years=(2022, 2023, 2024)):
    for y in years:
        AwardRecordFactory(person=person, award_kind=kind("advanced_worker"), year=y)
        AwardRecordFactory(person=person, award_kind=kind("grassroots_fighter"), year=y)
        TaskRating.objects.create(person=person, year=y, rating="excellent")
    Initiative.objects.create(
        person=person, title="Sáng kiến", scope="province", recognised_on=date(2023, 5, 1), year=2023
    )


def test_histories_carry_what_the_engine_needs(secretariat, root):
    unit = UnitFactory(parent=root)
    p = PersonFactory(unit=unit)
    _history(p)
    annulled = AwardRecordFactory(person=p, award_kind=kind("advanced_worker"), year=2021)
    AwardAnnulment.objects.create(
        record=annulled, ground="forged_documents", decision_number="1/QĐ", decision_date=date(2023, 1, 1)
    )
    DisciplineRecord.objects.create(
        person=p, form="reprimand", start=date(2019, 1, 1), end=date(2019, 12, 31)
    )
    ReviewFreeze.objects.create(collective=unit, reason="investigation", start=date(2025, 1, 1))
    h = load_histories(
        [
            Nominee("individual", p.pk, "provincial_fighter", 2024),
            Nominee("collective", unit.pk, "advanced_collective", 2024),
        ]
    )
    ph = h.persons[p.pk]
    assert ph.unit_id == unit.pk
    assert ph.has("grassroots_fighter", 2023)
    assert not ph.has("advanced_worker", 2021)  # annulled awards do not count
    assert ph.ratings == {2022: "excellent", 2023: "excellent", 2024: "excellent"}
    assert [d.form for d in ph.disciplines] == ["reprimand"]
    assert [m.person_id for m in h.collectives[unit.pk].members] == [p.pk]
    assert [f.reason for f in h.collectives[unit.pk].freezes] == ["investigation"]


def judge(nominees, on):
    """Load the rules and the histories from the database, then evaluate (as the services do)."""
    return evaluate_many(nominees, on, rules=load_rulebook(), histories=load_histories(nominees))


def test_evaluate_many_from_the_database(root):
    unit = UnitFactory(parent=root)
    p = PersonFactory(unit=unit)
    _history(p)
    [pf, ac] = judge(
        [
            Nominee("individual", p.pk, "provincial_fighter", 2024),
            Nominee("collective", unit.pk, "advanced_collective", 2024),
        ],
        date(2025, 1, 20),
    )
    assert pf.eligible, pf.failures
    assert ac.eligible, ac.failures


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # the annulment date must not be in the future
def test_annulment_through_the_service_removes_the_award_from_the_chain(secretariat, root):
    unit = UnitFactory(parent=root)
    p = PersonFactory(unit=unit)
    _history(p)
    record = p.award_records.get(award_kind__code="grassroots_fighter", year=2023)
    services.award_record_annul(
        record=record,
        by=secretariat,
        ground="forged_documents",
        decision_number="5/QĐ-UBND",
        decision_date=date(2025, 1, 2),
    )
    [pf] = judge([Nominee("individual", p.pk, "provincial_fighter", 2024)], date(2025, 1, 20))
    assert pf.codes() == {"pf_chain"}


def test_query_count_does_not_grow_with_nominees(root):
    unit = UnitFactory(parent=root)
    people = PersonFactory.create_batch(30, unit=unit)
    for p in people[:3]:
        _history(p)

    def run(n):
        cache.clear()  # both sizes read the rule book afresh (it is cached between requests)
        nominees = [
            Nominee("individual", p.pk, a, 2024)
            for p in people[:n]
            for a in ("advanced_worker", "grassroots_fighter", "provincial_fighter")
        ]
        nominees.append(Nominee("collective", unit.pk, "excellent_collective", 2024))
        with CaptureQueriesContext(connection) as ctx:
            judge(nominees, date(2025, 1, 20))
        return len(ctx)

    assert run(3) == run(30)
