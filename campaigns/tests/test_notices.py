"""Registration transitions notify exactly the people who must act or should know (issue 16
item 2): one notification each, never the actor, with a link to the registration."""

import pytest
from django.urls import reverse

from campaigns import services
from core.models import Notification
from core.roles import Role
from units.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_a(jurisdiction):
    user = UserFactory(username="clerk_a")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_a, role=Role.UNIT_CLERK)
    return user


@pytest.fixture
def submitted(launched, jurisdiction, unit_head_a, clerk_a, django_capture_on_commit_callbacks):
    reg = services.registration_start(campaign=launched, unit=jurisdiction.commune_a, by=unit_head_a)
    reg.collective_title = "advanced_collective"
    reg.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(registration=reg, by=unit_head_a)
    return reg


def _url(reg):
    return reverse("campaigns:registration-detail", args=[reg.pk])


def test_submitted_notifies_the_launching_desk_once_not_the_unit(
    submitted, secretariat, unit_head_a, unit_head_b
):
    note = Notification.objects.get(recipient=secretariat)
    assert note.kind == "campaigns.registration.submitted"
    assert note.url == _url(submitted)
    assert "Ủy ban nhân dân xã Bình Lư" in note.title
    assert not Notification.objects.filter(recipient__in=[unit_head_a, unit_head_b]).exists()


def test_approved_notifies_the_units_staff_once_not_the_desk(
    submitted, secretariat, unit_head_a, clerk_a, unit_head_b, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve(registration=submitted, by=secretariat)
    assert set(Notification.objects.values_list("recipient__username", "kind", "url")) == {
        ("head_a", "campaigns.registration.approved", _url(submitted)),
        ("clerk_a", "campaigns.registration.approved", _url(submitted)),
    }


def test_returned_notifies_the_unit_with_the_reason(
    submitted, secretariat, unit_head_a, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_return(
            registration=submitted, by=secretariat, reason="Thiếu chỉ tiêu thu ngân sách"
        )
    note = Notification.objects.get(recipient=unit_head_a)
    assert note.kind == "campaigns.registration.returned"
    assert note.body == "Thiếu chỉ tiêu thu ngân sách"
    assert not Notification.objects.filter(recipient=secretariat).exists()
    # the clerk of commune A is told too; nobody twice
    assert Notification.objects.count() == 2


def test_resubmitted_after_a_return_notifies_the_desk_again_once(
    submitted, secretariat, unit_head_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_return(registration=submitted, by=secretariat, reason="Bổ sung")
    submitted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(registration=submitted, by=unit_head_a)
    assert (
        Notification.objects.filter(recipient=secretariat, kind="campaigns.registration.submitted").count()
        == 2
    )


def test_nobody_is_told_of_an_object_they_cannot_open_nor_of_their_own_act(
    submitted, secretariat, unit_head_a, unit_head_b, no_role_user, monkeypatch
):
    from campaigns.models import Registration
    from core import notifying

    def build(reg, data):
        return [notifying.Notice([unit_head_b, no_role_user, secretariat, unit_head_a], "T", "/x/", reg)]

    monkeypatch.setitem(
        notifying._RULES, ("campaigns.registration", "probe"), notifying._Rule("probe", build)
    )
    Notification.objects.all().delete()
    created = notifying.dispatch(
        model=Registration, pk=submitted.pk, name="probe", actor_id=unit_head_a.pk, key="k", data={}
    )
    # commune B's head and a user without a role cannot open commune A's registration; A's head acted
    assert created == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [secretariat.pk]
