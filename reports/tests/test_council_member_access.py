"""Council members read only what their role needs (issue 10 item 6, README "Roles").

They see the jurisdiction's campaigns and report rounds (public plans), the sessions they are
invited to and the dossiers on those agendas — not the units' registrations, report submissions
or attachments, which stay with the units, the desk and the signer.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services as campaign_services
from core.tests.test_uploads import PDF
from reports import services

pytestmark = pytest.mark.django_db


def test_council_member_gets_404_on_units_submissions_and_attachments(
    client, rnd, jurisdiction, unit_head_a, council_member, secretariat
):
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    attachment = services.attachment_add(
        submission=sub, by=unit_head_a, upload=SimpleUploadedFile("bc.pdf", PDF)
    )
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    sub = services.submission_save(
        submission=sub,
        by=unit_head_a,
        version=sub.version,
        narrative="Kết quả",
        figures={target.pk: Decimal(125)},
    )
    services.submission_submit(submission=sub, by=unit_head_a)
    client.force_login(council_member)
    assert client.get(reverse("reports:round-detail", args=[rnd.pk])).status_code == 200
    assert client.get(reverse("reports:submission-detail", args=[sub.pk])).status_code == 404
    assert client.get(reverse("reports:attachment-download", args=[attachment.pk])).status_code == 404
    client.force_login(secretariat)
    assert client.get(reverse("reports:submission-detail", args=[sub.pk])).status_code == 200
    assert client.get(reverse("reports:attachment-download", args=[attachment.pk])).status_code == 200


def test_council_member_gets_404_on_a_units_registration(
    client, campaign, jurisdiction, unit_head_a, council_member
):
    campaign.participants.add(jurisdiction.commune_a)
    if campaign.status == "draft":
        campaign_services.campaign_transition(campaign=campaign, to="launched", by=_desk(jurisdiction))
    reg = campaign_services.registration_start(campaign=campaign, unit=jurisdiction.commune_a, by=unit_head_a)
    client.force_login(council_member)
    assert client.get(reverse("campaigns:campaign-detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("campaigns:registration-detail", args=[reg.pk])).status_code == 404


def _desk(jurisdiction):
    from core.roles import Role
    from units.tests.factories import RoleGrantFactory, UserFactory

    desk = UserFactory(username="desk_for_launch")
    RoleGrantFactory(user=desk, unit=jurisdiction.district, role=Role.SECRETARIAT)
    return desk
