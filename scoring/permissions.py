"""Who may do what with bloc scoring tables (built on units.permissions)."""

from core.roles import Role
from scoring.models import ScoringTable
from units import permissions as authority
from units.models import Bloc, Unit

can_manage = authority.can_manage


def is_bloc_head(user, bloc: Bloc) -> bool:
    """A user holding Role.BLOC_HEAD on the bloc's head unit."""
    return bloc.head_id is not None and any(
        u.pk == bloc.head_id for u in authority.grant_units(user, Role.BLOC_HEAD)
    )


def is_office(user, bloc: Bloc) -> bool:
    """Secretariat, signer or council member of the organiser's branch (or an administrator)."""
    return authority.has_role(user, bloc.organiser, authority.OFFICE_ROLES)


def can_edit_table(user, bloc: Bloc) -> bool:
    """The bloc head or the secretariat of the organiser's branch."""
    return is_bloc_head(user, bloc) or authority.can_manage(user, bloc.organiser)


def member_units_of(user, table: ScoringTable) -> set[int]:
    """Member units of the table's bloc on which the user is unit head or clerk."""
    own = {u.pk for u in authority.grant_units(user, authority.UNIT_ROLES)}
    if not own:
        return set()
    return set(table.bloc.memberships.filter(unit_id__in=own).values_list("unit_id", flat=True))


def can_self_score(user, table: ScoringTable, unit: Unit) -> bool:
    """May `user` enter `unit`'s self-scores in `table`? Admins, and staff of that member unit."""
    return authority.is_admin(user) or unit.pk in member_units_of(user, table)


def sees_all_units(user, table: ScoringTable) -> bool:
    """Bloc head and organising office see every member's scores."""
    return is_bloc_head(user, table.bloc) or is_office(user, table.bloc)


def can_see_ranking(user, table: ScoringTable) -> bool:
    """Who sees the ranking: those who see all units; members once the table is final."""
    if sees_all_units(user, table):
        return True
    return table.status == ScoringTable.Status.FINAL and bool(member_units_of(user, table))
