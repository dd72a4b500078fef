from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Hệ thống"

    def ready(self):
        from core import auth_events

        auth_events.connect()
