from django.apps import AppConfig


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = "Đơn vị, con người"

    def ready(self):
        from core import caching
        from units.models import Bloc, BlocMembership, Person, Unit

        caching.track(Person, Unit, Bloc, BlocMembership)
