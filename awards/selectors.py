"""Reads: the award register (visibility-gated) and award histories. The eligibility engine's
batch history loading is `awards.histories.load_histories`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.shortcuts import get_object_or_404

from awards.models import (
    AwardKind,
    AwardRecord,
    Household,
)
from core.search import fold_diacritics
from units import permissions
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
    """The register search: name without diacritics, unit (and its sub-units), year, award kind.

    Related rows are prefetched (one small query each) rather than joined: with six joins
    PostgreSQL spent ≈76 ms planning the page query at 500,000 records for a 2 ms execution
    (`make bench`, issue 17). The query count stays constant per page.

    A search of three or more words (of two letters or more) also asks for the words run
    together in the key with its spaces removed: implied by the search itself (same rows), it
    lets PostgreSQL use the trigram index of the space-free key (migration 0013), whose
    cross-word trigrams are far rarer than the word-edge trigrams (" th", "hi ", "ng ") of the
    plain key: "hoang thi lan" read 445 index pages (≈13 ms) there and 155 (≈4 ms) here at
    500,000 records; sampled full names ran ≈5× faster (`make bench`, issue 17). Shorter
    searches keep the plain index: for two words or a one-letter word the space-free trigrams
    are common and the planner combining both indexes was slower.
    """
    qs = award_records_visible_to(user).select_related(None).prefetch_related(*_RECORD_RELATED)
    if search:
        folded = fold_diacritics(search)
        qs = qs.filter(subject_key__contains=folded)
        words = folded.split(" ")
        if len(words) >= 3 and all(len(w) >= 2 for w in words):
            compact = Replace("subject_key", Value(" "), Value(""))
            qs = qs.alias(subject_compact=compact).filter(subject_compact__contains=folded.replace(" ", ""))
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
    """Awards the unit received as a collective, with those of the units merged into it (its
    predecessors, at any depth: law.md §9 keeps merged units' history), newest first.

    Each record's `collective` is the unit that received it (the page names a former unit).
    """
    units, frontier = {unit.pk}, [unit.pk]
    while frontier:  # one query per generation of mergers
        found = Unit.objects.filter(successor__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in found if pk not in units]
        units.update(frontier)
    return list(
        AwardRecord.objects.filter(collective__in=units)
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


# --- Fairness view (issue 16 item 6) ---------------------------------------------------------
#: The dimensions of the fairness view: (key, heading, the register field, individuals only).
FAIRNESS_DIMENSIONS = (
    ("unit_kind", "Loại đơn vị", "unit__kind", False),
    ("leader", "Vị trí: lãnh đạo, quản lý hay cán bộ, nhân viên", "person__is_leader", True),
    ("gender", "Giới tính", "person__gender", True),
    ("ethnicity", "Dân tộc", "person__ethnicity", True),
)


def _fairness_label(key: str, value) -> str:
    if key == "unit_kind":
        return str(dict(Unit.Kind.choices).get(value, value))
    if key == "leader":
        return "Lãnh đạo, quản lý" if value else "Cán bộ, nhân viên"
    if key == "gender":
        return str(dict(Person.Gender.choices).get(value, value))
    return value or "Chưa ghi dân tộc"


def _share(part: int, whole: int):
    from decimal import Decimal

    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


def award_fairness(*, user, years: list[int], unit: Unit | None = None) -> list[dict]:
    """Shares of awards (register in force) by unit type, position level (leaders vs staff),
    gender and ethnicity, year by year, so a council sees whether awards concentrate on leaders.

    Args: `user` whose jurisdiction is read (secretariat, signers, council members:
    `units.permissions.OFFICE_ROLES`; administrators see all); `years` the achievement years (ints,
    the columns, in the order given); `unit` narrows to that unit's subtree (the caller checks
    it is visible). Unit type counts every record (by the unit the subject belonged to); the
    person dimensions count individual awards only.

    Returns one dict per dimension: key, title, individuals_only, years, rows = [{label, cells:
    [{count, share}]}] (share = % of that year's total, Decimal with one decimal, None when the
    year has none), headcount and headcount_share (person dimensions: the people now in scope
    with that value, the base rate to compare with; 0 and None otherwise), totals = [count per
    year]. Served from the cache (`core.caching`, keyed by the user's subtrees, the years and the
    unit) until the register, an annulment, a person or a unit changes; computed, it is two
    GROUP BY queries (records, people), whatever the size of the register. Raises nothing.
    Legal source: the principles of the Law on Emulation and Commendation 2022 (accurate,
    public, transparent, fair; priority to people who work directly in production: law.md §1).
    """
    from awards.models import AwardAnnulment
    from core import caching

    paths = permissions.paths_where(user, permissions.OFFICE_ROLES)
    years = list(years)
    return caching.cached_aggregate(
        "awards.fairness",
        [paths, years, unit.pk if unit is not None else None],
        [AwardRecord, AwardAnnulment, Person, Unit],
        lambda: _award_fairness_compute(paths, years, unit),
    )


def _award_fairness_compute(paths: list[str] | None, years: list[int], unit: Unit | None) -> list[dict]:
    """`award_fairness` computed: the records of the subtrees `paths` (None = all) grouped once by
    unit kind, the person's position level, gender, ethnicity and year; the people once by the
    three person fields. The dimensions are sums over those groups (Python, a few hundred rows)."""
    from django.db.models import Count, Exists, OuterRef

    from awards.models import AwardAnnulment

    # "In force" as NOT EXISTS, not `in_force()`'s LEFT JOIN … IS NULL: with the join PostgreSQL
    # estimated 500 rows of 250,000 and sorted them on disk (2.2 s instead of 0.6 s, `make bench`).
    annulled = AwardAnnulment.objects.filter(record=OuterRef("pk"))
    records = AwardRecord.objects.filter(
        ~Exists(annulled), permissions.subtree_q("unit", paths), year__in=years
    )
    people = Person.objects.filter(permissions.subtree_q("unit", paths))
    if unit is not None:
        records = records.filter(unit__in=subtree_of_unit(unit))
        people = people.filter(unit__in=subtree_of_unit(unit))
    person_fields = [f for _k, _t, f, individuals_only in FAIRNESS_DIMENSIONS if individuals_only]
    record_fields = [f for _k, _t, f, _i in FAIRNESS_DIMENSIONS]
    grouped = list(
        records.order_by()
        .values(*record_fields, "year")
        .annotate(individual=Count("person_id"), n=Count("pk"))
        .values_list(*record_fields, "year", "individual", "n")
    )
    attrs = [f.removeprefix("person__") for f in person_fields]
    head_groups = list(people.order_by().values(*attrs).annotate(n=Count("pk")).values_list(*attrs, "n"))
    out = []
    for key, title, fieldname, individuals_only in FAIRNESS_DIMENSIONS:
        at = record_fields.index(fieldname)
        counts: dict[object, dict[int, int]] = {}
        for row in grouped:
            year, individual, n = row[-3], row[-2], row[-1]
            if individuals_only:
                if not individual:
                    continue  # a collective's or household's record (person fields are NULL)
                n = individual
            per_year = counts.setdefault(row[at], {})
            per_year[year] = per_year.get(year, 0) + n
        heads: dict[object, int] = {}
        if individuals_only:
            hat = attrs.index(fieldname.removeprefix("person__"))
            for row in head_groups:
                heads[row[hat]] = heads.get(row[hat], 0) + row[-1]
            for value in heads:
                counts.setdefault(value, {})
        totals = [sum(c.get(y, 0) for c in counts.values()) for y in years]
        head_total = sum(heads.values())
        rows = [
            {
                "label": _fairness_label(key, value),
                "cells": [
                    {"count": c.get(y, 0), "share": _share(c.get(y, 0), totals[i])}
                    for i, y in enumerate(years)
                ],
                "headcount": heads.get(value, 0),
                "headcount_share": _share(heads.get(value, 0), head_total),
            }
            for value, c in counts.items()
        ]
        rows.sort(key=lambda r: (-sum(cell["count"] for cell in r["cells"]), -r["headcount"], r["label"]))
        out.append(
            {
                "key": key,
                "title": title,
                "individuals_only": individuals_only,
                "years": list(years),
                "rows": rows,
                "totals": totals,
            }
        )
    return out


# --- Who is due this year (issue 16 item 6) --------------------------------------------------
@dataclass
class DueRow:
    """One subject whose history makes it eligible for `award` in the year: `subject` a Person
    (individual) or a Unit (collective); `reasons` the engine's passed checks (message, citation);
    `if_fighter` = the verdict counts this year's grassroots fighter, itself due (not yet conferred)."""

    subject_kind: str
    subject: object
    award: str
    award_name: str
    reasons: list = field(default_factory=list)
    if_fighter: bool = False

    @property
    def is_individual(self) -> bool:
        return isinstance(self.subject, Person)


