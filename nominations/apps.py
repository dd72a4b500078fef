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
        from nominations.models import (
            Council,
            CouncilSession,
            DecisionLine,
            DossierDocument,
            Nomination,
            NominationBatch,
        )
        from nominations.services.issuing import connect_signals

        connect_signals()
        # Cached aggregates (dashboard money and quota charts, the batch page's verdicts and
        # dossier check, the home page's panels) follow these tables.
        caching.track(Council, CouncilSession, DecisionLine, DossierDocument, Nomination, NominationBatch)
        register_addressee_resolver("nominations.decision", decision_addressees)
