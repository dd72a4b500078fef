from django.contrib import admin

from core.admin import ReadOnlyAdmin
from documents.models import (
    Annulment,
    CertificateLayout,
    DocumentDraft,
    IssuedDocument,
    IssuingBody,
    NumberCounter,
    RenderJob,
)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["symbol", "doc_type", "date", "issuer_name", "subject", "version"]
    list_filter = ["doc_type", "year", "issuer_code", "series"]
    search_fields = ["symbol", "subject", "verification_code"]


@admin.register(Annulment)
class AnnulmentAdmin(ReadOnlyAdmin):
    list_display = ["document", "annulled_at", "annulled_by"]


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ["issuing_body", "year", "doc_type", "series", "last_number"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    """Issuing bodies are configuration: name lines, place name, symbol, signer title."""

    list_display = ["name", "code", "kind", "unit", "place_name"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["unit"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.key = IssuingBody.make_key(obj.unit_id, obj.code)
        super().save_model(request, obj, form, change)


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ["draft", "kind", "status", "progress", "created_at"]


@admin.register(DocumentDraft)
class DocumentDraftAdmin(ReadOnlyAdmin):
    list_display = ["title", "doc_type", "created_by", "created_at", "issued_document"]


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(admin.ModelAdmin):
    """Staff calibrate the print-on-blank positions here (per field dx/dy, global offsets)."""

    list_display = ["name", "page_width_mm", "page_height_mm", "offset_x_mm", "offset_y_mm", "is_default"]
