"""Reads: who sees which scoring table, what each may do, and the ranking (constant queries)."""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from core.roles import Role
from scoring.models import Criterion, Score, ScoringTable
from units import permissions as authority
from units.models import Unit


def tables_visible_to(user) -> QuerySet[ScoringTable]:
    """Scoring tables `user` may see: admins; the organising office's subtree; member units' staff;
    the bloc head. QuerySet.
    """
    qs = ScoringTable.objects.select_related("bloc", "bloc__organiser", "bloc__head")
    if authority.is_admin(user):
        return qs
    q = authority.subtree_q("bloc__organiser", authority.paths_where(user, authority.OFFICE_ROLES))
    q |= Q(bloc__memberships__unit__in=authority.grant_units(user, authority.UNIT_ROLES))
    q |= Q(bloc__head__in=authority.grant_units(user, Role.BLOC_HEAD))
    return qs.filter(q).distinct()


def table_get_for_user(*, user, pk: int) -> ScoringTable:
    """Table `pk` if visible to `user`, else Http404."""
    return get_object_or_404(tables_visible_to(user), pk=pk)


def criteria_of(table: ScoringTable) -> list[Criterion]:
    """The table's criteria in their order."""
    return list(table.criteria.all())


def members_of(table: ScoringTable) -> list[Unit]:
    """The member units of the table's bloc, by name."""
    return list(Unit.objects.filter(bloc_memberships__bloc_id=table.bloc_id).order_by("name", "pk"))


def scores_by_key(table: ScoringTable, *, kind: str, unit_ids=None) -> dict[tuple[int, int], Score]:
    """{(unit_id, criterion_id): Score} for one kind, in one query."""
    qs = Score.objects.filter(table=table, kind=kind)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {(s.unit_id, s.criterion_id): s for s in qs}


@dataclass
class RankRow:
    unit_id: int
    unit_name: str
    self_total: Decimal | None
    cross_total: Decimal | None  # None: "chưa chấm chéo"
    rank: int | None


def compute_ranking(table: ScoringTable) -> list[RankRow]:
    """Totals of SELF and CROSS points per member unit, ranked on the CROSS total (ties share a
    rank: 1, 1, 3); a unit without any cross score has no rank. Two queries."""
    members = list(
        Unit.objects.filter(bloc_memberships__bloc_id=table.bloc_id)
        .order_by("name", "pk")
        .values("pk", "name")
    )
    totals = {
        (row["unit_id"], row["kind"]): row["total"]
        for row in Score.objects.filter(table=table)
        .values("unit_id", "kind")
        .annotate(total=Sum("points"), n=Count("pk"))
        .order_by()
    }
    rows = [
        RankRow(
            unit_id=m["pk"],
            unit_name=m["name"],
            self_total=totals.get((m["pk"], Score.Kind.SELF)),
            cross_total=totals.get((m["pk"], Score.Kind.CROSS)),
            rank=None,
        )
        for m in members
    ]
    scored = sorted((r for r in rows if r.cross_total is not None), key=lambda r: -r.cross_total)
    for i, r in enumerate(scored):
        r.rank = scored[i - 1].rank if i and r.cross_total == scored[i - 1].cross_total else i + 1
    return scored + [r for r in rows if r.cross_total is None]


def ranking_to_json(rows: list[RankRow]) -> list[dict]:
    """Ranking rows as JSON-serialisable dicts (totals as strings)."""
    return [
        {
            **asdict(r),
            "self_total": None if r.self_total is None else str(r.self_total),
            "cross_total": None if r.cross_total is None else str(r.cross_total),
        }
        for r in rows
    ]


def ranking(table: ScoringTable) -> list[RankRow]:
    """The frozen ranking of a final table, else the live one (at most two queries)."""
    if table.status == ScoringTable.Status.FINAL:
        return [
            RankRow(
                unit_id=r["unit_id"],
                unit_name=r["unit_name"],
                self_total=None if r["self_total"] is None else Decimal(r["self_total"]),
                cross_total=None if r["cross_total"] is None else Decimal(r["cross_total"]),
                rank=r["rank"],
            )
            for r in table.ranking_snapshot
        ]
    return compute_ranking(table)


def tables_to_fill_by_head(user) -> QuerySet[ScoringTable]:
    """Scoring tables of the blocs `user` heads that wait for the head: criteria to set (draft)
    or cross-scores to enter (cross_scoring); oldest year first (issue 16 item 1). QuerySet."""
    heads = authority.grant_units(user, Role.BLOC_HEAD)
    return (
        ScoringTable.objects.filter(
            bloc__head__in=heads, status__in=[ScoringTable.Status.DRAFT, ScoringTable.Status.CROSS_SCORING]
        )
        .select_related("bloc")
        .order_by("bloc__year", "bloc__name", "pk")
    )
