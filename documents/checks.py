from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def pdf_margins_check(app_configs, **kwargs):
    from documents.conf import page_margins

    try:
        page_margins()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="documents.E001")]
    return []
