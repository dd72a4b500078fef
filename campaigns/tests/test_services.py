from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns import selectors, services
from campaigns.models import Campaign, Registration, Target
from core.models import AuditEntry, Notification
from core.roles import Role
from units.tests.factories import BlocFactory, BlocMembershipFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def test_transition_table_is_enforced_and_audited(campaign, secretariat):
    with pytest.raises(
        ValidationError, match="Không thể chuyển phong trào thi đua từ “Dự thảo” sang “Đã kết thúc”"
    ):
        services.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, by=secretariat)
    services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=secretariat)
    services.campaign_transition(campaign=campaign, to=Campaign.Status.INTERIM_REVIEW, by=secretariat)
    services.campaign_transition(campaign=campaign, to=Campaign.Status.FINAL_REVIEW, by=secretariat)
    services.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, by=secretariat)
    actions = list(
        AuditEntry.objects.filter(target_id=str(campaign.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "campaigns.campaign.launched",
        "campaigns.campaign.interim_review",
        "campaigns.campaign.final_review",
        "campaigns.campaign.closed",
    ]


def test_launch_notifies_the_participating_units_heads(
    campaign, secretariat, unit_head_a, unit_head_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=secretariat)
    assert Notification.objects.filter(recipient=unit_head_a, kind="campaign.launched").count() == 1
    assert Notification.objects.filter(recipient=unit_head_b, kind="campaign.launched").count() == 1
    assert not Notification.objects.filter(recipient=secretariat).exists()


def test_launch_without_participants_is_refused(jurisdiction, secretariat):
    from campaigns.tests.factories import CampaignFactory

    empty = CampaignFactory(launching_unit=jurisdiction.district)
    with pytest.raises(ValidationError, match="Chưa chọn đơn vị"):
        services.campaign_transition(campaign=empty, to=Campaign.Status.LAUNCHED, by=secretariat)


def test_bloc_members_participate(jurisdiction, secretariat, campaign):
    bloc = BlocFactory(organiser=jurisdiction.district)
    BlocMembershipFactory(bloc=bloc, unit=jurisdiction.office)
    campaign.participants.set([])
    campaign.participant_blocs.set([bloc])
    assert list(selectors.participating_units(campaign)) == [jurisdiction.office]


def test_unit_head_cannot_manage_campaign(campaign, unit_head_a):
    with pytest.raises(ValidationError):
        services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=unit_head_a)


def test_target_value_cannot_be_negative_in_database(campaign):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(campaign=campaign, name="x", unit_of_measure="%", value=Decimal("-1"))


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # depends on today: after the 1/7/2025 reform, in 2026
def test_clone_copies_targets_participants_and_shifts_dates(campaign, secretariat):
    campaign.period_start, campaign.period_end = date(2026, 1, 1), date(2026, 12, 31)
    campaign.save()
    clone = services.campaign_clone(campaign=campaign, by=secretariat)
    assert clone.year == 2027
    assert clone.status == Campaign.Status.DRAFT
    assert clone.period_end == date(2027, 12, 31)
    assert clone.cloned_from == campaign
    assert list(clone.targets.values_list("name", "value")) == list(
        campaign.targets.values_list("name", "value")
    )
    assert set(clone.participants.all()) == set(campaign.participants.all())
    assert "2027" in clone.title


def _register(launched, user, unit, **kw):
    reg = services.registration_start(campaign=launched, unit=unit, by=user)
    target = launched.targets.first()
    return services.registration_save(
        registration=reg, by=user, version=reg.version, commitments={target.pk: Decimal("3200")}, **kw
    )


def test_registration_flow_submit_approve(launched, jurisdiction, unit_head_a, secretariat):
    person = PersonFactory(unit=jurisdiction.village_a)
    reg = _register(
        launched,
        unit_head_a,
        jurisdiction.commune_a,
        collective_title="advanced_collective",
        individuals=[(person, "advanced_worker")],
    )
    reg = services.registration_submit(registration=reg, by=unit_head_a)
    assert reg.status == Registration.Status.SUBMITTED
    reg = services.registration_approve(registration=reg, by=secretariat)
    assert reg.status == Registration.Status.APPROVED
    assert reg.commitments.get().value == Decimal("3200")
    assert reg.individuals.get().person == person


def test_unit_head_cannot_register_for_another_unit(launched, jurisdiction, unit_head_a):
    with pytest.raises(ValidationError, match="không phụ trách"):
        services.registration_start(campaign=launched, unit=jurisdiction.commune_b, by=unit_head_a)


def test_registration_after_deadline_is_refused(launched, jurisdiction, unit_head_a):
    reg = services.registration_start(campaign=launched, unit=jurisdiction.commune_a, by=unit_head_a)
    late = timezone.now() + timedelta(days=11)
    with pytest.raises(ValidationError, match="Đã quá hạn đăng ký thi đua"):
        services.registration_save(registration=reg, by=unit_head_a, version=reg.version, now=late)
    with pytest.raises(ValidationError, match="Đã quá hạn"):
        services.registration_submit(registration=reg, by=unit_head_a, now=late)


def test_return_needs_a_reason_and_allows_resubmission(launched, jurisdiction, unit_head_a, secretariat):
    reg = services.registration_submit(
        registration=_register(launched, unit_head_a, jurisdiction.commune_a), by=unit_head_a
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_return(registration=reg, by=secretariat, reason="  ")
    assert exc.value.message_dict == {"reason": ["Phải ghi lý do trả lại."]}
    reg = services.registration_return(
        registration=reg, by=secretariat, reason="Thiếu chỉ tiêu thu ngân sách"
    )
    assert reg.status == Registration.Status.RETURNED
    target = launched.targets.first()
    reg = services.registration_save(
        registration=reg, by=unit_head_a, version=reg.version, commitments={target.pk: Decimal("3300")}
    )
    assert (
        services.registration_submit(registration=reg, by=unit_head_a).status == Registration.Status.SUBMITTED
    )
    entry = AuditEntry.objects.get(action="campaigns.registration.returned")
    assert entry.data["reason"] == "Thiếu chỉ tiêu thu ngân sách"


def test_database_refuses_returned_registration_without_reason(launched, jurisdiction):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(campaign=launched, unit=jurisdiction.commune_a, status="returned")


def test_concurrent_edit_is_a_conflict_not_a_silent_overwrite(launched, jurisdiction, unit_head_a):
    clerk = RoleGrantFactory(unit=jurisdiction.commune_a, role=Role.UNIT_CLERK).user
    reg = services.registration_start(campaign=launched, unit=jurisdiction.commune_a, by=unit_head_a)
    loaded_version = reg.version
    services.registration_save(
        registration=reg, by=unit_head_a, version=loaded_version, pledge="Bản của trưởng"
    )
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        services.registration_save(
            registration=reg, by=clerk, version=loaded_version, pledge="Bản của cán bộ"
        )
    reg.refresh_from_db()
    assert reg.pledge == "Bản của trưởng"


def test_tracker_lists_units_without_registration(launched, jurisdiction, unit_head_a):
    services.registration_submit(
        registration=_register(launched, unit_head_a, jurisdiction.commune_a), by=unit_head_a
    )
    rows = {u.name: u.registration_status for u in selectors.registration_tracker(launched)}
    assert rows == {jurisdiction.commune_a.name: "submitted", jurisdiction.commune_b.name: None}


def test_unit_sees_only_launched_campaigns_it_takes_part_in(campaign, launched, jurisdiction, unit_head_a):
    from campaigns.tests.factories import CampaignFactory

    other = CampaignFactory(launching_unit=jurisdiction.district, status=Campaign.Status.LAUNCHED)
    draft = CampaignFactory(launching_unit=jurisdiction.district)
    draft.participants.set([jurisdiction.commune_a])
    visible = set(selectors.campaigns_visible_to(unit_head_a))
    assert launched in visible
    assert other not in visible
    assert draft not in visible
