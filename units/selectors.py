"""Reads that need visibility: one gate per entity (`<entity>_list_for_user` / `_get_for_user`).

A forbidden object answers 404 exactly like a missing one (architecture.md §1).
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.roles import Role
from core.search import fold_diacritics
from units import permissions
from units.models import Bloc, BlocMembership, Person, RoleGrant, Unit

# Compatibility names: the authority layer lives in units/permissions.py.
active_grants = permissions.active_grants
forget_grants = permissions.forget_grants
user_roles = permissions.user_roles
can_manage = permissions.can_manage
managed_units = permissions.managed_units
units_visible_to = permissions.visible_units


def user_has_role(user, role, unit: Unit | None = None) -> bool:
    """Compatibility wrapper of :func:`units.permissions.has_role` (one role)."""
    return permissions.has_role(user, unit, role)


def unit_list_for_user(*, user, search: str = "", kind: str = "", level: str = "") -> QuerySet[Unit]:
    # A correlated count is evaluated for the displayed page only (a GROUP BY over the
    # joined people aggregates every unit first: 200 ms at 60,000 people, `make bench`).
    """Units `user` may see, with `people_count` (computed per displayed row), filtered by a folded
    name `search`, a `kind` code and a level code; QuerySet.
    """
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
    """Unit `pk` if `user` may see it (level, parent, successor joined), else Http404."""
    return get_object_or_404(units_visible_to(user).select_related("level", "parent", "successor"), pk=pk)


def people_visible_to(user) -> QuerySet[Person]:
    """People of the units in `user`'s role subtrees (unit joined); QuerySet."""
    return Person.objects.select_related("unit").filter(
        permissions.subtree_q("unit", permissions.paths_where(user, permissions.TREE_ROLES))
    )


def person_list_for_user(
    *, user, search: str = "", unit_id: int | None = None, cccd: str = "", unit_query: str = ""
) -> QuerySet[Person]:
    """People `user` may see, filtered by a folded name `search`, a unit id, an exact `cccd` and a
    folded unit name `unit_query`; QuerySet.
    """
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
    """Person `pk` if `user` may see them, else Http404."""
    return get_object_or_404(people_visible_to(user), pk=pk)


def blocs_visible_to(user) -> QuerySet[Bloc]:
    """Blocs and clusters `user` may see: admins all; the organising office's subtree; the member units'
    staff; the bloc head. QuerySet (distinct).
    """
    qs = Bloc.objects.select_related("organiser", "head", "deputy")
    if permissions.is_admin(user):
        return qs
    q = permissions.subtree_q("organiser", permissions.paths_where(user, permissions.OFFICE_ROLES))
    q |= permissions.subtree_q("memberships__unit", permissions.paths_where(user, permissions.UNIT_ROLES))
    q |= Q(head__in=permissions.grant_units(user, Role.BLOC_HEAD))
    return qs.filter(q).distinct()


def bloc_list_for_user(*, user, year: int | None = None, search: str = "", kind: str = "") -> QuerySet[Bloc]:
    """Visible blocs with `member_count`, filtered by `year`, folded name `search` and `kind`."""
    qs = blocs_visible_to(user).annotate(member_count=Count("memberships", distinct=True))
    if year:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "name")


def bloc_get_for_user(*, user, pk: int) -> Bloc:
    """Bloc `pk` if `user` may see it, members prefetched by unit name, else Http404."""
    members = BlocMembership.objects.select_related("unit").order_by("unit__name")
    return get_object_or_404(
        blocs_visible_to(user).prefetch_related(Prefetch("memberships", queryset=members)), pk=pk
    )


def bloc_years(user) -> list[int]:
    """Years of the blocs `user` may see, newest first (list of int)."""
    return sorted(set(blocs_visible_to(user).values_list("year", flat=True)), reverse=True)


def rolegrant_list_for_user(*, user, search: str = "", role: str = "") -> QuerySet[RoleGrant]:
    """Role grants over the units `user` manages, filtered by a diacritic-insensitive `search` (user or
    unit) and a `role` code; QuerySet.
    """
    qs = RoleGrant.objects.select_related("user", "unit", "granted_by").filter(unit__in=managed_units(user))
    if search:
        # Diacritic- and case-insensitive (case S14): names are matched on folded search keys.
        folded = fold_diacritics(search)
        qs = qs.filter(
            Q(user__username__icontains=search)
            | Q(unit__search_key__contains=folded)
            | Q(user__person__search_key__contains=folded)
            | Q(user__full_name__icontains=search)
        )
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("-valid_from", "user__username")


def grantee_choices_for_user(*, user, search: str = ""):
    """Accounts `user` may grant roles to: people inside its managed subtree (all for admins).

    `search` matches the person's name without diacritics, or the login name.
    """
    users = get_user_model().objects.filter(is_active=True)
    if not permissions.is_admin(user):
        users = users.filter(person__unit__in=managed_units(user))
    if user.pk:
        users = users.exclude(pk=user.pk)
    if search:
        users = users.filter(
            Q(person__search_key__contains=fold_diacritics(search)) | Q(username__icontains=search)
        )
    return users.select_related("person").order_by("full_name", "username")


def rolegrant_get_for_user(*, user, pk: int) -> RoleGrant:
    """Grant `pk` over a unit `user` manages, else Http404."""
    return get_object_or_404(
        RoleGrant.objects.select_related("user", "unit").filter(unit__in=managed_units(user)), pk=pk
    )


def reorganisable_unit_get_for_user(*, user, pk: int) -> Unit:
    """Unit `pk` if `user` may reorganise it (secretariat over its parent), else Http404."""
    unit = unit_get_for_user(user=user, pk=pk)
    if not permissions.can_reorganise(user, unit):
        raise Http404
    return unit


def merge_partner_choices(*, unit: Unit) -> QuerySet[Unit]:
    """Units that may be merged with `unit`: its siblings (same parent) not yet merged; QuerySet."""
    return (
        Unit.objects.filter(parent_id=unit.parent_id, successor__isnull=True)
        .exclude(pk=unit.pk)
        .order_by("name")
    )


def new_parent_choices(*, user, unit: Unit) -> QuerySet[Unit]:
    """Units `user` manages that may become `unit`'s parent (not in its subtree, not merged)."""
    return (
        permissions.managed_units(user)
        .filter(successor__isnull=True)
        .exclude(pk__in=permissions.subtree_of_unit(unit).values("pk"))
        .select_related("level")
        .order_by("path")
    )
