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

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
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
    assert len(preview.people) == 2
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
    assert "Ủy ban nhân dân xã Bình Lư</a> (đến 30/06/2025)" in html


# --- What other apps hand over (issue 10 item 9a) -------------------------------------------


@pytest.fixture
def open_files(jurisdiction):
    """Commune A and B registered for an open campaign and a closed one; an open report round
    lists both (A started its report); a closed round lists A; A received a collective award."""
    from awards.tests.factories import AwardRecordFactory, kind
    from campaigns.models import Campaign, Registration
    from campaigns.tests.factories import CampaignFactory
    from reports.models import ReportSubmission
    from reports.tests.factories import RoundFactory

    j = jurisdiction
    open_campaign = CampaignFactory(launching_unit=j.district, status=Campaign.Status.LAUNCHED)
    open_campaign.participants.add(j.commune_a, j.commune_b)
    closed_campaign = CampaignFactory(launching_unit=j.district, status=Campaign.Status.CLOSED)
    reg_a = Registration.objects.create(campaign=open_campaign, unit=j.commune_a)
    reg_b = Registration.objects.create(campaign=open_campaign, unit=j.commune_b)
    reg_closed = Registration.objects.create(
        campaign=closed_campaign, unit=j.commune_a, status=Registration.Status.APPROVED
    )
    open_round = RoundFactory(campaign=open_campaign, title="Sơ kết 6 tháng")
    open_round.units.add(j.commune_a, j.commune_b)
    sub_a = ReportSubmission.objects.create(round=open_round, unit=j.commune_a)
    closed_round = RoundFactory(campaign=closed_campaign, title="Tổng kết 2025")
    closed_round.units.add(j.commune_a)
    from django.utils import timezone

    type(closed_round).objects.filter(pk=closed_round.pk).update(closed_at=timezone.now())
    award = AwardRecordFactory(
        person=None, collective=j.commune_a, award_kind=kind("advanced_collective"), year=2024
    )
    return {
        "open_campaign": open_campaign,
        "reg_a": reg_a,
        "reg_b": reg_b,
        "reg_closed": reg_closed,
        "open_round": open_round,
        "closed_round": closed_round,
        "sub_a": sub_a,
        "award": award,
    }


def _succession(preview, label_start):
    return next(s for s in preview.successions if s.label.startswith(label_start))


def test_preview_lists_open_registrations_report_obligations_and_award_history(jurisdiction, open_files):
    j = jurisdiction
    preview = reorganisation_preview(
        sources=[j.commune_a, j.commune_b], target_name="Xã Bình Sơn", parent=j.district, effective=JULY_1
    )
    regs = _succession(preview, "Đăng ký thi đua")
    assert len(regs.moving) == 1
    assert "Ủy ban nhân dân xã Bình Lư" in regs.moving[0]
    assert len(regs.staying) == 1
    assert "Ủy ban nhân dân xã Sơn Bình" in regs.staying[0]  # one per campaign
    reports = _succession(preview, "Nghĩa vụ báo cáo")
    # A's started report and B's obligation move; the closed round stays
    assert len(reports.moving) == 2
    assert all("Sơ kết 6 tháng" in line for line in reports.moving)
    history = _succession(preview, "Lịch sử khen thưởng")
    assert len(history.moving) == 1
    assert open_files["award"].decision_number in history.moving[0]


def test_apply_moves_open_registrations_and_report_obligations(jurisdiction, secretariat, open_files):
    from campaigns.models import Registration
    from reports.models import ReportSubmission

    j, f = jurisdiction, open_files
    target = reorganisation_apply(
        by=secretariat, sources=[j.commune_a, j.commune_b], target_name="Xã Bình Sơn", parent=j.district,
        effective=JULY_1,
    )  # fmt: skip
    assert Registration.objects.get(pk=f["reg_a"].pk).unit_id == target.pk
    assert Registration.objects.get(pk=f["reg_b"].pk).unit_id == j.commune_b.pk  # history
    assert Registration.objects.get(pk=f["reg_closed"].pk).unit_id == j.commune_a.pk  # closed campaign
    assert target in f["open_campaign"].participants.all()
    assert set(f["open_round"].units.all()) == {target}
    assert ReportSubmission.objects.get(pk=f["sub_a"].pk).unit_id == target.pk
    assert set(f["closed_round"].units.all()) == {j.commune_a}
    entry = AuditEntry.objects.get(action="units.unit.created_by_merger", target_id=str(target.pk))
    assert entry.data["registrations"] == 1
    assert entry.data["report_obligations"] == 2