def due_year_default(today: date) -> int:
    """The achievement year the "who is due" page opens on: the current year in December (the
    year-end review, its ratings being entered), else the year before (its review and awards run
    into the new year, and its ratings are in). `today` a date; returns the year (int). Legal
    source: none (a page default; the year is chosen on the page)."""
    return today.year if today.month == 12 else today.year - 1


_DUE_ORDER = {"grassroots_fighter": 0, "provincial_fighter": 1, "merit_diploma": 2, "excellent_collective": 3}
_DUE_HIDDEN_REASONS = {"under_review"}


#: At most this many candidates are judged in one request; a larger subtree (a whole province)
#: is narrowed to a sub-unit first (the page says so).
DUE_MAX_CANDIDATES = 3000


class TooManyCandidates(Exception):
    """The subtree has more than `DUE_MAX_CANDIDATES` candidates: choose a sub-unit."""


def who_is_due(*, unit: Unit, year: int, on_date: date) -> list[DueRow]:
    """People and collectives of `unit`'s subtree whose history makes them eligible, for `year`,
    for a higher title or a Bằng khen they do not hold yet: Chiến sĩ thi đua cơ sở, Chiến sĩ thi
    đua cấp tỉnh, Bằng khen of the provincial chairman (individuals) and Tập thể lao động xuất
    sắc (collectives), as the eligibility engine judges them (`awards.eligibility.evaluate`)
    under the rule set in force on `on_date`.

    Candidates (bounded): people of the subtree with an Advanced Worker or grassroots-fighter
    record of `year`, a grassroots-fighter record of `year - 1`, an "excellent" rating or an
    initiative of `year`; collectives: the units of those holding, or due, grassroots fighter in
    `year`. Grassroots fighters are judged first; one found due counts as pending for the higher
    titles and the collectives (as in a batch: `evaluate_many`), without the quota, which is the
    batch's business (the batch page shows it live).

    Args: `unit` (the caller checks it is visible), `year` (int), `on_date` (date). Returns the
    `DueRow`s, by award then name. Served from the cache (`core.caching`, keyed by the unit, the
    year and the date) until one of the engine's input tables changes (`due_inputs()`: the
    register, ratings, initiatives, discipline, freezes, people, units, the rule sets); computed,
    a fixed number of queries (about 30), whatever the number of candidates. Raises
    `TooManyCandidates` when the subtree has more than `DUE_MAX_CANDIDATES` (the page asks for a
    sub-unit); a missing rule set yields no row. Legal source: Law on Emulation and Commendation
    2022 Art. 23-28, 74; ND 152/2025 Art. 4 (law.md §4, §5).
    """
    from core import caching

    def compute():
        try:
            return _who_is_due_compute(unit=unit, year=year, on_date=on_date)
        except TooManyCandidates:
            return None  # cached too: the candidate query is the costly part

    rows = caching.cached_aggregate(
        "awards.who_is_due", [unit.pk, unit.path, year, on_date.isoformat()], due_inputs(), compute
    )
    if rows is None:
        raise TooManyCandidates(unit)
    return rows


