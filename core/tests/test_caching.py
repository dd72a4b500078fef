"""Cached aggregates are served until an input table changes, and never after (issue 17)."""

import pytest
from django.db import transaction

from awards.models import AwardRecord
from core import caching
from units.models import Person, Unit
from units.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _count_people():
    calls.append(1)
    return Person.objects.count()


calls: list[int] = []


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()


def _cached():
    return caching.cached_aggregate("people", ["all"], [Person, Unit], _count_people)


def test_served_from_cache_until_a_tracked_table_changes(jurisdiction):
    PersonFactory(unit=jurisdiction.office)
    assert _cached() == 1
    assert _cached() == 1
    assert len(calls) == 1  # the second answer came from the cache
    PersonFactory(unit=jurisdiction.office)  # post_save bumps units.person
    assert _cached() == 2
    assert len(calls) == 2


def test_a_rolled_back_change_is_never_shown(jurisdiction):
    PersonFactory(unit=jurisdiction.office)
    assert _cached() == 1

    def add_then_fail():
        with transaction.atomic():
            PersonFactory(unit=jurisdiction.office)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    assert _cached() == 1  # recomputed or not, never the rolled-back row


def test_update_without_signals_is_bumped_by_the_writer(jurisdiction):
    person = PersonFactory(unit=jurisdiction.office)
    value = caching.cached_aggregate(
        "units of people", [], [Person], lambda: list(Person.objects.values_list("unit_id", flat=True))
    )
    assert value == [jurisdiction.office.pk]
    Person.objects.filter(pk=person.pk).update(unit=jurisdiction.commune_a)
    caching.bump(Person)
    value = caching.cached_aggregate(
        "units of people", [], [Person], lambda: list(Person.objects.values_list("unit_id", flat=True))
    )
    assert value == [jurisdiction.commune_a.pk]


def test_parts_select_separate_entries(jurisdiction):
    a = caching.cached_aggregate("n", [1], [AwardRecord], lambda: "one")
    b = caching.cached_aggregate("n", [2], [AwardRecord], lambda: "two")
    assert (a, b) == ("one", "two")


@pytest.mark.django_db(transaction=False)
def test_the_writing_transaction_reads_its_own_change(jurisdiction):
    # Inside one open transaction (no commit yet), a change is seen by the next read at once.
    PersonFactory(unit=jurisdiction.office)
    assert _cached() == 1
    PersonFactory(unit=jurisdiction.office)
    assert _cached() == 2


def test_bump_all_makes_every_tracked_table_stale_after_a_bulk_load(jurisdiction):
    PersonFactory(unit=jurisdiction.office)
    assert _cached() == 1
    Person.objects.bulk_create([PersonFactory.build(unit=jurisdiction.office)])  # sends no signal
    assert _cached() == 1  # not seen: nobody bumped
    caching.bump_all()
    assert _cached() == 2
