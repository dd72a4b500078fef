"""The authority layer: jurisdiction (unit subtrees), role holders and the role hierarchy.

This is the ONE module that writes a unit-subtree query (``path__startswith``) or lists roles
together (architecture.md §1, issue 10). Every app builds its own ``<app>/permissions.py``
(``can_<verb>(user, obj)`` checks) on the functions below; views, services, templates and the
navigation ask those checks and nothing else. A forbidden object answers 404 exactly like a
missing one: the selectors filter with :func:`visible_units` / :func:`subtree_q`.

Vocabulary
----------
- A *grant* is ``RoleGrant(user, unit, role, valid_from, valid_to)``; it is in force on a day
  when ``valid_from <= day <= valid_to`` (open end = still in force).
- A grant on a unit covers the unit and every unit under it (its *subtree*): the unit's
  materialised ``path`` is a prefix of theirs.
- A superuser, or a user holding :attr:`Role.ADMIN`, sees everything (``paths_where`` -> None).

API (all functions take ``user`` = a ``core.User`` or ``AnonymousUser``)
--------------------------------------------------------------------------
- role groups: :data:`TREE_ROLES`, :data:`OFFICE_ROLES`, :data:`UNIT_ROLES`, :data:`MANAGING_ROLES`,
  :data:`SIGNER_ROLES`, :data:`DESK_ROLES`; the hierarchy :data:`ROLE_RANK`.
- :func:`active_grants`, :func:`forget_grants`, :func:`user_roles`, :func:`is_admin`
- :func:`has_role` (on a unit or an ancestor), :func:`holds_any`
- :func:`paths_where`, :func:`units_where`, :func:`subtree_q`, :func:`in_subtree`,
  :func:`subtree_of_unit`, :func:`ancestors_q`
- :func:`visible_units`, :func:`managed_units`, :func:`can_manage`, :func:`can_see_unit`,
  :func:`can_reorganise`
- :func:`role_holders` (who holds a role on a unit, on a date), :func:`nearest_role_holders`
- :func:`grantable_roles`, :func:`grant_refusal` (item 4: grants that cannot escalate)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from units.models import RoleGrant, Unit

# --- Role groups: the only place where roles are listed together -----------------------------

#: Signer roles: documents issued in a leader's name are approved and signed by these
#: (the chair; a vice-chair signing "KT. CHỦ TỊCH").
SIGNER_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})
#: Roles of a unit's own staff (registrations, reports, nominations of that unit).
UNIT_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_CLERK})
#: Roles that may change master data and run the emulation desk (campaigns, rounds, appraisal).
MANAGING_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN})
#: The desk that handles files sent up by units (secretariat; the administrator everywhere).
DESK_ROLES = MANAGING_ROLES
#: Roles whose grant on a unit lets the user see that unit and everything under it.
TREE_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN}) | UNIT_ROLES | SIGNER_ROLES
#: The jurisdiction's office: sees what the jurisdiction launches (campaigns, rounds, sessions).
#: Council members see campaigns and rounds' headings but not units' files (see README).
OFFICE_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN, Role.COUNCIL_MEMBER}) | SIGNER_ROLES
#: Roles that read units' files (registrations, report submissions, attachments, nomination
#: batches) for the jurisdiction: the desk and the signer. Council members do not (issue 10 item 6):
#: they read only the dossiers on the agenda of a session they are invited to.
FILE_ROLES = MANAGING_ROLES | SIGNER_ROLES
#: Who sends a unit's file up (the unit head signs the unit's tờ trình), or the desk over it.
SENDER_ROLES = frozenset({Role.UNIT_HEAD}) | MANAGING_ROLES
#: Roles that take part in council work (sessions, ballots).
COUNCIL_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN, Role.COUNCIL_MEMBER}) | SIGNER_ROLES
#: Roles that read the award register of their jurisdiction.
REGISTER_ROLES = MANAGING_ROLES | SIGNER_ROLES
#: Roles that read and prepare the official documents of an issuing body's jurisdiction.
DOCUMENT_ROLES = MANAGING_ROLES | SIGNER_ROLES
#: Roles whose holders on a unit (or above it) read the documents addressed to that unit
#: (issue 10 item 3): its own staff, and the desk and signers over it.
ADDRESSEE_ROLES = UNIT_ROLES | DOCUMENT_ROLES
#: Who enters a unit's year-end record (ratings, initiatives, discipline, freezes, households,
#: start dates): the unit's own staff roles, or the desk over it.
RECORD_ROLES = UNIT_ROLES | MANAGING_ROLES
#: Anyone holding a role at all.
ALL_ROLES = frozenset(Role)

#: The role hierarchy: a grantor may grant only roles of a strictly lower rank (issue 10 item 4).
ROLE_RANK: dict[str, int] = {
    Role.ADMIN: 100,
    Role.CHAIR: 90,
    Role.VICE_CHAIR: 80,
    Role.SECRETARIAT: 70,
    Role.COUNCIL_MEMBER: 50,
    Role.UNIT_HEAD: 40,
    Role.BLOC_HEAD: 30,
    Role.UNIT_CLERK: 20,
}

_CACHE_ATTR = "_thidua_active_grants"


def _today() -> date:
    return timezone.localdate()


def _role_set(roles: str | Iterable[str]) -> set[str]:
    """One role or an iterable of roles, as a set."""
    return {roles} if isinstance(roles, str) else set(roles)


# --- Grants held by a user ------------------------------------------------------------------


def active_grants(user, on: date | None = None) -> list[RoleGrant]:
    """The user's grants in force on `on` (default today, Asia/Ho_Chi_Minh).

    Today's list is cached on the user object for the request; call :func:`forget_grants`
    after changing grants. Returns [] for anonymous users.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    if on is not None and on != _today():
        return list(RoleGrant.objects.active_on(on).filter(user=user).select_related("unit"))
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleGrant.objects.active_on(_today()).filter(user=user).select_related("unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def authority_key(user) -> list:
    """What decides what `user` may see and do today, as plain JSON-able values: [user pk,
    superuser or not, sorted (grant pk, role, unit pk) of the grants in force]. A value cached
    for one user is keyed with it (core/caching.py), so a grant given, ended or changed, or
    another desk, never reads it."""
    grants = sorted((g.pk, g.role, g.unit_id) for g in active_grants(user))
    return [user.pk, bool(getattr(user, "is_superuser", False)), grants]


def forget_grants(user) -> None:
    """Drop the per-request cache of :func:`active_grants` (after a grant changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_admin(user) -> bool:
    """Superuser, or holder of :attr:`Role.ADMIN` today: sees and may do everything."""
    if getattr(user, "is_superuser", False):
        return True
    return any(g.role == Role.ADMIN for g in active_grants(user))


def user_roles(user) -> set[str]:
    """The roles the user holds today, on any unit (a superuser also counts as admin)."""
    roles = {g.role for g in active_grants(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def holds_any(user, roles: str | Iterable[str]) -> bool:
    """True if the user holds any of `roles` today, on any unit (admins hold every role)."""
    roles = _role_set(roles)
    if Role.ADMIN in roles and is_admin(user):
        return True
    return bool(user_roles(user) & roles)


def in_subtree(unit: Unit, ancestor: Unit) -> bool:
    """True if `unit` is `ancestor` or lies under it."""
    return unit.path.startswith(ancestor.path)


def has_role(user, unit: Unit | None, roles: str | Iterable[str], on: date | None = None) -> bool:
    """True if `user` holds one of `roles` on `unit` or an ancestor, on `on` (default today).

    `roles` is a role or an iterable of roles; `unit=None` means "on any unit". Holding
    :attr:`Role.ADMIN` anywhere (or being a superuser) satisfies a check that includes ADMIN.
    """
    roles = _role_set(roles)
    if Role.ADMIN in roles and getattr(user, "is_superuser", False):
        return True
    for g in active_grants(user, on):
        if g.role not in roles:
            continue
        if g.role == Role.ADMIN or unit is None or in_subtree(unit, g.unit):
            return True
    return False


# --- Subtree queries ------------------------------------------------------------------------


def subtree_q(field: str, paths: Iterable[str] | None) -> Q:
    """A Q matching rows whose unit (reached through `field`) lies in one of the subtrees.

    `field` is the lookup path to a Unit ("" for Unit itself, "unit", "batch__unit"…);
    `paths` are unit paths, or None for "everything" (administrators). An empty list matches
    nothing.
    """
    if paths is None:
        return Q()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{lookup: p})
    return q


def paths_where(user, roles: str | Iterable[str], on: date | None = None) -> list[str] | None:
    """Paths of the units on which `user` holds one of `roles`; None = everything (admin)."""
    if is_admin(user):
        return None
    roles = _role_set(roles)
    return sorted({g.unit.path for g in active_grants(user, on) if g.role in roles})


def units_where(user, roles: str | Iterable[str], on: date | None = None) -> QuerySet[Unit]:
    """The units, with their subtrees, on which `user` holds one of `roles` (all for admins)."""
    return Unit.objects.filter(subtree_q("", paths_where(user, roles, on)))


def grant_units(user, roles: str | Iterable[str], on: date | None = None) -> list[Unit]:
    """The units themselves (no subtree) on which `user` holds one of `roles`."""
    roles = _role_set(roles)
    return [g.unit for g in active_grants(user, on) if g.role in roles]


def own_units(user, roles: str | Iterable[str] = UNIT_ROLES, on: date | None = None) -> QuerySet[Unit]:
    """Units (with subtrees) of the user's own grants of `roles`; being admin adds nothing.

    Used for "the units I work for" (registering, reporting, nominating), where an
    administrator acts for no unit in particular.
    """
    return Unit.objects.filter(subtree_q("", [u.path for u in grant_units(user, roles, on)]))


def subtree_of_unit(unit: Unit) -> QuerySet[Unit]:
    """`unit` and every unit under it."""
    return Unit.objects.filter(subtree_q("", [unit.path]))


def ancestors_q(field: str, unit: Unit) -> Q:
    """A Q matching rows whose unit (through `field`) is `unit` or one of its ancestors."""
    parts = unit.path.split("/")[:-1]
    paths = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    lookup = f"{field}__path__in" if field else "path__in"
    return Q(**{lookup: paths})


def visible_units(user) -> QuerySet[Unit]:
    """Units the user may see: the subtrees of its tree-role grants (everything for admins)."""
    return units_where(user, TREE_ROLES)


def managed_units(user) -> QuerySet[Unit]:
    """Units whose master data the user may change (secretariat subtrees; all for admins)."""
    return units_where(user, MANAGING_ROLES)


def can_see_unit(user, unit: Unit) -> bool:
    """True if `unit` lies in one of the user's tree-role subtrees."""
    return has_role(user, unit, TREE_ROLES)


def can_manage(user, unit: Unit | None = None) -> bool:
    """Secretariat on the unit's branch, or administrator (unit=None: on any unit)."""
    return has_role(user, unit, MANAGING_ROLES)


def can_reorganise(user, unit: Unit) -> bool:
    """May merge, rename or move `unit` (issue 10 item 9): the secretariat of the body that owns
    the unit's parent (a grant on the parent or above), or an administrator. A unit's own
    secretariat may not reorganise it; a top unit (no parent) only an administrator."""
    if unit.parent_id is None:
        return is_admin(user)
    return has_role(user, unit.parent, MANAGING_ROLES)


# --- Role holders ---------------------------------------------------------------------------


def role_holders(unit: Unit, roles: str | Iterable[str], on: date | None = None, inherited: bool = False):
    """Users holding one of `roles` on `unit` on `on` (default today), as a User queryset.

    With ``inherited=True`` a grant on an ancestor of `unit` counts too (e.g. the secretariat
    of the level above). Ordered by full name.
    """
    roles = list(_role_set(roles))
    grants = RoleGrant.objects.active_on(on or _today()).filter(role__in=roles)
    grants = grants.filter(ancestors_q("unit", unit)) if inherited else grants.filter(unit=unit)
    return (
        get_user_model()
        .objects.filter(pk__in=grants.values("user_id"), is_active=True)
        .order_by("full_name", "username")
    )


def nearest_role_holders(unit: Unit, roles: str | Iterable[str], on: date | None = None) -> list:
    """Active users holding one of `roles` on the nearest unit at or above `unit` that has any
    holder on `on` (default today): e.g. the secretariat desk that handles what `unit` sends up
    (the commune office for a school, not also the province above it). A list of users, ordered
    by full name; empty when no unit on the way up has one.
    """
    grants = (
        RoleGrant.objects.active_on(on or _today())
        .filter(ancestors_q("unit", unit), role__in=list(_role_set(roles)), user__is_active=True)
        .select_related("user", "unit")
    )
    by_depth: dict[int, dict] = {}
    for g in grants:
        by_depth.setdefault(len(g.unit.path), {})[g.user_id] = g.user
    if not by_depth:
        return []
    users = by_depth[max(by_depth)].values()
    return sorted(users, key=lambda u: (u.full_name, u.username))


def role_grants_on(units, roles: str | Iterable[str], on: date | None = None) -> QuerySet[RoleGrant]:
    """Grants of `roles` in force on `on` (default today) held exactly on `units`.

    `units` is a Unit queryset or list, or None for "on any unit".
    """
    qs = RoleGrant.objects.active_on(on or _today()).filter(role__in=list(_role_set(roles)))
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs.select_related("user", "unit")


# --- Granting roles (issue 10 item 4) -------------------------------------------------------


def grantable_roles(grantor, unit: Unit | None = None) -> list[str]:
    """Roles `grantor` may grant on `unit` (on any of its units when None), highest first.

    - :attr:`Role.ADMIN` only by a superuser;
    - signer roles (chair, vice-chair) only by an administrator or the secretariat of the level
      above (a grant on a strict ancestor of `unit`);
    - otherwise roles strictly below the grantor's own rank on that branch, inside its subtree.
    """
    if getattr(grantor, "is_superuser", False):
        return sorted(ROLE_RANK, key=ROLE_RANK.get, reverse=True)
    if is_admin(grantor):
        return [r for r in sorted(ROLE_RANK, key=ROLE_RANK.get, reverse=True) if r != Role.ADMIN]
    best = 0
    above = False
    for g in active_grants(grantor):
        if g.role not in MANAGING_ROLES:
            continue
        if unit is not None and not in_subtree(unit, g.unit):
            continue
        best = max(best, ROLE_RANK[g.role])
        if unit is not None:
            above = above or unit.pk != g.unit_id
        else:  # on any unit: is there a People's Committee below this grant?
            above = above or (
                subtree_of_unit(g.unit)
                .exclude(pk=g.unit_id)
                .filter(kind=Unit.Kind.PEOPLES_COMMITTEE)
                .exists()
            )
    roles = [r for r, rank in ROLE_RANK.items() if rank < best and r not in SIGNER_ROLES]
    if above and best:
        roles += list(SIGNER_ROLES)
    return sorted(roles, key=ROLE_RANK.get, reverse=True)


def grant_refusal(grantor, user, unit: Unit, role: str) -> str | None:
    """Why `grantor` may not grant `role` on `unit` to `user` (Vietnamese), or None if allowed."""
    if user is not None and grantor.pk == user.pk:
        return _("Không ai được tự cấp quyền cho chính mình.")
    if role == Role.ADMIN and not getattr(grantor, "is_superuser", False):
        return _("Chỉ quản trị cấp cao nhất (superuser) mới cấp được quyền Quản trị hệ thống.")
    if role in SIGNER_ROLES and role not in grantable_roles(grantor, unit):
        return _(
            "Quyền ký (Chủ tịch, Phó Chủ tịch) chỉ do quản trị hệ thống hoặc Thường trực thi đua "
            "cấp trên cấp."
        )
    if not has_role(grantor, unit, MANAGING_ROLES):
        return _("Đơn vị này nằm ngoài phạm vi quản lý của bạn.")
    if role not in grantable_roles(grantor, unit):
        return _("Bạn chỉ được cấp vai trò thấp hơn vai trò của mình.")
    return None


def can_enter_record(user, unit: Unit) -> bool:
    """May enter `unit`'s year-end record (ratings, initiatives, discipline, review freezes,
    households, start dates): its head or clerk (on it or above it), or the desk over it
    (architecture.md §1: "unit head / unit clerk … year-end ratings")."""
    return has_role(user, unit, RECORD_ROLES)


def record_units(user) -> QuerySet[Unit]:
    """Units whose year-end record the user may enter (the set `can_enter_record` allows)."""
    return units_where(user, RECORD_ROLES)
