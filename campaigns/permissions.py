"""Who may do what with campaigns and registrations (built on units.permissions)."""

from campaigns.models import Campaign, Registration
from units import permissions as authority
from units.models import Unit


def can_manage_campaign(user, campaign: Campaign) -> bool:
    """The secretariat of the launching unit's branch (or an administrator): edit, launch, close."""
    return authority.can_manage(user, campaign.launching_unit)


def can_create_campaign(user) -> bool:
    """A secretariat somewhere (or an administrator) may create campaigns for its units."""
    return authority.can_manage(user)


def can_register_for(user, unit: Unit) -> bool:
    """Unit head or clerk of `unit` (or of a unit above it): register, report, nominate for it."""
    return authority.has_role(user, unit, authority.UNIT_ROLES)


def can_decide_registration(user, registration: Registration) -> bool:
    """Approve or return a registration: the desk of the launching unit."""
    return can_manage_campaign(user, registration.campaign)
