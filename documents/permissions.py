"""Who may do what with documents issued in a leader's name (issue 10 item 5).

The secretariat prepares (soạn thảo) and submits for signature (trình ký); only the signer — a
holder of a signer role (chair, or vice-chair signing "KT. CHỦ TỊCH") on the issuing body's
unit — issues (ban hành) or returns the draft. Nobody else, not even an administrator, issues in
the signer's name. Built on the one authority layer, `units.permissions`.
"""

from __future__ import annotations

from documents.models import DocumentDraft
from units import permissions as authority


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
