from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory, TargetFactory


@pytest.fixture
def campaign(jurisdiction, secretariat):
    c = CampaignFactory(
        launching_unit=jurisdiction.district, registration_deadline=timezone.localdate() + timedelta(days=10)
    )
    c.participants.set([jurisdiction.commune_a, jurisdiction.commune_b])
    TargetFactory(campaign=c, name="Thu ngân sách", value="3130.5")
    TargetFactory(campaign=c, name="Tỷ lệ hộ nghèo giảm", unit_of_measure="%", value="3")
    return c


@pytest.fixture
def launched(campaign, secretariat):
    return services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=secretariat)
