"""Reads for the year-end record entry: which units have entered their ratings, a unit's grid."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import RatingSheet, TaskRating
from awards.services.record import can_enter_record, rating_sheet_people
from core.search import fold_diacritics
from units.models import Unit
from units.permissions import visible_units as units_visible_to


def rating_overview_for_user(*, user, year: int, search: str = "", missing_only: bool = False):
    """Units the user sees that have staff, each with `people_count`, `rated_count` (ratings of
    `year` for its staff) and `sheet` (its RatingSheet of `year` or None); in tree order.
    Three queries whatever the number of units."""
    rated = (
        TaskRating.objects.filter(year=year, person__unit=OuterRef("pk"))
        .order_by()
        .values("person__unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        units_visible_to(user)
        .annotate(people_count=Count("people", distinct=True))
        .filter(people_count__gt=0)
        .annotate(rated_count=Coalesce(Subquery(rated, output_field=IntegerField()), Value(0)))
        .order_by("path")
    )
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if missing_only:
        qs = qs.filter(rated_count__lt=F("people_count"))
    units = list(qs)
    sheets = {
        s.unit_id: s
        for s in RatingSheet.objects.filter(year=year, unit__in=[u.pk for u in units]).select_related(
            "entered_by"
        )
    }
    for unit in units:
        unit.sheet = sheets.get(unit.pk)
        unit.can_enter = can_enter_record(user, unit)
    return units


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
    """Villages (thôn, bản, tổ dân phố) whose households the user may enter."""
    return [
        u
        for u in units_visible_to(user).filter(kind=Unit.Kind.VILLAGE).order_by("path")
        if can_enter_record(user, u)
    ]
