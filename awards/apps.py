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
            ConferringAuthority,
            DisciplineRecord,
            Household,
            Initiative,
            ReviewFreeze,
            RuleParameter,
            RuleSet,
            TaskRating,
        )
        from awards.rules import rulebook_tables
        from core import caching
        from units.reorganisation import register_successor_handler

        # Cached aggregates over the register (dashboard, statistics, fairness) follow its changes.
        caching.track(AwardRecord, AwardAnnulment, AwardKind, Household, TaskRating)
        # ... and so do the "who is due" rows (the eligibility engine's histories and rule book).
        caching.track(Initiative, DisciplineRecord, ReviewFreeze)
        caching.track(RuleSet, RuleParameter, AwardCoefficient, ConferringAuthority)
        caching.track(*rulebook_tables())  # the rule book itself is cached (awards.rules)

        register_successor_handler(
            key="award_history", preview=reorganisation.history_preview, apply=reorganisation.history_apply
        )
