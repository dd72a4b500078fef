"""Reads: the award register (visibility-gated) and award histories. The eligibility engine's
batch history loading is `awards.histories.load_histories`."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from awards.models import (
    AwardKind,
    AwardRecord,
    Household,
)
from core.search import fold_diacritics
from units.models import Person, Unit
from units.permissions import subtree_of_unit
from units.permissions import visible_units as units_visible_to

_RECORD_RELATED = ("person", "collective", "household", "unit", "award_kind", "annulment")


def award_records_visible_to(user) -> QuerySet[AwardRecord]:
    """Records whose unit lies in the user's tree (administrators see all)."""
    qs = AwardRecord.objects.select_related(*_RECORD_RELATED)
    if connection.vendor == "sqlite":
        # SQLite's planner otherwise walks the unit_id index for a large IN-list and sorts the
        # whole register (1.2 s at 500,000 rows, `make bench`); "unit_id + 0" lets it read the
        # register-order index and stop after one page (7 ms). PostgreSQL plans this by itself.
        return qs.alias(_unit_id=F("unit_id") + 0).filter(_unit_id__in=units_visible_to(user))
    return qs.filter(unit__in=units_visible_to(user))


def award_record_list_for_user(
    *,
    user,
    search: str = "",
    unit_id: int | None = None,
    year: int | None = None,
    award_kind: str = "",
    include_annulled: bool = True,
    unit_query: str = "",
) -> QuerySet[AwardRecord]:
    """The register search: name without diacritics, unit (and its sub-units), year, award kind."""
    qs = award_records_visible_to(user)
    if search:
        folded = fold_diacritics(search)
        qs = qs.filter(subject_key__contains=folded)
    if unit_query:
        qs = qs.filter(unit__search_key__contains=fold_diacritics(unit_query))
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).only("path").first()
        qs = qs.filter(unit__in=subtree_of_unit(unit)) if unit else qs.none()
    if year:
        qs = qs.filter(year=year)
    if award_kind:
        qs = qs.filter(award_kind__code=award_kind)
    if not include_annulled:
        qs = qs.filter(annulment__isnull=True)
    return qs.order_by("-year", "-decision_date", "-pk")


def award_record_years(user) -> list[int]:
    """Years offered in the register filter: the register's span, newest first.

    Min/max over the whole table read the year index (two lookups); a DISTINCT over the
    user's visible rows scanned 500,000 rows (1.4 s in `make bench`). A year with nothing in
    the user's scope simply shows an empty page.
    """
    from django.db.models import Max, Min

    span = AwardRecord.objects.aggregate(first=Min("year"), last=Max("year"))
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))


def award_record_get_for_user(*, user, pk: int) -> AwardRecord:
    """One register entry `pk` that `user` may see (unit subtree), else Http404 (forbidden = not found)."""
    return get_object_or_404(award_records_visible_to(user), pk=pk)


def award_kind_choices() -> QuerySet[AwardKind]:
    """Active award kinds (titles and forms) in catalogue order, for choice fields. Returns a QuerySet."""
    return AwardKind.objects.filter(active=True).order_by("order", "name")


def award_history_for_person(person: Person) -> list[AwardRecord]:
    """Everything a person received, newest first (one query), for the person detail page."""
    return list(
        AwardRecord.objects.filter(person=person)
        .select_related("award_kind", "unit", "annulment")
        .order_by("-year", "-decision_date", "-pk")
    )


def award_history_for_unit(unit: Unit) -> list[AwardRecord]:
    """Awards the unit received as a collective, and those of the units merged into it (its
    predecessors, law.md §9: their history is kept), newest first (one query)."""
    return list(
        AwardRecord.objects.filter(Q(collective=unit) | Q(collective__successor=unit))
        .select_related("award_kind", "annulment", "collective")
        .order_by("-year", "-decision_date", "-pk")
    )


def council_threshold(*, level: str, award_kind: str):
    """The council's voting rule for an award: its own row, else the level's default (⚠ all)."""
    from awards.models import CouncilThreshold

    rows = {
        t.award_kind.code if t.award_kind_id else None: t
        for t in CouncilThreshold.objects.filter(level=level)
        .filter(Q(award_kind__code=award_kind) | Q(award_kind__isnull=True))
        .select_related("award_kind")
    }
    return rows.get(award_kind) or rows.get(None)


def households_visible_to(user) -> QuerySet[Household]:
    """Households whose village lies in a unit `user` may see; QuerySet with the village joined."""
    return Household.objects.select_related("village").filter(village__in=units_visible_to(user))
