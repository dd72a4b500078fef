"""Reads for the documents pages, scoped by the issuing body's jurisdiction (documents.permissions).

Drafts, render jobs, issued documents, downloads and blank-certificate prints all go through
these gates, so another jurisdiction's object answers 404 like a missing one.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.search import fold_diacritics
from documents.models import CertificateLayout, DocType, DocumentDraft, IssuedDocument, RenderJob
from documents.permissions import issued_visibility_q, jurisdiction_q
from units import permissions as authority


def issued_document_list_for_user(*, user, search: str = "") -> QuerySet[IssuedDocument]:
    """Issued documents `user` may open (its jurisdiction's, and those addressed to its units),
    filtered by a folded `search`, newest first."""
    qs = IssuedDocument.objects.select_related("annulment", "superseded_by", "issued_by").filter(
        issued_visibility_q(user)
    )
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    return qs.order_by("-date", "-pk")


def issued_document_get_for_user(*, user, pk: int, issuer_only: bool = False) -> IssuedDocument:
    """Issued document `pk` (with what it supersedes) if `user` may open it, else Http404.

    `issuer_only`: only the issuing body's jurisdiction (e.g. printing certificates on blanks),
    not the units it was addressed to."""
    qs = issued_document_list_for_user(user=user)
    if issuer_only:
        qs = qs.filter(jurisdiction_q(user))
    return get_object_or_404(qs.select_related("supersedes"), pk=pk)


def issued_document_get_by_code(*, code: str) -> IssuedDocument | None:
    """The public verification lookup (no login). Codes are case-insensitive."""
    return (
        IssuedDocument.objects.select_related("annulment", "superseded_by", "supersedes")
        .filter(verification_code=(code or "").strip().upper()[:16])
        .first()
    )


def current_document_of(source, *, doc_type: str) -> IssuedDocument | None:
    """The valid (not annulled, not superseded) document of `doc_type` issued for `source`."""
    from django.contrib.contenttypes.models import ContentType

    candidates = IssuedDocument.objects.filter(
        source_type=ContentType.objects.get_for_model(source, for_concrete_model=False),
        source_id=str(source.pk),
        doc_type=doc_type,
        annulment__isnull=True,
        superseded_by__isnull=True,
    )
    return candidates.order_by("-issued_at", "-pk").first()


def later_decisions_of(document: IssuedDocument | None) -> list[IssuedDocument]:
    """Decisions issued later about the same matter (same source), e.g. an annulment decision
    for lines of an award decision: shown on the original's pages and its verification page."""
    if document is None or not document.source_type_id:
        return []
    return list(
        IssuedDocument.objects.filter(
            source_type_id=document.source_type_id,
            source_id=document.source_id,
            doc_type=document.doc_type,
            issued_at__gt=document.issued_at,
        )
        .exclude(pk=document.pk)
        .order_by("date", "pk")
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
    """Drafts of the issuing bodies in the user's jurisdiction (desk and signers: a signer reads
    what is being prepared; only the one it is submitted to signs), by folded `search`, newest first."""
    qs = DocumentDraft.objects.select_related(
        "created_by", "issued_document", "signer", "issuing_body__unit"
    ).filter(jurisdiction_q(user))
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    return qs.order_by("-created_at", "-pk")


def draft_get_for_user(*, user, pk: int) -> DocumentDraft:
    """Draft `pk`, else Http404."""
    return get_object_or_404(draft_list_for_user(user=user), pk=pk)


def drafts_awaiting_signature(*, user) -> QuerySet[DocumentDraft]:
    """What waits for this signer's signature (the signer's home page)."""
    return (
        DocumentDraft.objects.filter(status=DocumentDraft.Status.SUBMITTED, signer=user)
        .select_related("submitted_by")
        .order_by("submitted_at", "pk")
    )


def render_job_get_for_user(*, user, pk: int) -> RenderJob:
    """Render job `pk` with its draft and issued document, else Http404."""
    return get_object_or_404(
        RenderJob.objects.select_related("draft", "issued_document").filter(
            draft__in=draft_list_for_user(user=user)
        ),
        pk=pk,
    )


def certificate_layout_get(*, pk=None) -> CertificateLayout | None:
    """The chosen blank layout, else the default one, else None (built-in positions)."""
    if pk and str(pk).isdigit():
        return get_object_or_404(CertificateLayout, pk=pk)
    return CertificateLayout.objects.filter(is_default=True).first()


def drafts_to_submit(user) -> QuerySet[DocumentDraft]:
    """Drafts still being prepared in the desk's jurisdiction (secretariat of the issuing body's
    unit or above; all for admins), oldest first: the secretariat submits them for signature
    (issue 16 item 1). QuerySet."""
    if not authority.holds_any(user, authority.DESK_ROLES):
        return DocumentDraft.objects.none()
    desk = authority.subtree_q("issuing_body__unit", authority.paths_where(user, authority.DESK_ROLES))
    return (
        DocumentDraft.objects.filter(desk, status=DocumentDraft.Status.DRAFT)
        .select_related("issuing_body")
        .order_by("created_at", "pk")
    )
