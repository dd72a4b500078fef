from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Báo cáo, đôn đốc"

    def ready(self):
        from core import caching
        from reports import (
            notices,  # noqa: F401  (registers its notification rules)
            reorganisation,
        )
        from reports.models import ReportRound, ReportSubmission, SubmissionFigure
        from units.reorganisation import register_successor_handler

        # Cached aggregates (dashboard, tracker, round page, cockpit) follow these tables; a
        # round's units (M2M, no save signal) are counted as a change of ReportRound by the
        # writers, which bump it.
        caching.track(ReportRound, ReportSubmission, SubmissionFigure)

        register_successor_handler(
            key="report_obligations",
            preview=reorganisation.obligations_preview,
            apply=reorganisation.obligations_apply,
        )
