"""Statistics tables (issue 16 item 5): counts of the award register by level, award kind, year,
unit type and gender over several years, in the shape described by the table definitions in
``thidua/statistics_tables.py`` (data; ⚠ the exact current Ministry of Home Affairs form is
unconfirmed — see that module).

All tables of a page come from ONE grouped query over the register entries in force that the
user may see (``awards.selectors.award_records_visible_to``), so the page's query count does not
grow with the register; the cells are then summed in Python from the groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Value, When

from awards.choices import LevelCode
from awards.models import AwardAnnulment, AwardKind, AwardRecord, SubjectKind
from core import caching
from thidua.dashboard import Filters, award_records, filters_key, user_scope_key
from thidua.statistics_tables import DIMENSIONS, TABLES
from units.models import Person, Unit

#: The register field (through `values()`) behind each dimension.
_FIELDS = {
    "award_kind": "award_kind__code",
    "award_category": "award_kind__category",
    "award_level": "award_kind__level",
    "decision_level": "decision_level",
    "year": "year",
    "unit_kind": "unit__kind",
    "subject": "subject",
    "gender": "person__gender",
}

_FIXED_ROWS = {
    "award_category": list(AwardKind.Category.choices),
    "award_level": list(AwardKind.Level.choices),
    "decision_level": [*LevelCode.choices, ("", "Chưa ghi cấp")],
    "unit_kind": list(Unit.Kind.choices),
    "subject": list(SubjectKind.choices),
    "gender": list(Person.Gender.choices),
}


@dataclass
class StatTable:
    """A computed table: `headers` (first the row heading), `rows` ([label, count, …]) and the
    `total` row (or None)."""

    code: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None

    def all_rows(self) -> list[list]:
        """The body rows then the total row (for the Excel export)."""
        return [*self.rows, *([self.total] if self.total else [])]


def register_groups(user, filters: Filters) -> list[dict]:
    """The register entries in force visible to `user` in `filters`' year span and scope, grouped
    by every dimension of :data:`~thidua.statistics_tables.DIMENSIONS`: a list of dicts with one
    key per dimension (award kind as code, gender "" for collectives and households) plus
    ``award_kind_name``, ``award_kind_order`` and ``n`` (the count). One query."""
    subject = Case(
        When(person__isnull=False, then=Value(SubjectKind.INDIVIDUAL)),
        When(collective__isnull=False, then=Value(SubjectKind.COLLECTIVE)),
        default=Value(SubjectKind.HOUSEHOLD),
        output_field=CharField(),
    )
    values = [f for f in _FIELDS.values() if f != "subject"]
    out = []
    for g in (
        award_records(user, filters)
        .annotate(subject=subject)
        .values(*values, "subject", "award_kind__name", "award_kind__order")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = {dim: g[f] if g[f] is not None else "" for dim, f in _FIELDS.items()}
        row.update(award_kind_name=g["award_kind__name"], award_kind_order=g["award_kind__order"], n=g["n"])
        out.append(row)
    return out


def _row_keys(dim: str, groups: list[dict], filters: Filters) -> list[tuple[object, str]]:
    if dim == "year":
        return [(y, str(y)) for y in range(filters.year_from, filters.year_to + 1)]
    if dim == "award_kind":
        kinds = {(g["award_kind_order"], g["award_kind_name"], g["award_kind"]) for g in groups}
        return [(code, name) for _order, name, code in sorted(kinds)]
    return [(value, str(label)) for value, label in _FIXED_ROWS[dim]]


def _columns(definition: dict, filters: Filters, groups: list[dict]) -> list[tuple[str, dict]]:
    cols = []
    for col in definition["columns"]:
        if "each" in col:
            for value, label in _row_keys(col["each"], groups, filters):
                cols.append((label, {col["each"]: value}))
        else:
            cols.append((col["label"], col["where"]))
    return cols


def build_table(definition: dict, groups: list[dict], filters: Filters) -> StatTable:
    """Compute one table `definition` (see ``thidua/statistics_tables.py``) from `groups`
    (:func:`register_groups`) for `filters`' span. Raises KeyError for an unknown dimension."""
    dim = definition["rows"]
    cols = _columns(definition, filters, groups)
    keys = _row_keys(dim, groups, filters)
    cells = {key: [0] * len(cols) for key, _label in keys}
    for g in groups:
        line = cells.get(g[dim])
        if line is None:
            continue
        for i, (_label, where) in enumerate(cols):
            if all(g[d] == v for d, v in where.items()):
                line[i] += g["n"]
    year_span = f" ({filters.year_from}–{filters.year_to})" if filters.year_from != filters.year_to else ""
    table = StatTable(
        code=definition["code"],
        title=definition["title"] + (year_span or f" (năm {filters.year_to})"),
        headers=[DIMENSIONS[dim][:1].upper() + DIMENSIONS[dim][1:], *[label for label, _w in cols]],
        rows=[[label, *cells[key]] for key, label in keys],
    )
    if definition.get("total_row"):
        table.total = ["Tổng số", *[sum(r[i] for r in table.rows) for i in range(1, len(cols) + 1)]]
    return table


def statistics_tables(user, filters: Filters, codes: list[str] | None = None) -> list[StatTable]:
    """The tables of :data:`~thidua.statistics_tables.TABLES` (only `codes` when given) computed
    for `user` (its jurisdiction, narrowed to `filters.scope`) over `filters.year_from`..
    `filters.year_to`. One query whatever the register's size; none while the register, the
    catalogue, the units and the people are unchanged since the groups were last counted for
    the same scope and filters (core/caching.py)."""
    groups = caching.cached_aggregate(
        "statistics:register_groups",
        [user_scope_key(user), filters_key(filters)],
        [AwardRecord, AwardAnnulment, AwardKind, Unit, Person],
        lambda: register_groups(user, filters),
    )
    return [build_table(d, groups, filters) for d in TABLES if codes is None or d["code"] in codes]
