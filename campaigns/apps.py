from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        from campaigns import (
            notices,  # noqa: F401  (registers its notification rules)
            reorganisation,
        )
        from campaigns.models import Campaign, Commitment, Registration, Target, TargetAssignment
        from core import caching
        from documents.addressing import register_addressee_resolver
        from units.reorganisation import register_successor_handler

        # Cached aggregates (dashboard, round page, tracker) follow these tables; participants
        # (M2M) are bumped by their writers as a change of Campaign.
        caching.track(Campaign, Registration, Target, TargetAssignment, Commitment)
        # A campaign's plan (Kế hoạch) is sent to the units taking part.
        register_addressee_resolver(
            "campaigns.campaign", lambda campaign: [(u, []) for u in campaign.participants.order_by("path")]
        )
        register_successor_handler(
            key="registrations",
            preview=reorganisation.registrations_preview,
            apply=reorganisation.registrations_apply,
        )
