from django.apps import AppConfig


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        from awards import reorganisation
        from awards.models import (
            AwardAnnulment,
            AwardCoefficient,
            AwardKind,
            AwardRecord,
            BaseSalary,
            Household,
            RuleParameter,
            RuleSet,
            TaskRating,
        )
        from core import caching
        from units.reorganisation import register_successor_handler

        # Cached aggregates over the register (dashboard, statistics, fairness) follow its changes.
        caching.track(
            AwardRecord,
            AwardAnnulment,
            AwardKind,
            Household,
            TaskRating,
            RuleSet,
            AwardCoefficient,
            RuleParameter,
            BaseSalary,
        )

        register_successor_handler(
            key="award_history", preview=reorganisation.history_preview, apply=reorganisation.history_apply
        )
