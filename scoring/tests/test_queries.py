"""The cross-score grid and the ranking keep a constant number of queries (10 vs 30 units)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import services
from scoring.models import ScoringTable
from scoring.tests.conftest import make_table
from units.tests.factories import BlocMembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def _grow(made, bloc_head, jurisdiction, n):
    """Add units up to `n` members, each with self and cross scores."""
    table = made.table
    while table.bloc.memberships.count() < n:
        unit = UnitFactory(parent=jurisdiction.district)
        BlocMembershipFactory(bloc=table.bloc, unit=unit)
    units = list(table.bloc.members.all())
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringTable.Status.OPEN)
    for u in units:
        services.self_score_save(
            table=table, unit=u, by=bloc_head_admin(), points={services.self_key(made.c1.pk): Decimal("10")}
        )
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringTable.Status.CROSS_SCORING)
    table.refresh_from_db()
    services.cross_score_save(
        table=table,
        by=bloc_head,
        points={services.cross_key(u.pk, c.pk): Decimal("20") for u in units for c in (made.c1, made.c2)},
    )


def bloc_head_admin():
    from units.tests.factories import UserFactory

    return UserFactory(username="superadmin", is_superuser=True)


@pytest.mark.parametrize("url_name", ["scoring:cross-score", "scoring:ranking"])
def test_constant_queries(client, bloc, bloc_head, jurisdiction, url_name):
    made = make_table(bloc, bloc_head)
    client.force_login(bloc_head)
    url = reverse(url_name, args=[made.table.pk])
    _grow(made, bloc_head, jurisdiction, 10)
    few, page = _count(client, url)
    assert page.count("<tr data-unit=") == 10
    _grow(made, bloc_head, jurisdiction, 30)
    many, page = _count(client, url)
    assert page.count("<tr data-unit=") == 30
    assert few == many
