"""List pages and the tracker keep a constant number of queries as the data grows."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from core import caching
from reports.models import ReminderDelivery, ReportRound, ReportSubmission
from reports.selectors import tracker
from reports.tests.factories import RoundFactory
from units.tests.factories import UnitFactory

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def count_cold(fn) -> int:
    """Queries of `fn` with an empty cache (no cached aggregate answers, core/caching.py)."""
    cache.clear()
    return count_queries(fn)


def add_units(campaign, rounds, n, parent):
    units = [UnitFactory(parent=parent) for _ in range(n)]
    for r in rounds:
        r.units.add(*units)
    # a third of them reported in the first round
    ReportSubmission.objects.bulk_create(
        [
            ReportSubmission(
                round=rounds[0], unit=u, status="submitted", submitted_at=timezone.now(), is_late=bool(i % 2)
            )
            for i, u in enumerate(units[::3])
        ]
    )
    caching.bump(ReportRound, ReportSubmission)  # as the services do after M2M and bulk writes
    return units


def test_tracker_query_count_constant_from_10_to_300_units(
    client, campaign, secretariat, jurisdiction, django_capture_on_commit_callbacks
):
    rounds = [
        RoundFactory(campaign=campaign),
        RoundFactory(campaign=campaign, deadline=timezone.now() - timedelta(1)),
    ]
    add_units(campaign, rounds, 10, jurisdiction.district)
    url = reverse("reports:tracker", args=[campaign.pk])
    client.force_login(secretariat)
    small_selector = count_cold(lambda: tracker(campaign=campaign))
    small_page = count_cold(lambda: client.get(url))
    small_warm = count_queries(lambda: client.get(url))
    assert small_warm < small_page  # the cells' data came from the cache
    small_export = count_cold(lambda: client.get(url, {"export": "xlsx"}))
    with django_capture_on_commit_callbacks(execute=True):  # the bumps run after the commit
        add_units(campaign, rounds, 290, jurisdiction.district)
    data = tracker(campaign=campaign)  # the cached data of 10 units no longer answers
    assert len(data.rows) == 300
    assert data.counts["overdue"] > 0
    assert data.counts["on_time"] > 0
    assert data.counts["late"] > 0
    assert count_cold(lambda: tracker(campaign=campaign)) == small_selector
    assert count_cold(lambda: client.get(url)) == small_page
    assert count_queries(lambda: client.get(url)) == small_warm
    assert count_cold(lambda: client.get(url, {"export": "xlsx"})) == small_export


def test_round_list_query_count_constant(client, campaign, secretariat, jurisdiction):
    client.force_login(secretariat)
    for _ in range(10):
        RoundFactory(campaign=campaign).units.add(jurisdiction.commune_a)
    url = reverse("reports:round-list")
    small_cold = count_cold(lambda: client.get(url))
    small_warm = count_queries(lambda: client.get(url))
    assert small_warm < small_cold  # the campaign filter's choices came from the cache
    for _ in range(90):
        RoundFactory(campaign=campaign).units.add(jurisdiction.commune_a)
    for _ in range(60):  # more than the filter lists
        CampaignFactory(launching_unit=jurisdiction.district, status=Campaign.Status.LAUNCHED)
    assert count_cold(lambda: client.get(url)) == small_cold
    assert count_queries(lambda: client.get(url)) == small_warm


def test_delivery_log_query_count_constant(client, campaign, secretariat, unit_head_a, jurisdiction):
    client.force_login(secretariat)
    rnd = RoundFactory(campaign=campaign)

    def add(n, start):
        ReminderDelivery.objects.bulk_create(
            [
                ReminderDelivery(
                    recipient=unit_head_a,
                    round=rnd,
                    unit=jurisdiction.commune_a,
                    kind="overdue",
                    due_date=timezone.localdate() - timedelta(days=start + i),
                )
                for i in range(n)
            ]
        )

    add(10, 0)
    url = reverse("reports:delivery-list")
    small = count_queries(lambda: client.get(url))
    add(90, 10)
    assert count_queries(lambda: client.get(url)) == small


def test_my_rounds_query_count_constant(client, campaign, unit_head_a, jurisdiction):
    client.force_login(unit_head_a)
    for _ in range(2):
        RoundFactory(campaign=campaign).units.add(jurisdiction.commune_a, jurisdiction.village_a)
    url = reverse("reports:my-rounds")
    small = count_queries(lambda: client.get(url))
    for _ in range(20):
        RoundFactory(campaign=campaign).units.add(jurisdiction.commune_a, jurisdiction.village_a)
    # 44 round × unit pairs, a page of 25 (settings.THIDUA_PAGE_SIZE) and the rest on page 2
    first, second = (client.get(url, {"page": n}).content.decode() for n in (1, 2))
    assert (first.count("Nhập báo cáo"), second.count("Nhập báo cáo")) == (25, 19)
    assert "Trang 1/2" in first
    assert "Trang 2/2" in second
    assert count_queries(lambda: client.get(url)) == small
    assert count_queries(lambda: client.get(url, {"page": 2})) == small


def test_tracker_pages_the_units_and_counts_them_all(client, campaign, secretariat, jurisdiction, settings):
    """1,500 units report in a province round: the tracker and the round page show one page of
    units, the state counts and the total cover every unit."""
    from reports import selectors

    rnd = RoundFactory(campaign=campaign, deadline=timezone.now() - timedelta(1))
    units = add_units(campaign, [rnd], 12, jurisdiction.district)  # 4 reported, 8 overdue
    data = selectors.tracker(campaign=campaign, page=2, per_page=5)
    assert [r.unit.pk for r in data.rows] == data.unit_ids[5:10]
    assert len(data.unit_ids) == 12
    assert data.counts["overdue"] == 8
    assert data.counts["on_time"] + data.counts["late"] == 4
    overdue = selectors.tracker(campaign=campaign, state="overdue", page=1, per_page=5)
    assert len(overdue.rows) == 5
    assert len(overdue.unit_ids) == 8
    assert overdue.counts["overdue"] == 8
    assert overdue.counts["on_time"] == 0

    settings.THIDUA_PAGE_SIZE = 5
    client.force_login(secretariat)
    html = client.get(reverse("reports:round-detail", args=[rnd.pk]), {"page": 3}).content.decode()
    tracker_html = client.get(reverse("reports:tracker", args=[campaign.pk]), {"page": 3}).content.decode()
    last = sorted(units, key=lambda u: u.path)[-1]
    for page in (html, tracker_html):
        assert "Trang 3/3" in page
        assert "Tổng số: 12" in page
        assert last.name in page
    assert sorted(units, key=lambda u: u.path)[0].name not in html
