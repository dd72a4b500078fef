"""Who may see and handle which documents (built on units.permissions).

A document, draft or render job belongs to its issuing body; the body belongs to a unit. The
desk and the signers (units.permissions.DOCUMENT_ROLES) of that unit or of a unit above it see
them; everyone else gets 404 (the selectors filter with :func:`jurisdiction_q`). Bodies without
a unit (recovered from old documents) are visible to administrators only.

An issued document is also visible to the units it was addressed to (``DocumentAddressee``:
Kính gửi / Nơi nhận / units listed in its annex): their staff open its page, read the lines
that concern them, and download it — a decision is sent whole to every unit it names ("Nơi
nhận: Như Điều 3"), so the download is the full document (:func:`issued_visibility_q`).

Separation of duties (issue 10 item 5): the secretariat prepares (soạn thảo) and submits for
signature (trình ký); only the signer it was submitted to — a holder of a signer role (chair, or
vice-chair signing "KT. CHỦ TỊCH") on the issuing body's unit — issues (ban hành) or returns the
draft. Nobody else, not even an administrator, issues in the signer's name.
"""

from django.db.models import Q

from documents.models import DocumentDraft, IssuedDocument, IssuingBody
from units import permissions as authority


def jurisdiction_q(user, body_field: str = "issuing_body") -> Q:
    """A Q keeping rows whose issuing body (reached through `body_field`) the user may see."""
    if authority.is_admin(user):
        return Q()
    return authority.subtree_q(f"{body_field}__unit", authority.paths_where(user, authority.DOCUMENT_ROLES))


def addressed_q(user, document_field: str = "") -> Q:
    """A Q keeping issued documents (reached through `document_field`) addressed to a unit on
    which `user` holds an addressee role (its head, clerk, desk or signer, on it or above it)."""
    prefix = f"{document_field}__" if document_field else ""
    paths = authority.paths_where(user, authority.ADDRESSEE_ROLES)
    if paths is None:
        return Q()
    return Q(**{f"{prefix}pk__in": _addressed_ids(paths)})


def _addressed_ids(paths):
    from documents.models import DocumentAddressee

    return DocumentAddressee.objects.filter(authority.subtree_q("unit", paths)).values("document_id")


def issued_visibility_q(user) -> Q:
    """Issued documents `user` may open: its issuing body's jurisdiction, or addressed to one of
    the user's units (issue 10 item 3). Everyone else gets 404."""
    if authority.is_admin(user):
        return Q()  # (an empty Q in an OR would drop out, not mean "everything")
    return jurisdiction_q(user) | addressed_q(user)


def addressed_lines(user, document: IssuedDocument) -> list[tuple]:
    """[(unit, lines)] of the document's addressees that are the user's own units (what an
    addressed unit is shown: its own lines of the annex)."""
    return [
        (a.unit, a.lines)
        for a in document.addressees.select_related("unit")
        if authority.has_role(user, a.unit, authority.ADDRESSEE_ROLES)
    ]


def can_see_body(user, body: IssuingBody | None) -> bool:
    """True if `user` is on the desk or a signer of the body's unit (or above), or an administrator."""
    if authority.is_admin(user):
        return True
    if body is None or body.unit_id is None:
        return False
    return authority.has_role(user, body.unit, authority.DOCUMENT_ROLES)


def draft_unit(draft: DocumentDraft):
    """The unit whose jurisdiction and signers a draft belongs to (its issuing body's unit)."""
    body = draft.issuing_body
    return body.unit if body is not None else None


def can_prepare(user, unit=None) -> bool:
    """Secretariat of `unit` (or of an ancestor), or an administrator: draft and submit documents."""
    return authority.has_role(user, unit, authority.DESK_ROLES)


def can_be_signer(user, unit=None) -> bool:
    """Holds a signer role (chair / vice-chair) on `unit`: may be chosen to sign its documents."""
    return authority.has_role(user, unit, authority.SIGNER_ROLES)


def can_edit_draft(user, draft: DocumentDraft) -> bool:
    """The desk of the draft's unit edits it while it is being prepared (not once submitted)."""
    return draft.status == DocumentDraft.Status.DRAFT and can_prepare(user, draft_unit(draft))


def can_submit(user, draft: DocumentDraft) -> bool:
    """The secretariat submits a draft it may edit."""
    return can_edit_draft(user, draft)


def can_sign(user, draft: DocumentDraft) -> bool:
    """Only the signer the draft was submitted to, still holding a signer role, signs and issues."""
    return (
        draft.status == DocumentDraft.Status.SUBMITTED
        and draft.signer_id is not None
        and draft.signer_id == user.pk
        and can_be_signer(user, draft_unit(draft))
    )


def can_return(user, draft: DocumentDraft) -> bool:
    """The signer sends a submitted draft back to the secretariat with a note."""
    return can_sign(user, draft)


def signers_for(draft: DocumentDraft):
    """Today's signer-role holders of the draft's unit (a grant on an ancestor counts)."""
    from django.contrib.auth import get_user_model

    unit = draft_unit(draft)
    if unit is None:  # a body restored from an old document without a unit: nobody to submit to
        return get_user_model().objects.none()
    return authority.role_holders(unit, authority.SIGNER_ROLES, inherited=True)
