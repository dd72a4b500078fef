from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        from campaigns import reorganisation
        from units.reorganisation import register_successor_handler

        register_successor_handler(
            key="registrations",
            preview=reorganisation.registrations_preview,
            apply=reorganisation.registrations_apply,
        )
