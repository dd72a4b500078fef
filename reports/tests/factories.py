from datetime import timedelta

import factory
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory
from reports.models import ReminderPolicy, ReportRound


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRound
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    kind = ReportRound.Kind.INTERIM
    title = factory.Sequence(lambda n: f"Báo cáo sơ kết số {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))

    @factory.post_generation
    def policy(self, create, extracted, **kwargs):
        if create:
            ReminderPolicy.objects.create(round=self, days_before=[7, 1], **(extracted or {}))
