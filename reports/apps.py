from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Báo cáo, đôn đốc"

    def ready(self):
        from reports import (
            notices,  # noqa: F401  (registers its notification rules)
            reorganisation,
        )
        from units.reorganisation import register_successor_handler

        register_successor_handler(
            key="report_obligations",
            preview=reorganisation.obligations_preview,
            apply=reorganisation.obligations_apply,
        )
