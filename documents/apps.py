from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Văn bản ban hành"

    def ready(self):
        from core import caching
        from documents import (
            checks,  # noqa: F401  (registers the system checks)
            notices,  # noqa: F401  (registers its notification rules)
        )
        from documents.models import DocumentDraft, IssuingBody

        caching.track(DocumentDraft, IssuingBody)  # the home page's cached panels (thidua/cockpit.py)
