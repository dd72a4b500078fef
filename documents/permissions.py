"""Who may see and handle which documents (built on units.permissions).

A document, draft or render job belongs to its issuing body; the body belongs to a unit. The
desk and the signers (units.permissions.DOCUMENT_ROLES) of that unit or of a unit above it see
them; everyone else gets 404 (the selectors filter with :func:`jurisdiction_q`). Bodies without
a unit (recovered from old documents) are visible to administrators only.
"""

from django.db.models import Q

from documents.models import IssuingBody
from units import permissions as authority


def jurisdiction_q(user, body_field: str = "issuing_body") -> Q:
    """A Q keeping rows whose issuing body (reached through `body_field`) the user may see."""
    if authority.is_admin(user):
        return Q()
    return authority.subtree_q(f"{body_field}__unit", authority.paths_where(user, authority.DOCUMENT_ROLES))


def can_see_body(user, body: IssuingBody | None) -> bool:
    """True if `user` is on the desk or a signer of the body's unit (or above), or an administrator."""
    if authority.is_admin(user):
        return True
    if body is None or body.unit_id is None:
        return False
    return authority.has_role(user, body.unit, authority.DOCUMENT_ROLES)
