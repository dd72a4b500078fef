from datetime import date

import pytest

from core.roles import Role
from units import selectors
from units.tests.factories import (
    BlocFactory,
    BlocMembershipFactory,
    PersonFactory,
    RoleGrantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_secretariat_sees_the_whole_district(jurisdiction, secretariat):
    visible = set(selectors.units_visible_to(secretariat))
    assert {
        jurisdiction.district,
        jurisdiction.commune_a,
        jurisdiction.commune_b,
        jurisdiction.village_a,
    } <= visible


def test_unit_head_sees_own_commune_and_its_villages_only(jurisdiction, unit_head_a):
    visible = set(selectors.units_visible_to(unit_head_a))
    assert visible == {jurisdiction.commune_a, jurisdiction.village_a}


def test_unit_head_does_not_see_other_communes_people(jurisdiction, unit_head_a):
    mine = PersonFactory(unit=jurisdiction.village_a)
    theirs = PersonFactory(unit=jurisdiction.commune_b)
    people = set(selectors.people_visible_to(unit_head_a))
    assert mine in people
    assert theirs not in people


def test_expired_grant_gives_nothing(jurisdiction):
    user = UserFactory()
    RoleGrantFactory(
        user=user,
        unit=jurisdiction.district,
        role=Role.SECRETARIAT,
        valid_from=date(2020, 1, 1),
        valid_to=date(2021, 12, 31),
    )
    assert selectors.user_roles(user) == set()
    assert not selectors.units_visible_to(user).exists()


def test_council_member_sees_no_unit_tree(jurisdiction, council_member):
    assert not selectors.units_visible_to(council_member).exists()
    assert selectors.user_roles(council_member) == {Role.COUNCIL_MEMBER}


def test_search_people_without_diacritics(jurisdiction, secretariat):
    duc = PersonFactory(full_name="Nguyễn Văn Đức", unit=jurisdiction.commune_a)
    lan = PersonFactory(full_name="Trần Thị Lan", unit=jurisdiction.commune_a)
    assert list(selectors.person_list_for_user(user=secretariat, search="nguyen van")) == [duc]
    assert list(selectors.person_list_for_user(user=secretariat, search="duc")) == [duc]
    assert list(selectors.person_list_for_user(user=secretariat, search="TRẦN thị")) == [lan]


def test_search_people_by_cccd_and_unit(jurisdiction, secretariat):
    a = PersonFactory(full_name="Lò Văn Páo", cccd="012089000123", unit=jurisdiction.commune_a)
    PersonFactory(full_name="Lò Văn Páo", unit=jurisdiction.commune_b)
    assert list(selectors.person_list_for_user(user=secretariat, cccd="012089000123")) == [a]
    assert list(selectors.person_list_for_user(user=secretariat, unit_id=jurisdiction.commune_a.pk)) == [a]


def test_bloc_visibility_by_role(jurisdiction, secretariat, unit_head_a, unit_head_b):
    bloc = BlocFactory(organiser=jurisdiction.district, head=jurisdiction.commune_a)
    BlocMembershipFactory(bloc=bloc, unit=jurisdiction.commune_a)
    head_user = UserFactory()
    RoleGrantFactory(user=head_user, unit=jurisdiction.commune_a, role=Role.BLOC_HEAD)
    assert bloc in selectors.blocs_visible_to(secretariat)
    assert bloc in selectors.blocs_visible_to(unit_head_a)
    assert bloc in selectors.blocs_visible_to(head_user)
    assert bloc not in selectors.blocs_visible_to(unit_head_b)


def test_people_filtered_by_unit_name_without_diacritics(jurisdiction, secretariat):
    a = PersonFactory(full_name="Lò Văn A", unit=jurisdiction.village_a)
    PersonFactory(full_name="Lò Văn B", unit=jurisdiction.commune_b)
    assert list(selectors.person_list_for_user(user=secretariat, unit_query="na don")) == [a]


def test_unit_list_counts_people_per_unit(jurisdiction, secretariat):
    PersonFactory(unit=jurisdiction.commune_a)
    PersonFactory(unit=jurisdiction.commune_a)
    counts = {u.name: u.people_count for u in selectors.unit_list_for_user(user=secretariat)}
    assert counts[jurisdiction.commune_a.name] == 2
    assert counts[jurisdiction.commune_b.name] == 0
