"""Reads of the awards workflow, gated by role and unit tree (a forbidden object is a 404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.models import AuditEntry
from nominations.models import (
    AgendaItem,
    BallotParticipation,
    CouncilSession,
    Decision,
    DecisionIssueJob,
    Nomination,
    NominationBatch,
    Recusal,
)
from units import permissions as authority

_paths = authority.paths_where
_under = authority.subtree_q


def batches_visible_to(user) -> QuerySet[NominationBatch]:
    """Unit heads/clerks: their units' batches; secretariat/chair: every sent batch in their tree."""
    own = _paths(user, authority.UNIT_ROLES)
    desk = _paths(user, authority.FILE_ROLES)
    q = _under("unit", own)
    if desk is None or own is None:
        q = Q()
    elif desk:
        q |= _under("unit", desk) & ~Q(status=NominationBatch.Status.DRAFT)
    return NominationBatch.objects.filter(q).select_related("unit", "campaign")


def batch_list_for_user(*, user, status: str = "", inbox: bool = False) -> QuerySet[NominationBatch]:
    """Batches `user` may see, with `nominee_count`, newest first.

    Args: `status` filters one status code ("" = all); `inbox=True` leaves out drafts (the
    secretariat's inbox). Returns a QuerySet.
    """
    qs = batches_visible_to(user).annotate(nominee_count=Count("nominations"))
    if inbox:
        qs = qs.exclude(status=NominationBatch.Status.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def batch_get_for_user(*, user, pk: int) -> NominationBatch:
    """Batch `pk` if `user` may see it, else Http404 (a forbidden object is not found)."""
    return get_object_or_404(batches_visible_to(user), pk=pk)


def batch_nominations(batch: NominationBatch, pks=None, *, cached: bool = False) -> list[Nomination]:
    """The nominees of `batch` with award kind and subject loaded, in entry order: one query
    joining the award kind and the person with their unit, and one more each for the collectives
    and the households among them (none when there are none). Seven joined tables took PostgreSQL
    ≈2 ms to plan, more than reading the rows (issue 17).

    `pks`: only these nominations (ids, e.g. one page of the batch page), else all. With `cached`
    (the batch page only, never a path that writes) the list comes from the cache
    (`core.caching`, keyed by the batch and `pks`) until a batch, nomination, person, unit, award
    kind or household changes: a page of 25 costs ≈3.5 ms to read and build otherwise."""
    from awards.models import AwardKind, Household
    from core import caching
    from units.models import Person, Unit

    def read() -> list[Nomination]:
        qs = batch.nominations.select_related("award_kind", "person__unit")
        if pks is not None:
            qs = qs.filter(pk__in=list(pks))
        nominations = list(qs.order_by("pk"))
        # Prefetched only for the nominees that have one: QuerySet.prefetch_related walks every
        # row even when none does (≈1.6 ms for a page of 25 people, issue 17).
        prefetch_related_objects([n for n in nominations if n.collective_id], "collective")
        prefetch_related_objects([n for n in nominations if n.household_id], "household")
        return nominations

    if not cached:
        return read()
    return caching.cached_aggregate(
        "nominations.batch_nominations",
        [batch.pk, None if pks is None else list(pks)],
        [NominationBatch, Nomination, Person, Unit, AwardKind, Household],  # each keeps its batch
        read,
    )


class NomineeOutline(NamedTuple):
    """What the batch-wide parts of the batch page need of one nominee, without loading the
    nomination, its subject and its dossier text: ids, status, award code, year and the person's
    unit (None for a collective or household). A named tuple: 500 of them are built a request
    (a frozen dataclass took four times as long, issue 17)."""

    pk: int
    status: str
    person_id: int | None
    collective_id: int | None
    household_id: int | None
    award_code: str
    year: int
    person_unit_id: int | None

    @property
    def subject_kind(self) -> str:
        """ "individual", "collective" or "household" (as `Nomination.subject_kind`)."""
        if self.person_id:
            return "individual"
        return "collective" if self.collective_id else "household"


def batch_outline(batch: NominationBatch, *, cached: bool = False) -> list[NomineeOutline]:
    """Every nominee of `batch` as a `NomineeOutline`, in entry order (pk): the batch page's
    summary, quota units and eligibility context over 500 nominees without building 500 model
    instances (issue 17). One query reading a few columns; with `cached` (the pages only, never
    a path that writes) served from the cache (`core.caching`, keyed by the batch) until a
    nomination, person or award kind changes."""
    from awards.models import AwardKind
    from core import caching
    from units.models import Person

    def read() -> list[tuple]:
        return list(
            batch.nominations.order_by("pk").values_list(
                "pk",
                "status",
                "person_id",
                "collective_id",
                "household_id",
                "award_kind__code",
                "year",
                "person__unit_id",
            )
        )

    rows = (
        caching.cached_aggregate(
            "nominations.batch_outline", [batch.pk], [Nomination, Person, AwardKind], read
        )
        if cached
        else read()
    )
    return [NomineeOutline(*row) for row in rows]


def batch_history(batch: NominationBatch):
    """The audit entries of a batch, newest first: those about the batch itself and those about
    its nominees (added, sent, appraised…, kept after a nominee is removed), the latter with
    `about` = the nominee's description ("" for the batch's own entries). One query, actor joined.
    """
    nomination_type = ContentType.objects.get_for_model(Nomination, for_concrete_model=False)
    nominee_ids = Nomination.objects.filter(batch=batch).annotate(key=Cast("pk", CharField())).values("key")
    return (
        AuditEntry.objects.filter(
            Q(
                target_type=ContentType.objects.get_for_model(batch, for_concrete_model=False),
                target_id=str(batch.pk),
            )
            | Q(target_type=nomination_type, target_id__in=nominee_ids)
            | Q(target_type=nomination_type, data__batch=batch.pk)
        )
        .annotate(about=Case(When(target_type=nomination_type, then=F("target_repr")), default=Value("")))
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def sessions_visible_to(user) -> QuerySet[CouncilSession]:
    """Secretariat (standing body) of the council's unit tree, and the council's members."""
    desk = _paths(user, authority.FILE_ROLES)
    q = Q(council__members=user)
    if desk is None:
        q = Q()
    elif desk:
        q |= _under("council__unit", desk)
    return CouncilSession.objects.filter(q).distinct().select_related("council", "council__unit")


def session_list_for_user(*, user) -> QuerySet[CouncilSession]:
    """Council sessions `user` may see, with `item_count`, latest meeting first (QuerySet)."""
    return (
        sessions_visible_to(user)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-meeting_date", "-pk")
    )


def session_get_for_user(*, user, pk: int) -> CouncilSession:
    """Session `pk` if `user` may see it, else Http404."""
    return get_object_or_404(sessions_visible_to(user), pk=pk)


def agenda_queryset(session: CouncilSession) -> QuerySet[AgendaItem]:
    """The agenda of `session` in order (order, pk) as the session page lists it: each nomination
    with its award kind and subject (person, collective or household) joined, no more (each
    further join costs PostgreSQL planning time on every view). A QuerySet to paginate."""
    return session.items.select_related(
        "nomination__award_kind",
        "nomination__person",
        "nomination__collective",
        "nomination__household",
    ).order_by("order", "pk")


def agenda_items(session: CouncilSession) -> list[AgendaItem]:
    """The whole agenda of `session` in order, with each nomination's award kind, batch and subject
    (with the person's unit and the household's village) joined (a list)."""
    return list(
        session.items.select_related(
            "nomination__award_kind",
            "nomination__batch",
            "nomination__person__unit",
            "nomination__collective",
            "nomination__household__village",
        ).order_by("order", "pk")
    )


def agenda_page_of(item: AgendaItem, per_page: int) -> int:
    """The page (1-based, `per_page` items a page) of the session page on which `item` is listed,
    in the agenda order (order, pk). One COUNT query."""
    before = AgendaItem.objects.filter(session_id=item.session_id).filter(
        Q(order__lt=item.order) | Q(order=item.order, pk__lt=item.pk)
    )
    return before.count() // per_page + 1


@dataclass
class MemberBallot:
    """A member's own progress through the secret ballot of a session (never the choices):
    `voted` items voted, `expected` items to vote on (the agenda less the items the member stood
    aside from), `pending_pages` the pages of the session page that still hold an item to vote."""

    voted: int
    expected: int
    pending_pages: list[int]

    @property
    def complete(self) -> bool:
        """True once the member has voted on every item expected of them."""
        return self.voted >= self.expected


def agenda_ids(session: CouncilSession) -> list[int]:
    """The ids of the agenda items of `session` in agenda order (order, pk): one light query that
    pages the session page and feeds the whole-agenda totals."""
    return list(session.items.order_by("order", "pk").values_list("pk", flat=True))


def member_ballot(ids: list[int], *, voted: set[int], recused: set[int], per_page: int) -> MemberBallot:
    """A member's progress in a ballot over the whole agenda, whatever the page shown: `ids` the
    agenda's item ids in order (`agenda_ids`), `voted` the ids of the items the member voted on
    (their `BallotParticipation` rows, never the counters), `recused` those they stood aside from,
    `per_page` the session page's page size. No query. Returns a MemberBallot."""
    pending = sorted({i // per_page + 1 for i, pk in enumerate(ids) if pk not in voted and pk not in recused})
    expected = sum(1 for pk in ids if pk not in recused)
    return MemberBallot(voted=sum(1 for pk in ids if pk in voted), expected=expected, pending_pages=pending)


def batch_visible_through_session(user, batch: NominationBatch) -> bool:
    """Council members may read the dossiers of nominees on their sessions' agendas."""
    return AgendaItem.objects.filter(nomination__batch=batch, session__council__members=user).exists()


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Decisions `user` may see: the secretariat and admins over the issuing unit's tree, and the
    signer of each. Returns a QuerySet with unit and signer joined.
    """
    desk = _paths(user, authority.MANAGING_ROLES)
    q = Q(signer=user)
    if desk is None:
        q = Q()
    elif desk:
        q |= _under("unit", desk)
    return Decision.objects.filter(q).select_related("unit", "signer")


def decision_list_for_user(*, user, to_sign: bool = False) -> QuerySet[Decision]:
    """Decisions `user` may see with `line_count`, newest first; `to_sign=True` keeps the drafts the
    user is to sign.
    """
    qs = decisions_visible_to(user).annotate(line_count=Count("lines"))
    if to_sign:
        qs = qs.filter(signer=user, status=Decision.Status.DRAFT)
    return qs.order_by("-decision_date", "-pk")


def decision_get_for_user(*, user, pk: int) -> Decision:
    """Decision `pk` if `user` may see it, else Http404."""
    return get_object_or_404(decisions_visible_to(user), pk=pk)


def decision_lines(decision: Decision) -> QuerySet:
    """The annex lines of `decision` in order (order, pk), with award kind and certificate joined
    and the award records and their annulments prefetched: a QuerySet to paginate."""
    return (
        decision.lines.select_related("award_kind", "certificate")
        .prefetch_related("award_records__annulment")
        .order_by("order", "pk")
    )


def decision_total(decision: Decision) -> int:
    """The sum of the bonus amounts of every annex line of `decision` (VND), one SQL SUM."""
    return decision.lines.aggregate(total=Coalesce(Sum("amount"), 0))["total"]


def decision_issue_job(decision: Decision) -> DecisionIssueJob | None:
    """The latest background issue job of a draft `decision` (None once issued, or when it has
    none): the decision page shows its progress, or why it failed."""
    if decision.status != Decision.Status.DRAFT:
        return None
    return decision.issue_jobs.order_by("-created_at", "-pk").first()


def decision_annulments(decision: Decision) -> list:
    """The numbered decisions that annulled lines of this decision (documents app)."""
    from documents.selectors import later_decisions_of

    return later_decisions_of(decision.document) if decision.document_id else []


def payment_list(decision: Decision) -> dict:
    """The payment list of an issued decision for finance (danh sách chi thưởng).

    Returns {"rows": [{"order", "name", "detail", "award", "coefficient" (Decimal or None),
    "amount" (VND)}], "total" (VND), "total_words", "base_salary" (VND), "decree"}; the coefficient
    and base salary are those of the rule set in force on the decision date (awards.rules).
    """
    from awards.decision_text import amount_in_words
    from awards.rules import load_rulebook

    rules = load_rulebook()
    rule_set = rules.rule_set_on(decision.decision_date)
    rows = []
    for line in decision.lines.select_related("award_kind").order_by("order", "pk"):
        coefficient = rule_set.coefficients.get((line.award_kind.code, line.subject_kind))
        rows.append(
            {
                "order": line.order,
                "name": line.subject_name,
                "detail": line.subject_detail,
                "award": line.award_kind.name,
                "coefficient": coefficient if line.amount else None,
                "amount": line.amount,
            }
        )
    total = sum(r["amount"] for r in rows)
    return {
        "rows": rows,
        "total": total,
        "total_words": amount_in_words(total),
        "base_salary": rules.base_salary_on(decision.decision_date),
        "decree": rule_set.decree,
    }


OPEN_STATUSES = [
    Nomination.Status.SUBMITTED,
    Nomination.Status.RETURNED,
    Nomination.Status.APPRAISED,
    Nomination.Status.IN_COUNCIL,
    Nomination.Status.APPROVED,
]


def quota_holders(
    *, unit_ids, years, batch: NominationBatch | None = None
) -> dict[tuple[int, int, str], set[int]]:
    """Who counts for the grassroots-fighter quota of each unit-year: the ONE definition used by
    the batch page's quota panel (`quota_budgets`), the dashboard and the eligibility engine's
    quota check (`services.nominations.batch_verdicts` hands it to `evaluate_many`).

    Choice (law.md §4.1: CSTĐCS ≤ 15% "of the people who earned LĐTT" in the year; the commune
    decides both titles, usually in one decision, so the LĐTT of the year are counted as they are
    being proposed): a person counts as Lao động tiên tiến (resp. Chiến sĩ thi đua cơ sở) of unit
    U in year Y when they hold an in-force register record of that title for Y in U, or an open
    nomination of it for Y (any batch: sent, returned, appraised, before or approved by the
    council, not yet recorded), or any nomination of it in `batch` (the batch being prepared,
    drafts included). Refused, not-accepted and annulled nominations do not count. A nomination
    counts in its person's current unit; a record in the unit it names.

    Args: `unit_ids` unit ids; `years` achievement years (ints); `batch` the batch being prepared
    or None. Returns {(unit_id, year, award code): {person ids}} for the codes Advanced Worker
    and grassroots fighter. Two queries. Legal source: ND 91/2017 quota rule (⚠ law.md §4.1).
    """
    from awards.eligibility import ADVANCED_WORKER, GRASSROOTS_FIGHTER
    from awards.models import AwardRecord

    unit_ids, years = set(unit_ids), set(years)
    holders: dict[tuple[int, int, str], set[int]] = {}
    if not unit_ids or not years:
        return holders
    codes = [ADVANCED_WORKER, GRASSROOTS_FIGHTER]
    for uid, year, code, pid in (
        AwardRecord.objects.in_force()
        .filter(unit_id__in=unit_ids, year__in=years, award_kind__code__in=codes)
        .exclude(person=None)
        .values_list("unit_id", "year", "award_kind__code", "person_id")
    ):
        holders.setdefault((uid, year, code), set()).add(pid)
    open_q = Q(status__in=OPEN_STATUSES)
    if batch is not None:
        open_q |= Q(batch=batch)
    for uid, year, code, pid in Nomination.objects.filter(
        open_q, person__unit_id__in=unit_ids, year__in=years, award_kind__code__in=codes
    ).values_list("person__unit_id", "year", "award_kind__code", "person_id"):
        holders.setdefault((uid, year, code), set()).add(pid)
    return holders


def quota_left_label(left: int) -> str:
    """What is left of a quota as the user reads it: the number (3.130 style) when `left` ≥ 0,
    "Vượt N" (over by N) when the budget is exceeded, never a negative number. Legal source:
    none (presentation of the quota rule, law.md §4.1)."""
    from core.formats import format_vn_decimal

    if left < 0:
        return _("Vượt %(n)s") % {"n": format_vn_decimal(-left, 0)}
    return format_vn_decimal(left, 0)


def quota_budgets(
    *, unit_ids, year: int, on_date, batch: NominationBatch | None = None, adding=None, rules=None
) -> list[dict]:
    """The live grassroots-fighter quota of each unit for `year` (issue 16 item 6).

    Args: `unit_ids` the units (ids) whose budget to show; `year` the achievement year; `on_date`
    the date choosing the rule set in force (percent and rounding); `batch` the batch being
    prepared (its nominations count whatever their status); `adding` a `Person` about to be
    proposed as grassroots fighter in `batch` (preview: counted as if added; its unit is shown);
    `rules` the rulebook the caller already loaded (`awards.rules.load_rulebook()`), else loaded.

    Who counts is `quota_holders` (the one definition shared with the eligibility engine).
    Returns one dict per unit, in tree order: unit, advanced_workers (register in force + open
    nominations), fighters (the total counted), in_batch (fighters proposed in `batch`, with
    `adding`), elsewhere (register + other batches' open nominations, not in `batch`), allowed,
    left (may be negative), left_label (`quota_left_label`: what the user reads), percent,
    rounding (label), over (bool), reason (the engine's `check_quota` Reason: Vietnamese message
    and legal citation). Six queries at most, whatever the number of units or nominations. Raises
    ValidationError when no rule set covers `on_date`.
    Legal source: the quota rule (grassroots fighters ≤ quota % of Advanced Workers, ⚠ law.md §4.1).
    """
    from decimal import Decimal

    from awards.eligibility import (
        ADVANCED_WORKER,
        GRASSROOTS_FIGHTER,
        QUOTA_ROUNDING_LABEL,
        check_quota,
        quota_allowed,
    )
    from awards.rules import load_rulebook
    from units.models import Unit

    unit_ids = set(unit_ids)
    if adding is not None:
        unit_ids.add(adding.unit_id)
    if not unit_ids:
        return []
    by_year = quota_holders(unit_ids=unit_ids, years={year}, batch=batch)
    holders = {(uid, code): pids for (uid, _y, code), pids in by_year.items()}
    in_batch: dict[int, set[int]] = {}
    if batch is not None:
        for uid, pid in Nomination.objects.filter(
            batch=batch, person__unit_id__in=unit_ids, year=year, award_kind__code=GRASSROOTS_FIGHTER
        ).values_list("person__unit_id", "person_id"):
            in_batch.setdefault(uid, set()).add(pid)
    if adding is not None:
        holders.setdefault((adding.unit_id, GRASSROOTS_FIGHTER), set()).add(adding.pk)
        in_batch.setdefault(adding.unit_id, set()).add(adding.pk)
    rs = (rules if rules is not None else load_rulebook()).rule_set_on(on_date)
    percent = Decimal(str(rs.param("grassroots_fighter.quota_percent")))
    rounding = str(rs.param("grassroots_fighter.quota_rounding"))
    out = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("path"):
        aw = len(holders.get((unit.pk, ADVANCED_WORKER), ()))
        fighters = holders.get((unit.pk, GRASSROOTS_FIGHTER), set())
        mine = in_batch.get(unit.pk, set())
        allowed = quota_allowed(aw, percent, rounding)
        reason = check_quota(advanced_workers=aw, fighters=len(fighters), rs=rs)
        out.append(
            {
                "unit": unit,
                "advanced_workers": aw,
                "fighters": len(fighters),
                "in_batch": len(mine),
                "elsewhere": len(fighters - mine),
                "allowed": allowed,
                "left": allowed - len(fighters),
                "left_label": quota_left_label(allowed - len(fighters)),
                "percent": f"{percent.normalize():f}".replace(".", ","),
                "rounding": QUOTA_ROUNDING_LABEL.get(rounding, rounding),
                "over": not reason.ok,
                "reason": reason,
            }
        )
    return out


def is_grassroots_fighter_kind(award_kind_id: int | None) -> bool:
    """Is the award kind with pk `award_kind_id` (None allowed) the grassroots-fighter title, the
    one under the unit quota (law.md §4.1)? One query (none for None)."""
    from awards.eligibility import GRASSROOTS_FIGHTER
    from awards.models import AwardKind

    return (
        bool(award_kind_id) and AwardKind.objects.filter(pk=award_kind_id, code=GRASSROOTS_FIGHTER).exists()
    )


def batch_quota_units(batch: NominationBatch, outline: list[NomineeOutline]) -> set[int]:
    """The units (ids) whose grassroots-fighter budget the batch page shows: when the batch
    proposes any grassroots fighter, the units of all its individual nominees (`outline` as from
    `batch_outline(batch)`); else none. No query. Legal source: the quota is per unit and year
    (law.md §4.1)."""
    from awards.eligibility import GRASSROOTS_FIGHTER

    if not any(n.award_code == GRASSROOTS_FIGHTER for n in outline):
        return set()
    return {n.person_unit_id for n in outline if n.person_id}


def deciding_level_for_unit(unit) -> str | None:
    """The level code (e.g. "commune", "province") of the nearest council at or above `unit`: the
    body that decides its awards (law.md §6), or None when no council sits over it. One query."""
    from nominations.models import Council

    council = Council.objects.filter(authority.ancestors_q("unit", unit)).order_by("-unit__depth").first()
    return council.level if council else None


# --- Cockpit (issue 16 item 1) ---------------------------------------------------------------
def batches_to_appraise(user) -> QuerySet[NominationBatch]:
    """Batches sent to the desk of `user` (secretariat over the proposing unit; all for admins),
    oldest first: the secretariat appraises or returns them. QuerySet."""
    if not authority.holds_any(user, authority.MANAGING_ROLES):
        return NominationBatch.objects.none()
    return (
        batches_visible_to(user)
        .filter(
            _under("unit", _paths(user, authority.MANAGING_ROLES)), status=NominationBatch.Status.SUBMITTED
        )
        .order_by("submitted_at", "pk")
    )


def batches_returned_to(user) -> QuerySet[NominationBatch]:
    """Batches of the user's own units (unit head / clerk grants) returned with a reason,
    most recent first. QuerySet with unit joined."""
    return (
        NominationBatch.objects.filter(
            status=NominationBatch.Status.RETURNED, unit__in=authority.own_units(user)
        )
        .select_related("unit")
        .order_by("-updated_at", "-pk")
    )


def own_batches(user) -> QuerySet[NominationBatch]:
    """The batches of the user's own units with `nominee_count` and `decided_count`, newest
    first (the unit head's view of its nominations' status). QuerySet."""
    return (
        NominationBatch.objects.filter(unit__in=authority.own_units(user))
        .select_related("unit")
        .annotate(
            nominee_count=Count("nominations", distinct=True),
            decided_count=Count(
                "nominations", filter=Q(nominations__status=Nomination.Status.DECIDED), distinct=True
            ),
        )
        .order_by("-created_at", "-pk")
    )


def own_nomination_status_counts(user) -> list[tuple[str, int]]:
    """[(status label, count)] of the nominations in the user's own units' batches, in the
    workflow's order (one query)."""
    rows = dict(
        Nomination.objects.filter(batch__unit__in=authority.own_units(user))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [(label, rows[code]) for code, label in Nomination.Status.choices if rows.get(code)]


def sessions_to_prepare(user) -> QuerySet[CouncilSession]:
    """Planned sessions of the councils `user` runs (secretariat of the council's unit tree),
    soonest meeting first. QuerySet."""
    if not authority.holds_any(user, authority.MANAGING_ROLES):
        return CouncilSession.objects.none()
    return (
        sessions_visible_to(user)
        .filter(
            _under("council__unit", _paths(user, authority.MANAGING_ROLES)),
            status=CouncilSession.Status.PLANNED,
        )
        .order_by("meeting_date", "pk")
    )


def member_sessions(user) -> QuerySet[CouncilSession]:
    """Sessions not yet closed of the councils `user` is a member of, with `pending_ballots`: the
    agenda items of a voting session on which the member has neither voted nor recused (never how
    anyone voted). Soonest meeting first. QuerySet."""
    voted = BallotParticipation.objects.filter(item=OuterRef("pk"), member=user)
    recused = Recusal.objects.filter(item=OuterRef("pk"), member=user)
    pending = (
        AgendaItem.objects.filter(session=OuterRef("pk"), session__status=CouncilSession.Status.VOTING)
        .exclude(Exists(voted))
        .exclude(Exists(recused))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return (
        CouncilSession.objects.filter(council__members=user)
        .exclude(status=CouncilSession.Status.CLOSED)
        .select_related("council")
        .annotate(pending_ballots=Coalesce(Subquery(pending, output_field=IntegerField()), zero))
        .order_by("meeting_date", "pk")
    )


# --- Ballot console (issue 16 item 3) --------------------------------------------------------
@dataclass
class ConsoleRow:
    """One agenda item in the console: how many of the expected voters have voted, and who has
    not (names only: the choices are never read)."""

    item: AgendaItem
    expected: int
    voted: int
    recused: int
    missing: list = field(default_factory=list)


@dataclass
class BallotConsole:
    """Participation in a session's ballot: rows per item and the totals the close step states."""

    rows: list[ConsoleRow]
    attendee_count: int
    missing_members: list = field(default_factory=list)
    missing_item_count: int = 0

    @property
    def message(self) -> str:
        """ "Còn 2/7 thành viên chưa bỏ phiếu cho 3 đối tượng" ("" when nobody is missing)."""
        if not self.missing_members:
            return ""
        return _("Còn %(m)s/%(n)s thành viên chưa bỏ phiếu cho %(i)s đối tượng") % {
            "m": len(self.missing_members),
            "n": self.attendee_count,
            "i": self.missing_item_count,
        }


def ballot_console(
    session: CouncilSession,
    *,
    items: list[AgendaItem] | None = None,
    ids: list[int] | None = None,
    recusals: list[Recusal] | None = None,
) -> BallotConsole:
    """Who has voted on each agenda item of `session` and who has not (four queries, whatever the
    size): the expected voters of an item are the attendees who have not stood aside from it.

    `items`: the agenda items to give rows for (the page of the session page shown), with `ids`
    the whole agenda's ids when the caller has them (`agenda_ids`); None gives a row for every
    item; `recusals` every Recusal of the session when the caller has read them. The totals
    (missing members, items still missing votes) always cover the whole agenda. Reads only
    `BallotParticipation` (member, item) and `Recusal`, never `BallotTally`: the console cannot
    show how anyone voted (architecture.md §3: ballots are secret). Returns a BallotConsole.
    """
    attendees = list(session.attendees.order_by("full_name", "username"))
    if items is None:
        items = agenda_items(session)
        ids = [item.pk for item in items]
    elif ids is None:
        ids = agenda_ids(session)
    voted = set(BallotParticipation.objects.filter(session=session).values_list("item_id", "member_id"))
    if recusals is None:
        recused = set(Recusal.objects.filter(item__session=session).values_list("item_id", "member_id"))
    else:
        recused = {(r.item_id, r.member_id) for r in recusals}

    def missing_on(pk):
        return [u for u in attendees if (pk, u.pk) not in recused and (pk, u.pk) not in voted]

    missing_members, missing_item_count = {}, 0
    for pk in ids:
        missing = missing_on(pk)
        missing_item_count += bool(missing)
        for u in missing:
            missing_members[u.pk] = u
    rows = []
    for item in items:
        missing = missing_on(item.pk)
        recused_here = sum(1 for u in attendees if (item.pk, u.pk) in recused)
        expected = len(attendees) - recused_here
        rows.append(
            ConsoleRow(
                item=item,
                expected=expected,
                voted=expected - len(missing),
                recused=recused_here,
                missing=missing,
            )
        )
    return BallotConsole(
        rows=rows,
        attendee_count=len(attendees),
        missing_members=list(missing_members.values()),
        missing_item_count=missing_item_count,
    )
