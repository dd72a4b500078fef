"""Reads that need visibility: one gate per entity (`<entity>_list_for_user` / `_get_for_user`).

A forbidden object answers 404 exactly like a missing one (architecture.md §1).
"""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.roles import MANAGING_ROLES, TREE_ROLES, Role
from core.search import fold_diacritics
from units.models import Bloc, BlocMembership, Person, RoleGrant, Unit

_CACHE_ATTR = "_thidua_active_grants"


def active_grants(user) -> list[RoleGrant]:
    """The user's grants in force today (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        today = timezone.localdate()
        cached = list(RoleGrant.objects.active_on(today).filter(user=user).select_related("unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(user) -> set[str]:
    roles = {g.role for g in active_grants(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def user_has_role(user, role, unit: Unit | None = None) -> bool:
    """True if `user` holds `role` today, on `unit` or one of its ancestors when given."""
    if getattr(user, "is_superuser", False) and role == Role.ADMIN:
        return True
    for g in active_grants(user):
        if g.role != role:
            continue
        if unit is None or unit.path.startswith(g.unit.path):
            return True
    return False


def _tree_paths(user, roles=TREE_ROLES) -> list[str] | None:
    """Path prefixes the user may see; None means everything (administrators)."""
    if getattr(user, "is_superuser", False):
        return None
    grants = active_grants(user)
    if any(g.role == Role.ADMIN for g in grants):
        return None
    return sorted({g.unit.path for g in grants if g.role in roles})


def can_manage(user, unit: Unit | None = None) -> bool:
    """Secretariat (on the unit's branch) or administrator: may edit master data."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        g.role in MANAGING_ROLES and (unit is None or unit.path.startswith(g.unit.path))
        for g in active_grants(user)
    )


def can_enter_record(user, unit: Unit) -> bool:
    """May enter a unit's year-end record (ratings, initiatives, discipline, review freezes,
    households, start dates): its head or clerk (on it or above it), or the secretariat/admin
    over it (architecture.md §1: "unit head / unit clerk … year-end ratings")."""
    return (
        user_has_role(user, Role.UNIT_HEAD, unit)
        or user_has_role(user, Role.UNIT_CLERK, unit)
        or can_manage(user, unit)
    )


RECORD_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_CLERK, *MANAGING_ROLES})


def record_units(user) -> QuerySet[Unit]:
    """Units whose year-end record the user may enter (the set `can_enter_record` allows)."""
    paths = _tree_paths(user, roles=RECORD_ROLES)
    if paths is None:
        return Unit.objects.all()
    return Unit.objects.subtree_of(paths)


def units_visible_to(user) -> QuerySet[Unit]:
    qs = Unit.objects.all()
    paths = _tree_paths(user)
    if paths is None:
        return qs
    return qs.subtree_of(paths)


def managed_units(user) -> QuerySet[Unit]:
    paths = _tree_paths(user, roles=MANAGING_ROLES)
    if paths is None:
        return Unit.objects.all()
    return Unit.objects.subtree_of(paths)


def unit_list_for_user(*, user, search: str = "", kind: str = "", level: str = "") -> QuerySet[Unit]:
    # A correlated count is evaluated for the displayed page only (a GROUP BY over the
    # joined people aggregates every unit first: 200 ms at 60,000 people, `make bench`).
    people = Person.objects.filter(unit=OuterRef("pk")).order_by().values("unit").annotate(n=Count("pk"))
    qs = (
        units_visible_to(user)
        .select_related("level", "parent")
        .annotate(people_count=Coalesce(Subquery(people.values("n")), 0))
    )
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level__code=level)
    return qs.order_by("path")


def unit_get_for_user(*, user, pk: int) -> Unit:
    return get_object_or_404(units_visible_to(user).select_related("level", "parent", "successor"), pk=pk)


def people_visible_to(user) -> QuerySet[Person]:
    qs = Person.objects.select_related("unit")
    paths = _tree_paths(user)
    if paths is None:
        return qs
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(unit__path__startswith=p)
    return qs.filter(q)


def person_list_for_user(
    *, user, search: str = "", unit_id: int | None = None, cccd: str = "", unit_query: str = ""
) -> QuerySet[Person]:
    qs = people_visible_to(user)
    if unit_query:
        qs = qs.filter(unit__search_key__contains=fold_diacritics(unit_query))
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if cccd:
        qs = qs.filter(cccd__startswith=cccd.strip())
    return qs.order_by("search_key", "pk")


def person_get_for_user(*, user, pk: int) -> Person:
    return get_object_or_404(people_visible_to(user), pk=pk)


def blocs_visible_to(user) -> QuerySet[Bloc]:
    qs = Bloc.objects.select_related("organiser", "head", "deputy")
    if getattr(user, "is_superuser", False):
        return qs
    grants = active_grants(user)
    if any(g.role == Role.ADMIN for g in grants):
        return qs
    q = Q(pk__in=[])
    for g in grants:
        if g.role in (Role.SECRETARIAT, Role.CHAIR, Role.COUNCIL_MEMBER):
            q |= Q(organiser__path__startswith=g.unit.path)
        elif g.role in (Role.UNIT_HEAD, Role.UNIT_CLERK):
            q |= Q(memberships__unit__path__startswith=g.unit.path)
        elif g.role == Role.BLOC_HEAD:
            q |= Q(head=g.unit)
    return qs.filter(q).distinct()


def bloc_list_for_user(*, user, year: int | None = None, search: str = "", kind: str = "") -> QuerySet[Bloc]:
    qs = blocs_visible_to(user).annotate(member_count=Count("memberships", distinct=True))
    if year:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "name")


def bloc_get_for_user(*, user, pk: int) -> Bloc:
    members = BlocMembership.objects.select_related("unit").order_by("unit__name")
    return get_object_or_404(
        blocs_visible_to(user).prefetch_related(Prefetch("memberships", queryset=members)), pk=pk
    )


def bloc_years(user) -> list[int]:
    return sorted(set(blocs_visible_to(user).values_list("year", flat=True)), reverse=True)


def rolegrant_list_for_user(*, user, search: str = "", role: str = "") -> QuerySet[RoleGrant]:
    qs = RoleGrant.objects.select_related("user", "unit", "granted_by").filter(unit__in=managed_units(user))
    if search:
        folded = fold_diacritics(search)
        qs = qs.filter(
            Q(user__username__icontains=search)
            | Q(unit__search_key__contains=folded)
            | Q(user__full_name__icontains=search)
        )
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("-valid_from", "user__username")


def rolegrant_get_for_user(*, user, pk: int) -> RoleGrant:
    return get_object_or_404(
        RoleGrant.objects.select_related("user", "unit").filter(unit__in=managed_units(user)), pk=pk
    )