def test_award_history_is_attributed_to_the_successor_not_rewritten(
    client, jurisdiction, secretariat, open_files
):
    from awards.models import AwardRecord
    from awards.selectors import award_history_for_unit

    j = jurisdiction
    target = reorganisation_apply(
        by=secretariat, sources=[j.commune_a, j.commune_b], target_name="Xã Bình Sơn", parent=j.district,
        effective=JULY_1,
    )  # fmt: skip
    award = AwardRecord.objects.get(pk=open_files["award"].pk)
    assert award.collective_id == j.commune_a.pk  # the register keeps who received it
    assert [r.pk for r in award_history_for_unit(target)] == [award.pk]
    client.force_login(secretariat)
    html = client.get(target.get_absolute_url()).content.decode()
    assert award.decision_number in html
    assert "(đơn vị trước đây)" in html


def test_preview_lists_the_grants_that_stay_on_the_former_units(jurisdiction, unit_head_a):
    j = jurisdiction
    preview = reorganisation_preview(
        sources=[j.commune_a, j.commune_b], target_name="Xã Bình Sơn", parent=j.district, effective=JULY_1
    )
    assert [(g.user, g.unit) for g in preview.grants] == [(unit_head_a, j.commune_a)]


def test_rename_creates_the_successor_under_the_new_name(jurisdiction, secretariat, merger):
    j = jurisdiction
    target = reorganisation_apply(
        by=secretariat, operation="rename", sources=[j.commune_a],
        target_name="Ủy ban nhân dân phường Bình Lư", parent=None, effective=JULY_1,
    )  # fmt: skip
    assert target.parent_id == j.district.pk
    j.commune_a.refresh_from_db()
    assert j.commune_a.successor_id == target.pk
    assert j.commune_a.name == "Ủy ban nhân dân xã Bình Lư"
    assert Person.objects.filter(unit=target).count() == 1
    assert AuditEntry.objects.filter(action="units.unit.renamed").count() == 1


def test_move_puts_the_unit_and_its_subtree_under_another_parent(jurisdiction, secretariat):
    j = jurisdiction
    moved = reorganisation_apply(
        by=secretariat, operation="move", sources=[j.commune_a], parent=j.office, effective=JULY_1
    )
    assert moved.pk == j.commune_a.pk
    assert moved.parent_id == j.office.pk
    village = Unit.objects.get(pk=j.village_a.pk)
    assert village.path.startswith(moved.path)
    assert village.path.startswith(j.office.path)
    assert AuditEntry.objects.filter(action="units.unit.moved", target_id=str(moved.pk)).exists()


def test_merge_needs_two_units_and_rename_a_new_name(jurisdiction, secretariat):
    j = jurisdiction
    assert reorganisation_preview(
        sources=[j.commune_a], target_name="X", parent=j.district, effective=JULY_1
    ).problems
    assert reorganisation_preview(
        operation="rename", sources=[j.commune_a], target_name=j.commune_a.name, parent=None, effective=JULY_1
    ).problems


def test_a_stale_version_refuses_the_whole_apply(jurisdiction, secretariat, merger):
    j = jurisdiction
    versions = {j.commune_a.pk: j.commune_a.version, j.commune_b.pk: j.commune_b.version}
    Unit.objects.filter(pk=j.commune_b.pk).update(version=j.commune_b.version + 1)  # edited meanwhile
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        reorganisation_apply(
            by=secretariat, sources=[j.commune_a, j.commune_b], target_name="Xã Bình Sơn", parent=j.district,
            effective=JULY_1, versions=versions,
        )  # fmt: skip
    assert not Unit.objects.filter(name="Xã Bình Sơn").exists()
    assert Person.objects.filter(unit=j.commune_a).count() == 1


