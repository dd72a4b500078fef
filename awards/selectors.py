"""Reads: the award register (visibility-gated), award histories, and batch history loading."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from awards.eligibility import (
    ADVANCED_WORKER,
    COLLECTIVE,
    GRASSROOTS_FIGHTER,
    HOUSEHOLD,
    INDIVIDUAL,
    AwardFact,
    CollectiveHistory,
    DisciplineFact,
    FreezeFact,
    Histories,
    HouseholdHistory,
    InitiativeFact,
    Nominee,
    PersonHistory,
)
from awards.models import (
    AwardKind,
    AwardRecord,
    DisciplineRecord,
    Household,
    Initiative,
    ReviewFreeze,
    TaskRating,
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
    return get_object_or_404(award_records_visible_to(user), pk=pk)


def award_kind_choices() -> QuerySet[AwardKind]:
    return AwardKind.objects.filter(active=True).order_by("order", "name")


def award_history_for_person(person: Person) -> list[AwardRecord]:
    """Everything a person received, newest first (one query), for the person detail page."""
    return list(
        AwardRecord.objects.filter(person=person)
        .select_related("award_kind", "unit", "annulment")
        .order_by("-year", "-decision_date", "-pk")
    )


def award_history_for_unit(unit: Unit) -> list[AwardRecord]:
    """Awards the unit received as a collective, newest first (one query)."""
    return list(
        AwardRecord.objects.filter(collective=unit)
        .select_related("award_kind", "annulment")
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
    return Household.objects.select_related("village").filter(village__in=units_visible_to(user))


# --- Batch loading for the eligibility engine ----------------------------------------
def load_histories(nominees: list[Nominee]) -> Histories:
    """Plain histories for every nominee (and each collective's members) in 10 queries.

    The number of queries does not depend on the number of nominees.
    """
    person_ids = {n.subject_id for n in nominees if n.subject_kind == INDIVIDUAL}
    unit_ids = {n.subject_id for n in nominees if n.subject_kind == COLLECTIVE}
    household_ids = {n.subject_id for n in nominees if n.subject_kind == HOUSEHOLD}

    members: dict[int, list[int]] = defaultdict(list)
    people = {}
    rows = Person.objects.filter(Q(pk__in=person_ids) | Q(unit_id__in=unit_ids)).values_list(
        "pk", "unit_id", "employed_since"
    )
    for pk, unit_id, employed_since in rows:
        people[pk] = (unit_id, employed_since)
        if unit_id in unit_ids:
            members[unit_id].append(pk)
    ids = list(people)

    awards: dict[int, list[AwardFact]] = defaultdict(list)
    for pid, code, year, occasion in (
        AwardRecord.objects.in_force()
        .filter(person_id__in=ids)
        .values_list("person_id", "award_kind__code", "year", "occasion")
    ):
        awards[pid].append(AwardFact(code, year, occasion))
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for pid, year, rating in TaskRating.objects.filter(person_id__in=ids).values_list(
        "person_id", "year", "rating"
    ):
        ratings[pid][year] = rating
    initiatives: dict[int, list[InitiativeFact]] = defaultdict(list)
    for pid, scope, year in Initiative.objects.filter(person_id__in=ids).values_list(
        "person_id", "scope", "year"
    ):
        initiatives[pid].append(InitiativeFact(scope, year))
    disciplines: dict[int, list[DisciplineFact]] = defaultdict(list)
    for pid, form, start, end in DisciplineRecord.objects.filter(person_id__in=ids).values_list(
        "person_id", "form", "start", "end"
    ):
        disciplines[pid].append(DisciplineFact(form, start, end))
    person_freezes: dict[int, list[FreezeFact]] = defaultdict(list)
    unit_freezes: dict[int, list[FreezeFact]] = defaultdict(list)
    for pid, uid, reason, start, end in ReviewFreeze.objects.filter(
        Q(person_id__in=ids) | Q(collective_id__in=unit_ids)
    ).values_list("person_id", "collective_id", "reason", "start", "end"):
        (person_freezes[pid] if pid else unit_freezes[uid]).append(FreezeFact(reason, start, end))

    histories = Histories()
    for pk, (unit_id, employed_since) in people.items():
        histories.persons[pk] = PersonHistory(
            person_id=pk,
            unit_id=unit_id,
            employed_since=employed_since,
            awards=tuple(awards[pk]),
            ratings=ratings[pk],
            initiatives=tuple(initiatives[pk]),
            disciplines=tuple(disciplines[pk]),
            freezes=tuple(person_freezes[pk]),
        )

    collective_awards: dict[int, list[AwardFact]] = defaultdict(list)
    household_awards: dict[int, list[AwardFact]] = defaultdict(list)
    if unit_ids or household_ids:
        for uid, hid, code, year, occasion in (
            AwardRecord.objects.in_force()
            .filter(Q(collective_id__in=unit_ids) | Q(household_id__in=household_ids))
            .values_list("collective_id", "household_id", "award_kind__code", "year", "occasion")
        ):
            target = collective_awards[uid] if uid else household_awards[hid]
            target.append(AwardFact(code, year, occasion))
    for uid in unit_ids:
        histories.collectives[uid] = CollectiveHistory(
            unit_id=uid,
            awards=tuple(collective_awards[uid]),
            freezes=tuple(unit_freezes[uid]),
            members=tuple(histories.persons[pk] for pk in members[uid]),
        )
    for hid in household_ids:
        histories.households[hid] = HouseholdHistory(household_id=hid, awards=tuple(household_awards[hid]))

    # Per unit-year holders of Advanced Worker / grassroots fighter, for the quota.
    quota_units = {
        people[n.subject_id][0]
        for n in nominees
        if n.subject_kind == INDIVIDUAL and n.award == GRASSROOTS_FIGHTER and n.subject_id in people
    }
    quota_years = {n.year for n in nominees if n.award == GRASSROOTS_FIGHTER}
    if quota_units:
        for uid, year, code, pid in (
            AwardRecord.objects.in_force()
            .filter(
                unit_id__in=quota_units,
                year__in=quota_years,
                award_kind__code__in=[ADVANCED_WORKER, GRASSROOTS_FIGHTER],
                person__isnull=False,
            )
            .values_list("unit_id", "year", "award_kind__code", "person_id")
        ):
            histories.unit_holders.setdefault((uid, year, code), set()).add(pid)
    return histories
