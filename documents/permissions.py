"""Who may do what with documents issued in a leader's name (issue 10 item 5).

The secretariat prepares (soạn thảo) and submits for signature (trình ký); only the signer — a
holder of the signer role (chair, or vice-chair signing "KT. CHỦ TỊCH") on the issuing unit —
issues (ban hành) or returns the draft. Nobody else, not even an administrator, issues in the
signer's name.

Built on the unit role layer (`units.selectors.user_has_role`, to be replaced by the one
authority layer `units.permissions` when it lands on main: only this module changes then).
"""

from __future__ import annotations

from core.roles import Role
from documents.models import DocumentDraft
from units.selectors import user_has_role

# Roles that see the documents pages: the secretariat and administrators prepare, signers sign.
DOCUMENT_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN, Role.CHAIR})


def can_prepare(user, unit=None) -> bool:
    """Secretariat of `unit` (or of an ancestor), or an administrator: draft and edit documents."""
    return user_has_role(user, Role.SECRETARIAT, unit) or user_has_role(user, Role.ADMIN)


def can_be_signer(user, unit=None) -> bool:
    """Holds the signer role (chair / vice-chair) on `unit`: may be chosen to sign its documents."""
    return user_has_role(user, Role.CHAIR, unit)


def can_edit_draft(user, draft: DocumentDraft) -> bool:
    return draft.status == DocumentDraft.Status.DRAFT and can_prepare(user, draft.unit)


def can_submit(user, draft: DocumentDraft) -> bool:
    """The secretariat submits a draft it may edit."""
    return can_edit_draft(user, draft)


def can_sign(user, draft: DocumentDraft) -> bool:
    """Only the signer the draft was submitted to, still holding the signer role, signs and issues."""
    return (
        draft.status == DocumentDraft.Status.SUBMITTED
        and draft.signer_id is not None
        and draft.signer_id == user.pk
        and can_be_signer(user, draft.unit)
    )


def can_return(user, draft: DocumentDraft) -> bool:
    """The signer sends a submitted draft back to the secretariat with a note."""
    return can_sign(user, draft)


def can_see_drafts(user) -> bool:
    return can_prepare(user) or can_be_signer(user)
