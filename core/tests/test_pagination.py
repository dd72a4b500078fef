"""Deferred-join pagination gives the same pages as Django's paginator, read cheaply (issue 17)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.pagination import DeferredJoinPaginator, WindowCountPaginator
from units.models import Person
from units.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(jurisdiction):
    # Duplicate names: the order's tie-break (pk) must hold on both ends of the list.
    names = ["Lò Văn An", "Lò Văn An", "Tòng Thị Bích", "Đặng Văn Cường", "Vàng A Dế", "Lê Thị Én"]
    for i in range(53):
        PersonFactory(
            full_name=names[i % len(names)], unit=jurisdiction.commune_a if i % 2 else jurisdiction.office
        )
    return Person.objects.select_related("unit").order_by("search_key", "pk")


@pytest.mark.parametrize(("per_page", "orphans"), [(10, 0), (7, 3), (25, 0), (100, 0)])
def test_every_page_equals_djangos_page(people, per_page, orphans):
    plain = Paginator(people, per_page, orphans=orphans)
    deferred = DeferredJoinPaginator(people, per_page, orphans=orphans)
    assert deferred.num_pages == plain.num_pages
    for number in plain.page_range:
        expected = [p.pk for p in plain.page(number)]
        page = deferred.page(number)
        assert [p.pk for p in page] == expected, number
        assert page.start_index() == plain.page(number).start_index()


def test_page_rows_carry_their_related_objects(people):
    page = DeferredJoinPaginator(people, 10).page(6)  # second half: read from the end
    with CaptureQueriesContext(connection) as ctx:
        names = [p.unit.name for p in page]
    assert len(names) == 3
    assert len(ctx) == 0


def test_person_list_last_page_reads_keys_then_rows(client, secretariat, people):
    client.force_login(secretariat)
    response = client.get(reverse("units:person-list"), {"page": "last"})
    expected = list(people.values_list("pk", flat=True))[50:]
    assert [p.pk for p in response.context["people"]] == expected
    assert response.context["paginator"].count == 53
    body = response.content.decode()
    assert all(p.full_name in body for p in response.context["people"])


@pytest.mark.parametrize("window", [10, 25, 1000])
def test_window_pages_equal_djangos_pages(people, window):
    """Keys of the window, then the page's rows: the same rows; the count exact within the
    window, a lower bound beyond it."""
    plain = Paginator(people, 10)
    for number in plain.page_range:
        paginator = WindowCountPaginator(people, 10, window=window)
        page = paginator.page(number)
        assert [p.pk for p in page] == [p.pk for p in plain.page(number)], number
        start = (number - 1) * 10
        assert paginator.count == min(53, start + window)
        assert paginator.count_is_lower_bound == (53 - start > window)


def test_window_page_reads_keys_then_rows_with_related(people):
    paginator = WindowCountPaginator(people, 10)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(2)
        names = [p.unit.name for p in page]
    assert len(names) == 10
    assert paginator.count == 53
    assert len(ctx) == 2  # the window's keys (and so the count), then the page's rows


def test_window_stale_page_is_no_page(people):
    from django.core.paginator import EmptyPage

    with pytest.raises(EmptyPage):
        WindowCountPaginator(people, 10).page(9)
