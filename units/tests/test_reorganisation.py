"""Merging units into a new one: preview, audited all-or-nothing apply, management command."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.models import AuditEntry
from units.models import BlocMembership, Person, Unit
from units.reorganisation import reorganisation_apply, reorganisation_preview
from units.tests.factories import BlocFactory, BlocMembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
JULY_1 = datetime.date(2025, 7, 1)


@pytest.fixture
def merger(jurisdiction):
    j = jurisdiction
    people = [PersonFactory(unit=j.commune_a), PersonFactory(unit=j.commune_b)]
    old_bloc = BlocFactory(name="Cụm 2024", organiser=j.district, year=2024)
    BlocMembershipFactory(bloc=old_bloc, unit=j.commune_a)
    new_bloc = BlocFactory(name="Cụm 2026", organiser=j.district, year=2026)
    BlocMembershipFactory(bloc=new_bloc, unit=j.commune_b)
    return people, old_bloc, new_bloc


def test_preview_lists_what_moves(jurisdiction, merger):
    j = jurisdiction
    preview = reorganisation_preview(
        sources=[j.commune_a, j.commune_b],
        target_name="Ủy ban nhân dân xã Bình Sơn",
        parent=j.district,
        effective=JULY_1,
    )
    assert preview.problems == []
    assert preview.people == 2
    assert preview.children == [j.village_a]
    assert [m.bloc.name for m in preview.bloc_memberships] == ["Cụm 2026"]


def test_apply_moves_people_children_and_this_years_blocs_and_keeps_history(
    jurisdiction, secretariat, merger
):
    j = jurisdiction
    people, old_bloc, new_bloc = merger
    target = reorganisation_apply(
        by=secretariat,
        sources=[j.commune_a, j.commune_b],
        target_name="Ủy ban nhân dân xã Bình Sơn",
        parent=j.district,
        effective=JULY_1,
    )
    assert set(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("unit", flat=True)) == {
        target.pk
    }
    village = Unit.objects.get(pk=j.village_a.pk)
    assert village.parent_id == target.pk
    assert village.path.startswith(target.path)
    for old in (j.commune_a, j.commune_b):
        old.refresh_from_db()
        assert old.successor_id == target.pk
        assert old.valid_to == datetime.date(2025, 6, 30)
    assert BlocMembership.objects.filter(bloc=old_bloc, unit=j.commune_a).exists()  # history stays
    assert BlocMembership.objects.filter(bloc=new_bloc, unit=target).exists()
    assert AuditEntry.objects.filter(action="units.unit.merged").count() == 2
    assert AuditEntry.objects.filter(action="units.unit.created_by_merger", target_id=str(target.pk)).exists()


def test_apply_is_all_or_nothing_and_needs_authority(jurisdiction, secretariat, unit_head_a, merger):
    j = jurisdiction
    with pytest.raises(ValidationError):
        reorganisation_apply(
            by=unit_head_a, sources=[j.commune_a], target_name="Xã mới", parent=j.district, effective=JULY_1
        )
    with pytest.raises(ValidationError):
        reorganisation_apply(
            by=secretariat, sources=[j.commune_a], target_name="  ", parent=j.district, effective=JULY_1
        )
    assert not Unit.objects.filter(name="Xã mới").exists()
    j.commune_a.refresh_from_db()
    assert j.commune_a.successor_id is None
    assert Person.objects.filter(unit=j.commune_a).count() == 1


def test_command_previews_then_applies(jurisdiction, secretariat, merger):
    j = jurisdiction
    args = [
        "--into", "Ủy ban nhân dân xã Bình Sơn",
        "--parent", str(j.district.pk),
        "--from", str(j.commune_a.pk), str(j.commune_b.pk),
        "--effective", "01/07/2025",
        "--by", secretariat.username,
    ]  # fmt: skip
    out = StringIO()
    call_command("reorganise_units", *args, stdout=out)
    assert "Cá nhân chuyển sang: 2" in out.getvalue()
    assert not Unit.objects.filter(name="Ủy ban nhân dân xã Bình Sơn").exists()
    call_command("reorganise_units", *args, "--apply", stdout=out)
    assert Unit.objects.filter(name="Ủy ban nhân dân xã Bình Sơn", valid_from=JULY_1).exists()


def test_the_new_units_page_shows_its_former_units(client, jurisdiction, secretariat, merger):
    j = jurisdiction
    target = reorganisation_apply(
        by=secretariat, sources=[j.commune_a, j.commune_b], target_name="Ủy ban nhân dân xã Bình Sơn",
        parent=j.district, effective=JULY_1,
    )  # fmt: skip
    client.force_login(secretariat)
    html = client.get(target.get_absolute_url()).content.decode()
    assert "Trước đây:" in html
    assert "Ủy ban nhân dân xã Bình Lư (đến 30/06/2025)" in html