def due_inputs() -> list:
    """The model classes the "who is due" rows are computed from (the eligibility engine's
    histories and rule book), each tracked by `core.caching` (awards/apps.py, units/apps.py)."""
    from awards import models as m

    return [
        m.AwardRecord,
        m.AwardAnnulment,
        m.AwardKind,
        m.TaskRating,
        m.Initiative,
        m.DisciplineRecord,
        m.ReviewFreeze,
        m.RuleSet,
        m.RuleParameter,
        m.AwardCoefficient,
        m.ConferringAuthority,
        Person,
        Unit,
    ]


def _who_is_due_compute(*, unit: Unit, year: int, on_date: date) -> list[DueRow]:
    """`who_is_due` computed (no cache). Raises `TooManyCandidates`."""
    from django.core.exceptions import ValidationError
    from django.db.models import Exists, OuterRef

    from awards import eligibility as e
    from awards.histories import load_histories
    from awards.models import Initiative, TaskRating
    from awards.rules import load_rulebook

    rules = load_rulebook()
    try:
        rules.rule_set_on(on_date)
    except ValidationError:
        return []
    subtree = subtree_of_unit(unit)
    records = AwardRecord.objects.in_force().filter(person=OuterRef("pk"))
    candidates = dict(
        Person.objects.filter(unit__in=subtree)
        .filter(
            Exists(records.filter(year=year, award_kind__code__in=[e.ADVANCED_WORKER, e.GRASSROOTS_FIGHTER]))
            | Exists(records.filter(year=year - 1, award_kind__code=e.GRASSROOTS_FIGHTER))
            | Exists(TaskRating.objects.filter(person=OuterRef("pk"), year=year, rating="excellent"))
            | Exists(Initiative.objects.filter(person=OuterRef("pk"), year=year))
        )
        .order_by()
        .values_list("pk", "unit_id")[: DUE_MAX_CANDIDATES + 1]
    )
    if len(candidates) > DUE_MAX_CANDIDATES:
        raise TooManyCandidates(unit)
    awards = (e.GRASSROOTS_FIGHTER, e.PROVINCIAL_FIGHTER, e.MERIT_DIPLOMA)
    nominees = [e.Nominee(e.INDIVIDUAL, pid, award, year) for pid in candidates for award in awards]
    histories = load_histories(nominees)
    due: list[tuple[e.Nominee, e.Verdict, bool]] = []
    pending: set = set()
    for n in nominees:  # grassroots fighters first: those due count as pending for the rest
        if n.award == e.GRASSROOTS_FIGHTER and not _holds(histories.persons.get(n.subject_id), n):
            v = e.evaluate(n, on_date, rules=rules, histories=histories)
            if v.eligible:
                pending.add((e.INDIVIDUAL, n.subject_id, n.award, year))
                due.append((n, v, False))
    for n in nominees:
        if n.award != e.GRASSROOTS_FIGHTER and not _holds(histories.persons.get(n.subject_id), n):
            v = e.evaluate(n, on_date, rules=rules, histories=histories, pending=pending)
            if v.eligible:
                alone = e.evaluate(n, on_date, rules=rules, histories=histories)
                due.append((n, v, not alone.eligible))
    fighter_units = {
        candidates[pid]
        for pid in candidates
        if (e.INDIVIDUAL, pid, e.GRASSROOTS_FIGHTER, year) in pending
        or histories.persons[pid].has(e.GRASSROOTS_FIGHTER, year, regular_only=False)
    }
    collectives = [e.Nominee(e.COLLECTIVE, uid, e.EXCELLENT_COLLECTIVE, year) for uid in fighter_units]
    if collectives:
        unit_histories = load_histories(collectives)
        for n in collectives:
            c = unit_histories.collectives[n.subject_id]
            if any(a.award == n.award and a.year == year for a in c.awards):
                continue
            v = e.evaluate(n, on_date, rules=rules, histories=unit_histories, pending=pending)
            if v.eligible:
                alone = e.evaluate(n, on_date, rules=rules, histories=unit_histories)
                due.append((n, v, not alone.eligible))
    people = Person.objects.select_related("unit").in_bulk(
        {n.subject_id for n, _v, _p in due if n.subject_kind == e.INDIVIDUAL}
    )
    units = Unit.objects.in_bulk({n.subject_id for n, _v, _p in due if n.subject_kind == e.COLLECTIVE})
    rows = [
        DueRow(
            subject_kind=n.subject_kind,
            subject=(people if n.subject_kind == e.INDIVIDUAL else units)[n.subject_id],
            award=n.award,
            award_name=rules.award_names.get(n.award, n.award),
            reasons=[r for r in v.reasons if r.code not in _DUE_HIDDEN_REASONS],
            if_fighter=if_fighter,
        )
        for n, v, if_fighter in due
    ]
    rows.sort(key=lambda r: (_DUE_ORDER.get(r.award, 9), getattr(r.subject, "search_key", ""), r.subject.pk))
    return rows


def _holds(history, nominee) -> bool:
    """Does the person already hold the award for the year (any occasion, in force)?"""
    return bool(history) and history.has(nominee.award, nominee.year, regular_only=False)


def due_unit_get_for_user(*, user, pk: int) -> Unit:
    """Unit `pk` for the "who is due" page if `user` sees it (tree roles: its staff, the desk and
    the signers over it), else Http404 (forbidden = not found). One query."""
    return get_object_or_404(units_visible_to(user), pk=pk)


def due_default_unit(user) -> Unit | None:
    """The unit the "who is due" page opens on: the highest unit of the user's tree-role grants
    (the first top unit for an administrator without one), or None. At most two queries."""
    units = sorted(permissions.grant_units(user, permissions.TREE_ROLES), key=lambda u: (u.depth, u.path))
    if units:
        return units[0]
    return units_visible_to(user).order_by("depth", "path").first()


def fairness_units(user) -> QuerySet[Unit]:
    """Units whose awards `user` may read as shares (the fairness view): the subtrees of its
    office-role grants (secretariat, signers, council members; all for admins). QuerySet."""
    return permissions.units_where(user, permissions.OFFICE_ROLES)
