from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, Registration, Target
from campaigns.tests.factories import CampaignFactory, TargetFactory
from units.tests.factories import UnitFactory

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(launched, jurisdiction, unit_head_a):
    reg = services.registration_start(campaign=launched, unit=jurisdiction.commune_a, by=unit_head_a)
    reg = services.registration_save(
        registration=reg,
        by=unit_head_a,
        version=reg.version,
        commitments={launched.targets.first().pk: Decimal("3200")},
    )
    return services.registration_submit(registration=reg, by=unit_head_a)


def test_campaign_pages_for_secretariat(client, launched, secretariat):
    client.force_login(secretariat)
    assert launched.title in client.get(reverse("campaigns:campaign-list")).content.decode()
    for tab in ("contents", "targets", "participants", "registrations", "documents", "history"):
        response = client.get(reverse("campaigns:campaign-detail", args=[launched.pk]), {"tab": tab})
        assert response.status_code == 200, tab
    html = client.get(
        reverse("campaigns:campaign-detail", args=[launched.pk]), {"tab": "targets"}
    ).content.decode()
    assert "3.130,5" in html


MANAGE_GETS = ["campaigns:campaign-create", "campaigns:campaign-import"]
MANAGE_OBJ_GETS = ["campaigns:campaign-update", "campaigns:document-create"]
MANAGE_OBJ_POSTS = [
    ("campaigns:campaign-clone", []),
    ("campaigns:target-create", []),
    ("campaigns:campaign-transition", ["final_review"]),
]


@pytest.mark.parametrize("name", MANAGE_GETS)
def test_manage_pages_denied_to_unit_head(client, launched, unit_head_a, secretariat, name):
    client.force_login(unit_head_a)
    assert client.get(reverse(name)).status_code == 404
    client.force_login(secretariat)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", MANAGE_OBJ_GETS)
def test_manage_object_pages_denied_to_unit_head(client, launched, unit_head_a, secretariat, name):
    url = reverse(name, args=[launched.pk])
    client.force_login(unit_head_a)
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "extra"), MANAGE_OBJ_POSTS)
def test_manage_actions_denied_to_unit_head(client, launched, unit_head_a, name, extra):
    client.force_login(unit_head_a)
    count = Campaign.objects.count()
    assert client.post(reverse(name, args=[launched.pk, *extra]), {"name": "x"}).status_code == 404
    assert Campaign.objects.count() == count
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.LAUNCHED


def test_target_update_denied_to_unit_head(client, launched, unit_head_a, secretariat):
    target = launched.targets.first()
    url = reverse("campaigns:target-update", args=[launched.pk, target.pk])
    client.force_login(unit_head_a)
    assert client.get(url).status_code == 404
    assert client.post(url, {"delete": "1"}).status_code == 404
    assert Target.objects.filter(pk=target.pk).exists()
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_campaign_of_another_district_is_404(client, secretariat):
    other = CampaignFactory(launching_unit=UnitFactory(name="Ủy ban nhân dân huyện Sìn Hồ"))
    client.force_login(secretariat)
    assert client.get(reverse("campaigns:campaign-detail", args=[other.pk])).status_code == 404


def test_unit_head_of_non_participating_unit_cannot_see_campaign(client, launched, jurisdiction):
    from core.roles import Role
    from units.tests.factories import RoleGrantFactory

    outsider = RoleGrantFactory(unit=jurisdiction.office, role=Role.UNIT_HEAD).user
    client.force_login(outsider)
    assert client.get(reverse("campaigns:campaign-detail", args=[launched.pk])).status_code == 404
    assert launched.title not in client.get(reverse("campaigns:my-campaigns")).content.decode()


def test_draft_campaign_hidden_from_units(client, campaign, unit_head_a):
    client.force_login(unit_head_a)
    assert client.get(reverse("campaigns:campaign-detail", args=[campaign.pk])).status_code == 404


