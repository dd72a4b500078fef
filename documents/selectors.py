"""Reads for the documents pages, scoped by the issuing body's jurisdiction (documents.permissions).

Drafts, render jobs, issued documents, downloads and blank-certificate prints all go through
these gates, so another jurisdiction's object answers 404 like a missing one.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.search import fold_diacritics
from documents.models import CertificateLayout, DocType, DocumentDraft, IssuedDocument, RenderJob
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


def initials(name: str) -> str:
    """ "Nguyễn Văn Đức" -> "N. V. Đ." (the public verification page's form of a name)."""
    return " ".join(f"{word[0].upper()}." for word in (name or "").split() if word[0].isalpha())


def public_subject(document: IssuedDocument) -> str:
    """The trích yếu as the public verification page shows it.

    Decision, plans, letters: their trích yếu, as published. A certificate (Giấy khen) names one
    person: the page gives only the initials of the name, which whoever holds the paper can
    match and whoever guesses codes learns little from (issue 15; README, "Verification page").
    """
    if document.doc_type == DocType.CERTIFICATE:
        name = (document.context or {}).get("recipient_name", "")
        return _("Giấy khen tặng %(initials)s") % {"initials": initials(name)} if name else _("Giấy khen")
    return document.subject


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