# --- The secretariat page (issue 10 item 9b) ------------------------------------------------


def _page(unit):
    from django.urls import reverse

    return reverse("units:unit-reorganise", args=[unit.pk])


def test_only_the_secretariat_over_the_parent_reaches_the_page(
    client, jurisdiction, secretariat, unit_head_a
):
    from conftest import _user_with
    from core.roles import Role

    j = jurisdiction
    client.force_login(secretariat)
    assert client.get(_page(j.commune_a)).status_code == 200
    assert _page(j.commune_a) in client.get(j.commune_a.get_absolute_url()).content.decode()  # reached there
    assert client.get(_page(j.district)).status_code == 404  # its own unit: the level above decides
    own_desk = _user_with(Role.SECRETARIAT, j.commune_a, "desk_a")
    for user in (unit_head_a, own_desk):
        client.force_login(user)
        assert client.get(_page(j.commune_a)).status_code == 404
        assert client.post(_page(j.commune_a), {"action": "apply"}).status_code == 404


def _form(j, **extra):
    return {
        "operation": "merge",
        "others": [j.commune_b.pk],
        "name": "Ủy ban nhân dân xã Bình Sơn",
        "parent": "",
        "effective": "01/07/2025",
        **extra,
    }


def test_preview_then_apply_on_the_page(client, jurisdiction, secretariat, merger):
    j = jurisdiction
    client.force_login(secretariat)
    html = client.post(_page(j.commune_a), _form(j, action="preview")).content.decode()
    assert "Cá nhân chuyển sang (2)" in html
    assert "Bản Nà Đon" in html  # the sub-unit that moves
    assert "Cụm 2026" in html
    assert "Phân quyền trên đơn vị cũ" not in html  # nobody holds a role on the communes here
    assert 'value="apply"' in html
    assert not Unit.objects.filter(name="Ủy ban nhân dân xã Bình Sơn").exists()
    versions = f"{j.commune_a.pk}:{j.commune_a.version},{j.commune_b.pk}:{j.commune_b.version}"
    response = client.post(_page(j.commune_a), _form(j, action="apply", versions=versions), follow=True)
    target = Unit.objects.get(name="Ủy ban nhân dân xã Bình Sơn")
    assert response.redirect_chain[-1][0] == target.get_absolute_url()
    html = response.content.decode()
    assert "Đã sắp xếp đơn vị" in html
    assert "Trước đây:" in html
    assert AuditEntry.objects.filter(action="units.unit.merged", actor=secretariat).count() == 2


def test_the_page_keeps_the_input_and_refuses_in_vietnamese(client, jurisdiction, secretariat, merger):
    j = jurisdiction
    client.force_login(secretariat)
    html = client.post(_page(j.commune_a), _form(j, action="preview", name="", others=[])).content.decode()
    assert "Sáp nhập cần ít nhất hai đơn vị" in html
    assert "Cần nhập tên đơn vị mới." in html
    assert 'value="01/07/2025"' in html  # input kept
    assert 'value="apply"' not in html  # nothing to apply
    stale = f"{j.commune_a.pk}:{j.commune_a.version},{j.commune_b.pk}:{j.commune_b.version}"
    Unit.objects.filter(pk=j.commune_b.pk).update(version=j.commune_b.version + 1)
    html = client.post(_page(j.commune_a), _form(j, action="apply", versions=stale)).content.decode()
    assert "vừa được người khác sửa" in html
    assert 'value="Ủy ban nhân dân xã Bình Sơn"' in html
    assert not Unit.objects.filter(name="Ủy ban nhân dân xã Bình Sơn").exists()
    assert Person.objects.filter(unit=j.commune_a).count() == 1
