"""Reads for the documents pages, scoped by the issuing body's jurisdiction (documents.permissions).

Drafts, render jobs, issued documents, downloads and blank-certificate prints all go through
these gates, so another jurisdiction's object answers 404 like a missing one.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.search import fold_diacritics
from documents.models import CertificateLayout, DocumentDraft, IssuedDocument, RenderJob
from documents.permissions import jurisdiction_q


def issued_document_list_for_user(*, user, search: str = "") -> QuerySet[IssuedDocument]:
    """Issued documents, filtered by a folded `search`, newest first."""
    qs = IssuedDocument.objects.select_related("annulment", "superseded_by", "issued_by").filter(
        jurisdiction_q(user)
    )
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    return qs.order_by("-date", "-pk")


def issued_document_get_for_user(*, user, pk: int) -> IssuedDocument:
    """Issued document `pk` (with what it supersedes), else Http404."""
    return get_object_or_404(issued_document_list_for_user(user=user).select_related("supersedes"), pk=pk)


def issued_document_get_by_code(*, code: str) -> IssuedDocument | None:
    """The public verification lookup (no login). Codes are case-insensitive."""
    return (
        IssuedDocument.objects.select_related("annulment", "superseded_by", "supersedes")
        .filter(verification_code=(code or "").strip().upper()[:16])
        .first()
    )


def draft_list_for_user(*, user, search: str = "") -> QuerySet[DocumentDraft]:
    """Document drafts, filtered by a folded `search`, newest first."""
    qs = DocumentDraft.objects.select_related("created_by", "issued_document").filter(jurisdiction_q(user))
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    return qs.order_by("-created_at", "-pk")


def draft_get_for_user(*, user, pk: int) -> DocumentDraft:
    """Draft `pk`, else Http404."""
    return get_object_or_404(draft_list_for_user(user=user), pk=pk)


def render_job_get_for_user(*, user, pk: int) -> RenderJob:
    """Render job `pk` with its draft and issued document, else Http404."""
    return get_object_or_404(
        RenderJob.objects.select_related("draft", "issued_document").filter(
            jurisdiction_q(user, "draft__issuing_body")
        ),
        pk=pk,
    )


def certificate_layout_get(*, pk=None) -> CertificateLayout | None:
    """The chosen blank layout, else the default one, else None (built-in positions)."""
    if pk and str(pk).isdigit():
        return get_object_or_404(CertificateLayout, pk=pk)
    return CertificateLayout.objects.filter(is_default=True).first()
