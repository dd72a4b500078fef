from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory, TargetFactory
from core.roles import Role
from reports import services
from units.tests.factories import RoleGrantFactory, UserFactory


@pytest.fixture
def campaign(jurisdiction):
    c = CampaignFactory(launching_unit=jurisdiction.district, status=Campaign.Status.LAUNCHED)
    c.participants.set([jurisdiction.commune_a, jurisdiction.commune_b])
    TargetFactory(campaign=c, name="Thu ngân sách", unit_of_measure="tỷ đồng", value="120", order=1)
    TargetFactory(
        campaign=c, name="Tỷ lệ hộ nghèo", unit_of_measure="%", value="3", direction="at_most", order=2
    )
    return c


@pytest.fixture
def secretariat(jurisdiction):
    user = UserFactory(username="noivu", email="noivu@example.vn", full_name="Lò Thị Hương")
    RoleGrantFactory(user=user, unit=jurisdiction.district, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def unit_head_a(jurisdiction):
    user = UserFactory(username="head_a", email="head_a@example.vn", full_name="Tao Văn Dơ")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_a, role=Role.UNIT_HEAD)
    return user


@pytest.fixture
def clerk_a(jurisdiction):
    user = UserFactory(username="clerk_a", email="clerk_a@example.vn", full_name="Vàng Thị Say")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_a, role=Role.UNIT_CLERK)
    return user


@pytest.fixture
def unit_head_b(jurisdiction):
    user = UserFactory(username="head_b", email="head_b@example.vn", full_name="Giàng A Chử")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_b, role=Role.UNIT_HEAD)
    return user


@pytest.fixture
def rnd(campaign, secretariat):
    """An open round: deadline in 10 days, both communes must report."""
    return services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo sơ kết 6 tháng",
        kind="interim",
        opens_at=timezone.now() - timedelta(days=20),
        deadline=timezone.now() + timedelta(days=10),
    )
