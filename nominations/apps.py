from django.apps import AppConfig


class NominationsConfig(AppConfig):
    """The nomination workflow: batches, dossiers, appraisal, council sessions and ballots,
    decisions and their documents. Depends on `awards` (catalogue, rules, register), never the
    reverse. Its tables keep the `awards_` names they had before the split."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "nominations"
    verbose_name = "Đề nghị, xét và quyết định khen thưởng"

    def ready(self):
        from core import caching
        from documents.addressing import register_addressee_resolver
        from nominations import notices  # noqa: F401  (registers its notification rules)
        from nominations.addressing import decision_addressees
        from nominations.models import Council, CouncilSession, DecisionLine, Nomination, NominationBatch
        from nominations.services.issuing import connect_signals

        connect_signals()
        # Cached aggregates (dashboard money and quota charts) follow these tables.
        caching.track(DecisionLine, Nomination, NominationBatch)
        caching.track(Council, CouncilSession)  # the home page's cached panels (thidua/cockpit.py)
        register_addressee_resolver("nominations.decision", decision_addressees)
