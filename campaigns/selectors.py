"""Reads for campaigns and registrations, with visibility decided in one place each."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Commitment, Registration, Target, TargetAssignment
from core.search import fold_diacritics
from units import permissions as authority
from units.models import Unit


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Office roles: campaigns launched in their branch. Units: launched campaigns they take part in."""
    qs = Campaign.objects.select_related("launching_unit", "launching_unit__level")
    if authority.is_admin(user):
        return qs
    unit_paths = authority.paths_where(user, authority.UNIT_ROLES)
    q = authority.subtree_q("launching_unit", authority.paths_where(user, authority.OFFICE_ROLES))
    q |= ~Q(status=Campaign.Status.DRAFT) & (
        authority.subtree_q("participants", unit_paths)
        | authority.subtree_q("participant_blocs__memberships__unit", unit_paths)
    )
    ids = Campaign.objects.filter(q).values("pk")
    return qs.filter(pk__in=ids)


def campaign_list_for_user(*, user, search="", year=None, kind="", status="", level="") -> QuerySet[Campaign]:
    """Campaigns `user` may see with `target_count` and `registration_count`, filtered by a folded
    `search`, `year`, `kind`, `status` and launching `level`; QuerySet.
    """
    qs = campaigns_visible_to(user).annotate(
        target_count=Count("targets", distinct=True),
        registration_count=Count("registrations", distinct=True),
    )
    if search:
        qs = qs.filter(search_key__contains=fold_diacritics(search))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(launching_unit__level__code=level)
    return qs.order_by("-year", "-pk")


def campaign_get_for_user(*, user, pk: int, detail: bool = True) -> Campaign:
    """Campaign `pk` (int) if visible to `user`, else Http404. With `detail` (the campaign's own
    pages) its sections, documents and blocs are prefetched; pages that show only its title and
    year (the report tracker) pass False and save those three queries."""
    qs = campaigns_visible_to(user)
    if detail:
        qs = qs.prefetch_related("sections", "documents", "participant_blocs")
    return get_object_or_404(qs, pk=pk)


def campaign_years(user) -> list[int]:
    """Years of the campaigns `user` may see, newest first."""
    return sorted(set(campaigns_visible_to(user).values_list("year", flat=True)), reverse=True)


def participating_units(campaign: Campaign) -> QuerySet[Unit]:
    """Units taking part directly or through a participating bloc/cluster."""
    return Unit.objects.filter(
        Q(campaigns=campaign) | Q(bloc_memberships__bloc__campaigns=campaign)
    ).distinct()


def targets_with_assignments(campaign: Campaign) -> QuerySet[Target]:
    """The campaign's targets with their per-unit assignments prefetched."""
    return campaign.targets.prefetch_related("assignments__unit")


@dataclass(frozen=True)
class UnitGoal:
    """A unit's own value for one target and where it comes from."""

    value: Decimal
    source: str  # "assigned" | "committed" | "campaign"

    SOURCE_LABELS = {"assigned": "giao riêng", "committed": "đăng ký đã duyệt", "campaign": "chỉ tiêu chung"}

    @property
    def source_label(self) -> str:
        return self.SOURCE_LABELS[self.source]


def unit_goals(targets, unit_ids) -> dict[tuple[int, int], UnitGoal]:
    """Each unit's own target: {(unit_id, target_id): UnitGoal} — the ONE place that decides it.

    `targets`: Target objects of one campaign; `unit_ids`: unit primary keys (a list, or a
    values_list QuerySet, evaluated here and then used as a subquery). In order:
    1. a value assigned to the unit (TargetAssignment, "giao riêng");
    2. else the value the unit committed to in its APPROVED registration (Commitment);
    3. else, for a rate target (%, ‰), the campaign's rate: a rate such as "tỷ lệ tiêm chủng
       đạt 98,5%" is a requirement on every unit; a quantity target (tỷ đồng, ha, hồ sơ) is the
       whole jurisdiction's and is never a single unit's goal — such a unit has no goal (absent).
    Two queries.
    """
    targets = list(targets)
    # A QuerySet of ids (evaluated once, here) filters as a subquery: no IN list of 1,500 ids.
    in_ids = unit_ids if isinstance(unit_ids, QuerySet) else None
    unit_ids = list(unit_ids)
    if in_ids is None:
        in_ids = unit_ids
    if not targets or not unit_ids:
        return {}
    out: dict[tuple[int, int], UnitGoal] = {}
    for t in targets:
        if t.is_rate:
            for u in unit_ids:
                out[(u, t.pk)] = UnitGoal(Decimal(t.value), "campaign")
    for unit_id, target_id, value in Commitment.objects.filter(
        target__in=targets,
        registration__unit_id__in=in_ids,
        registration__status=Registration.Status.APPROVED,
    ).values_list("registration__unit_id", "target_id", "value"):
        out[(unit_id, target_id)] = UnitGoal(value, "committed")
    for unit_id, target_id, value in TargetAssignment.objects.filter(
        target__in=targets, unit_id__in=in_ids
    ).values_list("unit_id", "target_id", "value"):
        out[(unit_id, target_id)] = UnitGoal(value, "assigned")
    return out


