import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import AuditEntry
from core.roles import Role
from units import selectors, services
from units.models import Person, Unit
from units.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_unit_create_sets_path_under_parent_and_is_audited(jurisdiction, secretariat):
    unit = services.unit_create(
        by=secretariat,
        name="Trường Tiểu học Bình Lư",
        kind=Unit.Kind.SCHOOL,
        level=jurisdiction.commune_a.level,
        parent=jurisdiction.commune_a,
    )
    assert unit.path.startswith(jurisdiction.commune_a.path)
    assert unit.depth == jurisdiction.commune_a.depth + 1
    assert AuditEntry.objects.filter(action="units.unit.created", target_id=str(unit.pk)).exists()


def test_moving_a_unit_moves_its_subtree(jurisdiction, secretariat):
    services.unit_update(unit=jurisdiction.commune_a, by=secretariat, parent=jurisdiction.office)
    village = Unit.objects.get(pk=jurisdiction.village_a.pk)
    assert village.path.startswith(Unit.objects.get(pk=jurisdiction.office.pk).path)
    entry = AuditEntry.objects.get(action="units.unit.updated", target_id=str(jurisdiction.commune_a.pk))
    assert entry.data["changes"]["parent"][1] == jurisdiction.office.pk


def test_unit_cannot_be_moved_under_itself(jurisdiction, secretariat):
    with pytest.raises(ValidationError):
        services.unit_update(unit=jurisdiction.commune_a, by=secretariat, parent=jurisdiction.village_a)


def test_unit_head_cannot_create_units(jurisdiction, unit_head_a):
    with pytest.raises(ValidationError):
        services.unit_create(
            by=unit_head_a,
            name="X",
            kind=Unit.Kind.OTHER,
            level=jurisdiction.commune_a.level,
            parent=jurisdiction.commune_a,
        )


def test_person_update_records_before_and_after(jurisdiction, secretariat):
    person = PersonFactory(full_name="Lò Văn A", unit=jurisdiction.commune_a, position="Chuyên viên")
    services.person_update(person=person, by=secretariat, position="Phó Chủ tịch")
    entry = AuditEntry.objects.get(action="units.person.updated")
    assert entry.data["changes"] == {"position": ["Chuyên viên", "Phó Chủ tịch"]}
    assert entry.actor == secretariat


def test_cccd_unique_when_present_and_blank_allowed(jurisdiction, secretariat):
    services.person_create(by=secretariat, full_name="A", gender="male", unit=jurisdiction.commune_a, cccd="")
    services.person_create(by=secretariat, full_name="B", gender="male", unit=jurisdiction.commune_a, cccd="")
    services.person_create(
        by=secretariat, full_name="C", gender="male", unit=jurisdiction.commune_a, cccd="012089000001"
    )
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            by=secretariat, full_name="D", gender="male", unit=jurisdiction.commune_a, cccd="012089000001"
        )
    assert "cccd" in exc.value.message_dict
    assert Person.objects.filter(cccd__isnull=True).count() == 2


def test_database_enforces_cccd_format(jurisdiction):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="X", gender="male", unit=jurisdiction.commune_a, cccd="12ab")


def test_bloc_head_must_be_member(jurisdiction, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.bloc_save(
            by=secretariat,
            members=[jurisdiction.commune_a],
            name="Cụm 1",
            kind="cluster",
            year=2024,
            organiser=jurisdiction.district,
            head=jurisdiction.commune_b,
            deputy=None,
        )
    assert "head" in exc.value.message_dict


def test_bloc_save_records_membership_changes(jurisdiction, secretariat):
    bloc = services.bloc_save(
        by=secretariat,
        members=[jurisdiction.commune_a, jurisdiction.commune_b],
        name="Cụm 1",
        kind="cluster",
        year=2024,
        organiser=jurisdiction.district,
        head=jurisdiction.commune_a,
        deputy=jurisdiction.commune_b,
    )
    services.bloc_save(
        by=secretariat,
        bloc=bloc,
        members=[jurisdiction.commune_a],
        name="Cụm 1",
        kind="cluster",
        year=2024,
        organiser=jurisdiction.district,
        head=jurisdiction.commune_a,
        deputy=None,
    )
    assert list(bloc.memberships.values_list("unit_id", flat=True)) == [jurisdiction.commune_a.pk]
    entry = AuditEntry.objects.filter(action="units.bloc.updated").get()
    assert entry.data["members"] == [
        sorted([jurisdiction.commune_a.pk, jurisdiction.commune_b.pk]),
        [jurisdiction.commune_a.pk],
    ]


def test_rolegrant_end_keeps_history_and_removes_access(jurisdiction, secretariat):
    user = UserFactory()
    grant = services.rolegrant_create(
        by=secretariat,
        user=user,
        unit=jurisdiction.commune_a,
        role=Role.UNIT_HEAD,
        valid_from=datetime.date(2024, 1, 1),
    )
    assert selectors.user_roles(user) == {Role.UNIT_HEAD}
    services.rolegrant_end(grant=grant, by=secretariat, on=datetime.date(2024, 6, 30))
    selectors.forget_grants(user)
    assert selectors.user_roles(user) == set()
    grant.refresh_from_db()
    assert grant.valid_to == datetime.date(2024, 6, 30)