def test_launch_through_confirmation(client, campaign, secretariat):
    client.force_login(secretariat)
    detail = client.get(reverse("campaigns:campaign-detail", args=[campaign.pk])).content.decode()
    assert "2 đơn vị tham gia" in detail
    url = reverse("campaigns:campaign-transition", args=[campaign.pk, "launched"])
    assert url in detail
    assert client.get(url).status_code == 405
    html = client.post(url).content.decode()
    assert "Đánh dấu xác nhận trước khi thực hiện." in html
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    client.post(url, {"confirm": "on"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert (
        client.post(reverse("campaigns:campaign-transition", args=[campaign.pk, "nope"])).status_code == 404
    )


def test_negative_and_malformed_target_values_keep_input(client, launched, secretariat):
    client.force_login(secretariat)
    url = reverse("campaigns:target-create", args=[launched.pk])
    for value, message in (("-5", "Giá trị không được âm."), ("3,1,2", "không phải là số hợp lệ")):
        html = client.post(
            url,
            {
                "name": "Thu hút đầu tư",
                "group": "economic",
                "unit_of_measure": "tỷ đồng",
                "value": value,
                "direction": "reach",
            },
        ).content.decode()
        assert message in html
        assert 'value="Thu hút đầu tư"' in html
        assert f'value="{value}"' in html
    assert not Target.objects.filter(name="Thu hút đầu tư").exists()
    client.post(
        url,
        {
            "name": "Thu hút đầu tư",
            "group": "economic",
            "unit_of_measure": "tỷ đồng",
            "value": "3.130,5",
            "direction": "reach",
        },
    )
    assert Target.objects.get(name="Thu hút đầu tư").value == Decimal("3130.5")


def test_unit_head_registers_through_the_form(client, launched, jurisdiction, unit_head_a):
    client.force_login(unit_head_a)
    url = reverse("campaigns:registration-edit", args=[launched.pk, jurisdiction.commune_a.pk])
    html = client.get(url).content.decode()
    assert "Đăng ký thi đua: " + jurisdiction.commune_a.name in html
    reg = Registration.objects.get(campaign=launched, unit=jurisdiction.commune_a)
    # "Gửi đăng ký" posts the same form to the registration's one transition URL
    send = reverse("campaigns:registration-transition", args=[reg.pk, "submitted"])
    assert f'formaction="{send}">Gửi đăng ký</button>' in html
    target = launched.targets.first()
    response = client.post(
        send,
        {
            "version": reg.version,
            "collective_title": "advanced_collective",
            f"target_{target.pk}": "3.200",
        },
    )
    assert response.status_code == 302
    assert response.url == reg.get_absolute_url()
    reg.refresh_from_db()
    assert reg.status == Registration.Status.SUBMITTED
    assert reg.commitments.get().value == Decimal("3200")


def test_registration_form_for_other_unit_is_404(client, launched, jurisdiction, unit_head_a):
    client.force_login(unit_head_a)
    url = reverse("campaigns:registration-edit", args=[launched.pk, jurisdiction.commune_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": 1}).status_code == 404


def test_late_registration_shows_error_and_keeps_input(client, launched, jurisdiction, unit_head_a):
    client.force_login(unit_head_a)
    url = reverse("campaigns:registration-edit", args=[launched.pk, jurisdiction.commune_a.pk])
    client.get(url)
    Campaign.objects.filter(pk=launched.pk).update(
        registration_deadline=timezone.localdate() - timedelta(days=1)
    )
    reg = Registration.objects.get(campaign=launched, unit=jurisdiction.commune_a)
    target = launched.targets.first()
    html = client.post(
        reverse("campaigns:registration-transition", args=[reg.pk, "submitted"]),
        {"version": reg.version, "pledge": "Cam kết của xã", f"target_{target.pk}": "3.200"},
    ).content.decode()
    assert "Đăng ký thi đua: " + jurisdiction.commune_a.name in html  # the edit page again
    assert "Đã quá hạn đăng ký thi đua" in html
    assert "Cam kết của xã" in html
    assert 'value="3.200"' in html
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DRAFT


def test_registration_detail_and_decision_permissions(
    client, registration, unit_head_a, unit_head_b, secretariat
):
    url = reverse("campaigns:registration-detail", args=[registration.pk])
    approve = reverse("campaigns:registration-transition", args=[registration.pk, "approved"])
    give_back = reverse("campaigns:registration-transition", args=[registration.pk, "returned"])
    client.force_login(unit_head_b)
    assert client.get(url).status_code == 404
    client.force_login(unit_head_a)
    assert client.get(url).status_code == 200
    assert client.post(approve).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    client.force_login(secretariat)
    html = client.post(give_back, {"reason": ""}).content.decode()
    assert "Phải ghi lý do trả lại." in html
    client.post(approve)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED


def test_campaign_form_keeps_input_on_error(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = client.post(
        reverse("campaigns:campaign-create"),
        {
            "title": "Phong trào thi đua chào mừng Đại hội",
            "kind": "thematic",
            "year": "2026",
            "launching_unit": jurisdiction.district.pk,
            "period_start": "01/06/2026",
            "period_end": "01/05/2026",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-heading": "Thi đua lao động sản xuất",
            "sections-0-body": "Nội dung",
        },
    ).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert "Phong trào thi đua chào mừng Đại hội" in html
    assert 'value="Thi đua lao động sản xuất"' in html
    assert not Campaign.objects.filter(title__startswith="Phong trào thi đua chào mừng").exists()


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


def test_campaign_list_query_count_is_constant(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    url = reverse("campaigns:campaign-list")
    for _ in range(10):
        TargetFactory(campaign=CampaignFactory(launching_unit=jurisdiction.district))
    _queries(client, url)
    few = _queries(client, url)
    for _ in range(90):
        TargetFactory(campaign=CampaignFactory(launching_unit=jurisdiction.district))
    assert _queries(client, url) == few


def test_registration_tracker_query_count_is_constant(client, launched, jurisdiction, secretariat):
    client.force_login(secretariat)
    url = reverse("campaigns:campaign-detail", args=[launched.pk])

    def grow(n):
        units = [
            UnitFactory(parent=jurisdiction.district, level=jurisdiction.commune_a.level) for _ in range(n)
        ]
        launched.participants.add(*units)

    grow(10)
    _queries(client, url, {"tab": "registrations"})
    few = _queries(client, url, {"tab": "registrations"})
    grow(90)
    assert _queries(client, url, {"tab": "registrations"}) == few


def test_home_page_lists_campaigns_for_unit_and_secretariat(
    client, launched, unit_head_a, unit_head_b, secretariat
):
    client.force_login(unit_head_a)
    html = client.get(reverse("home")).content.decode()
    assert launched.title in html
    assert "chưa đăng ký" in html
    client.force_login(secretariat)
    assert launched.title in client.get(reverse("home")).content.decode()
    other = CampaignFactory(launching_unit=UnitFactory(), status=Campaign.Status.LAUNCHED)
    client.force_login(unit_head_b)
    assert other.title not in client.get(reverse("home")).content.decode()


def test_remaining_pages_denied_cases(client, launched, unit_head_a, secretariat, no_role_user):
    transition = reverse("campaigns:campaign-transition", args=[launched.pk, "final_review"])
    client.force_login(unit_head_a)
    assert client.post(transition).status_code == 404
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.LAUNCHED
    assert (
        client.post(
            reverse("campaigns:document-create", args=[launched.pk]), {"doc_type": "ke_hoach"}
        ).status_code
        == 404
    )
    assert not launched.documents.exists()
    assert client.get(reverse("campaigns:my-campaigns")).status_code == 200
    client.force_login(secretariat)
    assert client.get(reverse("campaigns:my-campaigns")).status_code == 404
    assert client.get(transition).status_code == 405
    interim = reverse("campaigns:campaign-transition", args=[launched.pk, "interim_review"])
    assert client.post(interim).status_code == 302
    launched.refresh_from_db()
    assert launched.status == Campaign.Status.INTERIM_REVIEW
    client.force_login(no_role_user)
    for url in (reverse("campaigns:campaign-list"), reverse("campaigns:campaign-detail", args=[launched.pk])):
        assert client.get(url).status_code == 404


def test_only_the_unit_sends_its_registration_and_saving_does_not_send(
    client, launched, jurisdiction, unit_head_a, unit_head_b, secretariat
):
    client.force_login(unit_head_a)
    url = reverse("campaigns:registration-edit", args=[launched.pk, jurisdiction.commune_a.pk])
    client.get(url)
    reg = Registration.objects.get(campaign=launched, unit=jurisdiction.commune_a)
    data = {"version": reg.version, "collective_title": "advanced_collective"}
    # "Lưu nháp" on the edit URL saves and does not send, whatever else the form carries
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    reg.refresh_from_db()
    assert (reg.status, reg.collective_title) == (Registration.Status.DRAFT, "advanced_collective")
    send = reverse("campaigns:registration-transition", args=[reg.pk, "submitted"])
    for other in (unit_head_b, secretariat):  # another unit; the desk deciding it
        client.force_login(other)
        assert client.post(send, {**data, "version": reg.version}).status_code == 404
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DRAFT
    assert client.get(send).status_code == 405
