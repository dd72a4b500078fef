"""List pages keep a constant number of queries however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from units.tests.factories import (
    BlocFactory,
    BlocMembershipFactory,
    PersonFactory,
    RoleGrantFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _grow(kind, jurisdiction, n):
    for i in range(n):
        if kind == "person":
            PersonFactory(unit=jurisdiction.commune_a)
        elif kind == "unit":
            u = UnitFactory(parent=jurisdiction.commune_a, level=jurisdiction.commune_a.level)
            PersonFactory(unit=u)
        elif kind == "bloc":
            b = BlocFactory(organiser=jurisdiction.district, head=jurisdiction.commune_a, year=2020 + i % 5)
            BlocMembershipFactory(bloc=b, unit=jurisdiction.commune_a)
        elif kind == "grant":
            RoleGrantFactory(unit=jurisdiction.commune_a, role=Role.UNIT_CLERK)


@pytest.mark.parametrize(
    ("kind", "url_name"),
    [
        ("person", "units:person-list"),
        ("unit", "units:unit-list"),
        ("bloc", "units:bloc-list"),
        ("grant", "units:rolegrant-list"),
    ],
)
def test_list_query_count_does_not_grow(client, jurisdiction, secretariat, kind, url_name):
    client.force_login(secretariat)
    url = reverse(url_name)
    _grow(kind, jurisdiction, 10)
    _count(client, url)  # warm per-process caches (content types, sessions)
    few = _count(client, url)
    _grow(kind, jurisdiction, 90)
    first = _count(client, url)  # the first view after a change counts again (person list)
    many = _count(client, url)
    assert many == few
    assert first <= few + 1
