"""Who may do what in the nomination workflow: batches, appraisal, council sessions, decisions.

Built on units.permissions (the one authority layer). Views, services and templates ask these
checks; a check that fails on an object the user cannot see at all is answered by the selectors
with 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from nominations.models import Council, Decision, NominationBatch
from units import permissions as authority
from units.models import Unit


def units_nominating_for(user) -> QuerySet[Unit]:
    """Units the user may create batches for: its unit-staff grants with sub-units, else the desk's."""
    own = authority.own_units(user)
    return own if own.exists() else authority.managed_units(user)


def can_create_batch(user) -> bool:
    """Unit head or clerk somewhere (the desk creates through the same page)."""
    return authority.holds_any(user, authority.UNIT_ROLES)


def can_edit_batch(user, batch: NominationBatch) -> bool:
    """Unit head or clerk of the proposing unit (or above it), or secretariat/admin over it."""
    return authority.has_role(user, batch.unit, authority.UNIT_ROLES | authority.MANAGING_ROLES)


def can_send_batch(user, batch: NominationBatch) -> bool:
    """Sending and recalling: the unit head (the signer of the submission) or secretariat/admin."""
    return authority.has_role(user, batch.unit, authority.SENDER_ROLES)


def can_appraise(user, batch: NominationBatch) -> bool:
    """Appraisal: the secretariat over the proposing unit, or an administrator."""
    return authority.has_role(user, batch.unit, authority.DESK_ROLES)


def councils_run_by(user) -> QuerySet[Council]:
    """Councils whose sessions the user may run (secretariat of the council's unit tree)."""
    return Council.objects.filter(unit__in=authority.managed_units(user))


def can_run_session(user, council: Council) -> bool:
    """The secretariat of the council's unit (standing body) or an administrator."""
    return authority.has_role(user, council.unit, authority.DESK_ROLES)


def can_prepare_decision(user, unit) -> bool:
    """Drafting a decision (soạn thảo): the secretariat of the unit's branch or an administrator."""
    return authority.has_role(user, unit, authority.DESK_ROLES)


def signers_of(unit, on=None):
    """Users who may sign in the name of `unit`'s People's Committee on `on` (default today)."""
    return authority.role_holders(unit, authority.SIGNER_ROLES, on=on)


def can_sign(user, decision: Decision) -> bool:
    """Only the designated signer, holding a signer role on the decision's unit, signs and issues."""
    return decision.signer_id == user.pk and authority.has_role(user, decision.unit, authority.SIGNER_ROLES)


def is_signer_of(user, unit) -> bool:
    """True if `user` holds a signer role (chair, vice-chair) on `unit` or above it."""
    return authority.has_role(user, unit, authority.SIGNER_ROLES)
