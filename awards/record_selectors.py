"""Reads for the year-end record entry: which units have entered their ratings, a unit's grid."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import RatingSheet, TaskRating
from awards.services.record import can_enter_record, rating_sheet_people
from core.search import fold_diacritics
from units import permissions
from units.models import Person, Unit
from units.permissions import visible_units as units_visible_to


def rating_overview_for_user(*, user, year: int, search: str = "", missing_only: bool = False) -> list[tuple]:
    """The units of the year's rating overview: those the user sees that have staff, in tree
    order, narrowed by a unit name (`search`, diacritics optional) and to units not fully rated
    (`missing_only`).

    Returns a list of (unit pk, people_count, rated_count) from `rating_overview_counts` (the
    caller paginates it and loads a page with `rating_overview_rows`). No query when cached.
    """
    folded = fold_diacritics(search) if search else ""
    return [
        (pk, people, rated)
        for pk, key, people, rated in rating_overview_counts(user=user, year=year)
        if (not missing_only or rated < people) and folded in key
    ]


def rating_overview_counts(*, user, year: int) -> list[tuple]:
    """The units `user` sees that have staff, in tree order: (unit pk, search_key, people_count,
    rated_count) with the unit's own people and how many of them have a rating of `year` (int).

    Served from the cache (`core.caching`, keyed by the user's subtrees and the year) until a
    person, a rating or a unit changes; computed, it is three queries (the units, and GROUP BY
    over the people and over the year's ratings of the subtrees; a join per unit took 2.6 s at
    province scale)."""
    from core import caching

    paths = permissions.paths_where(user, permissions.TREE_ROLES)

    def compute():
        people = dict(
            Person.objects.filter(permissions.subtree_q("unit", paths))
            .order_by()
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        rated = dict(
            TaskRating.objects.filter(permissions.subtree_q("person__unit", paths), year=year)
            .order_by()
            .values("person__unit_id")
            .annotate(n=Count("pk"))
            .values_list("person__unit_id", "n")
        )
        units = Unit.objects.filter(permissions.subtree_q("", paths)).order_by("path")
        return [
            (pk, key, people[pk], rated.get(pk, 0))
            for pk, key in units.values_list("pk", "search_key")
            if people.get(pk)
        ]

    inputs = [Person, TaskRating, Unit]
    return caching.cached_aggregate("awards.rating_overview_units", [paths, year], inputs, compute)


def rating_overview_rows(*, user, year: int, entries: list[tuple]) -> list[Unit]:
    """The Units of `entries` (a page of `rating_overview_for_user`: (pk, people, rated)), in
    that order, each with `people_count`, `rated_count`, `sheet` (its RatingSheet of `year` or
    None) and `can_enter` set. Two queries (the units, the sheets)."""
    units = Unit.objects.in_bulk([pk for pk, _p, _r in entries])
    sheets = {
        s.unit_id: s
        for s in RatingSheet.objects.filter(year=year, unit__in=list(units)).select_related("entered_by")
    }
    out = []
    for pk, people, rated in entries:
        unit = units.get(pk)
        if unit is None:  # deleted since the counts were read
            continue
        unit.people_count, unit.rated_count = people, rated
        unit.sheet = sheets.get(pk)
        unit.can_enter = can_enter_record(user, unit)
        out.append(unit)
    return out


def rating_sheets_entered(*, user, year: int, entries: list[tuple]) -> int:
    """How many units of `entries` (from `rating_overview_for_user`) have entered their
    RatingSheet of `year`. One query over the year's sheets of the user's subtrees."""
    paths = permissions.paths_where(user, permissions.TREE_ROLES)
    entered = set(
        RatingSheet.objects.filter(permissions.subtree_q("unit", paths), year=year).values_list(
            "unit_id", flat=True
        )
    )
    return sum(1 for pk, _p, _r in entries if pk in entered)


def rating_unit_get_for_user(*, user, pk: int) -> Unit:
    """A unit whose ratings the user may enter; 404 when missing, not visible or not theirs."""
    unit = get_object_or_404(units_visible_to(user), pk=pk)
    if not can_enter_record(user, unit):
        raise Http404
    return unit


def rating_sheet_rows(*, unit: Unit, year: int) -> tuple[RatingSheet | None, list]:
    """(the unit's sheet of `year` or None, its people each with `rating` = the year's value or "")."""
    people = list(rating_sheet_people(unit))
    ratings = dict(TaskRating.objects.filter(person__in=people, year=year).values_list("person_id", "rating"))
    for p in people:
        p.rating = ratings.get(p.pk, "")
    sheet = RatingSheet.objects.filter(unit=unit, year=year).select_related("entered_by").first()
    return sheet, people


def person_record(person) -> dict:
    """What the eligibility engine reads about a person, for their page: ratings by year,
    initiatives, discipline (with the day achievements count again), review freezes."""
    from awards.models import DisciplineRecord, Initiative, ReviewFreeze

    return {
        "ratings": list(TaskRating.objects.filter(person=person).order_by("-year")),
        "initiatives": list(Initiative.objects.filter(person=person).order_by("-year", "-recognised_on")),
        "disciplines": list(DisciplineRecord.objects.filter(person=person).order_by("-start")),
        "freezes": list(ReviewFreeze.objects.filter(person=person).order_by("-start")),
    }


def household_list_for_user(*, user, search: str = ""):
    """Households in villages the user sees, with their village; folded-name search."""
    from awards.selectors import households_visible_to

    qs = households_visible_to(user)
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    return qs.order_by("village__path", "search_key", "pk")


def household_get_for_user(*, user, pk: int):
    from awards.selectors import households_visible_to

    return get_object_or_404(households_visible_to(user), pk=pk)


def household_award_history(household) -> list:
    from awards.models import AwardRecord

    return list(
        AwardRecord.objects.filter(household=household)
        .select_related("award_kind", "annulment")
        .order_by("-year", "-decision_date")
    )


def villages_for_record(user):
    """Villages (thôn, bản, tổ dân phố) whose households the user may enter (the subtrees of its
    record-role grants: `can_enter_record`), in tree order. A list of Units; one query."""
    return list(permissions.record_units(user).filter(kind=Unit.Kind.VILLAGE).order_by("path"))


def has_villages_for_record(user) -> bool:
    """Whether `villages_for_record(user)` is not empty (one EXISTS query, no list of villages)."""
    return permissions.record_units(user).filter(kind=Unit.Kind.VILLAGE).exists()
