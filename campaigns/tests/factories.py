from decimal import Decimal

import factory

from campaigns.models import Campaign, Target
from units.tests.factories import UnitFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Phong trào thi đua số {n} năm 2026")
    year = 2026
    launching_unit = factory.SubFactory(UnitFactory)
    kind = Campaign.Kind.REGULAR


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit_of_measure = "tỷ đồng"
    value = Decimal("3130.5")