def registration_tracker(campaign: Campaign) -> QuerySet[Unit]:
    """Participating units annotated with their registration's id and status (one query)."""
    reg = Registration.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    return (
        participating_units(campaign)
        .annotate(
            registration_id=Subquery(reg.values("pk")[:1]),
            registration_status=Subquery(reg.values("status")[:1]),
        )
        .order_by("path")
    )


def units_registering_for_user(user, campaign: Campaign) -> QuerySet[Unit]:
    """The participating units this user registers for (its unit-head/clerk grants)."""
    return participating_units(campaign).filter(pk__in=authority.own_units(user).values("pk"))


def registrations_visible_to(user) -> QuerySet[Registration]:
    """The jurisdiction's desk and signer: registrations of campaigns launched in its branch;
    unit staff: its units' registrations. Council members do not read units' files (README)."""
    qs = Registration.objects.select_related("campaign", "unit", "campaign__launching_unit")
    if authority.is_admin(user):
        return qs
    q = authority.subtree_q("campaign__launching_unit", authority.paths_where(user, authority.FILE_ROLES))
    q |= authority.subtree_q("unit", authority.paths_where(user, authority.UNIT_ROLES))
    return qs.filter(q)


def registration_get_for_user(*, user, pk: int) -> Registration:
    """Registration `pk` if visible to `user` (commitments, individuals prefetched), else Http404."""
    return get_object_or_404(
        registrations_visible_to(user).prefetch_related(
            Prefetch("commitments__target"), Prefetch("individuals__person")
        ),
        pk=pk,
    )


def my_campaigns(user) -> list[tuple[Campaign, list]]:
    """For a unit head: launched campaigns concerning its units, with its registrations."""
    campaigns = list(
        campaigns_visible_to(user).exclude(status=Campaign.Status.DRAFT).order_by("-year", "-pk")[:20]
    )
    regs = Registration.objects.filter(
        campaign__in=campaigns,
        unit__in=authority.own_units(user),
    ).select_related("unit")
    by_campaign = {}
    for r in regs:
        by_campaign.setdefault(r.campaign_id, []).append(r)
    return [(c, by_campaign.get(c.pk, [])) for c in campaigns]


def launch_import_ocr_status(key: str) -> dict | None:
    """The OCR progress of a stored upload: {state, done, total, user, error}, or None."""
    import json

    from django.core.files.storage import default_storage

    path = f"{key}.ocr.json"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return json.loads(handle.read().decode())


def launch_import_ocr_text(key: str) -> str | None:
    """The text OCR recognised for a stored upload, or None while it runs."""
    from django.core.files.storage import default_storage

    path = f"{key}.ocr.txt"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read().decode("utf-8")


def launch_documents_like(*, user, parsed: dict, text: str = "") -> list:
    """Launch documents already imported that look like this one (for a duplicate warning):
    same issuer, number/symbol and date, or the same text. Only campaigns ``user`` may see."""
    from campaigns.models import LaunchDocument

    docs = LaunchDocument.objects.filter(campaign__in=campaigns_visible_to(user)).select_related("campaign")
    match = Q(pk__in=[])
    symbol, number = parsed.get("symbol") or "", parsed.get("number") or ""
    if symbol and parsed.get("date"):
        same = Q(symbol__iexact=symbol, date=parsed["date"], number=number)
        if parsed.get("issuer"):
            same &= Q(issuer__iexact=parsed["issuer"]) | Q(issuer="")
        match |= same
    found = list(docs.filter(match).order_by("-pk")[:5])
    squeezed = " ".join(text.split())
    if squeezed:
        # the same text, whatever its line endings and surrounding blanks
        same_start = docs.filter(text__contains=text.strip()[:200]).order_by("-pk")[:20]
        found += [d for d in same_start if " ".join(d.text.split()) == squeezed and d not in found]
    return found[:5]


# --- Cockpit (issue 16 item 1): what waits, scoped by the authority layer ----------------------
def registrations_to_decide(user) -> QuerySet[Registration]:
    """Registrations submitted to the desk of `user` (secretariat of the launching unit's branch;
    every one for admins), oldest first: the secretariat approves or returns them. QuerySet."""
    desk = authority.subtree_q(
        "campaign__launching_unit", authority.paths_where(user, authority.MANAGING_ROLES)
    )
    if not authority.holds_any(user, authority.MANAGING_ROLES):
        return Registration.objects.none()
    return (
        registrations_visible_to(user)
        .filter(desk, status=Registration.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


def registrations_returned_to(user) -> QuerySet[Registration]:
    """Registrations of the user's own units (unit head / clerk grants) returned with a reason,
    most recent first; QuerySet with campaign and unit joined."""
    return (
        Registration.objects.filter(status=Registration.Status.RETURNED, unit__in=authority.own_units(user))
        .select_related("campaign", "unit")
        .order_by("-updated_at", "-pk")
    )


def registration_deadlines(user, *, today, days: int = 14) -> QuerySet[Campaign]:
    """Launched campaigns visible to `user` whose registration deadline falls in
    [`today`, `today` + `days` days] (a date; days as an int), soonest first. QuerySet."""
    return (
        campaigns_visible_to(user)
        .exclude(status__in=[Campaign.Status.DRAFT, Campaign.Status.CLOSED])
        .filter(registration_deadline__gte=today, registration_deadline__lte=today + timedelta(days=days))
        .order_by("registration_deadline", "pk")
    )
