"""Load the plain histories the eligibility engine works on (`awards.eligibility`), for a whole
batch of nominees in a fixed number of queries. The engine itself never touches the database."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

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
from awards.models import AwardRecord, DisciplineRecord, Initiative, ReviewFreeze, TaskRating
from units.models import Person


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
