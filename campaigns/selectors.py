"""Reads for campaigns and registrations, with visibility decided in one place each."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Commitment, Registration, Target, TargetAssignment
from core.roles import Role
from core.search import fold_diacritics
from units.models import Unit
from units.selectors import active_grants, can_manage

OFFICE_ROLES = {Role.SECRETARIAT, Role.CHAIR, Role.COUNCIL_MEMBER, Role.ADMIN}
UNIT_ROLES = {Role.UNIT_HEAD, Role.UNIT_CLERK}


def _is_admin(user) -> bool:
    return getattr(user, "is_superuser", False) or any(g.role == Role.ADMIN for g in active_grants(user))


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Office roles: campaigns launched in their branch. Units: launched campaigns they take part in."""
    qs = Campaign.objects.select_related("launching_unit", "launching_unit__level")
    if _is_admin(user):
        return qs
    q = Q(pk__in=[])
    for g in active_grants(user):
        if g.role in OFFICE_ROLES:
            q |= Q(launching_unit__path__startswith=g.unit.path)
        elif g.role in UNIT_ROLES:
            shown = ~Q(status=Campaign.Status.DRAFT)
            q |= shown & (
                Q(participants__path__startswith=g.unit.path)
                | Q(participant_blocs__memberships__unit__path__startswith=g.unit.path)
            )
    ids = Campaign.objects.filter(q).values("pk")
    return qs.filter(pk__in=ids)


def campaign_list_for_user(*, user, search="", year=None, kind="", status="", level="") -> QuerySet[Campaign]:
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


def campaign_get_for_user(*, user, pk: int) -> Campaign:
    return get_object_or_404(
        campaigns_visible_to(user).prefetch_related("sections", "documents", "participant_blocs"), pk=pk
    )


def campaign_can_manage(user, campaign: Campaign) -> bool:
    return can_manage(user, campaign.launching_unit)


def campaign_years(user) -> list[int]:
    return sorted(set(campaigns_visible_to(user).values_list("year", flat=True)), reverse=True)


def participating_units(campaign: Campaign) -> QuerySet[Unit]:
    """Units taking part directly or through a participating bloc/cluster."""
    return Unit.objects.filter(
        Q(campaigns=campaign) | Q(bloc_memberships__bloc__campaigns=campaign)
    ).distinct()


def targets_with_assignments(campaign: Campaign) -> QuerySet[Target]:
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

    `targets`: Target objects of one campaign; `unit_ids`: unit primary keys. In order:
    1. a value assigned to the unit (TargetAssignment, "giao riêng");
    2. else the value the unit committed to in its APPROVED registration (Commitment);
    3. else, for a rate target (%, ‰), the campaign's rate: a rate such as "tỷ lệ tiêm chủng
       đạt 98,5%" is a requirement on every unit; a quantity target (tỷ đồng, ha, hồ sơ) is the
       whole jurisdiction's and is never a single unit's goal — such a unit has no goal (absent).
    Two queries.
    """
    targets = list(targets)
    unit_ids = list(unit_ids)
    if not targets or not unit_ids:
        return {}
    out: dict[tuple[int, int], UnitGoal] = {}
    for t in targets:
        if t.is_rate:
            for u in unit_ids:
                out[(u, t.pk)] = UnitGoal(Decimal(t.value), "campaign")
    for unit_id, target_id, value in Commitment.objects.filter(
        target__in=targets,
        registration__unit_id__in=unit_ids,
        registration__status=Registration.Status.APPROVED,
    ).values_list("registration__unit_id", "target_id", "value"):
        out[(unit_id, target_id)] = UnitGoal(value, "committed")
    for unit_id, target_id, value in TargetAssignment.objects.filter(
        target__in=targets, unit_id__in=unit_ids
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
    paths = [g.unit.path for g in active_grants(user) if g.role in UNIT_ROLES]
    if not paths:
        return Unit.objects.none()
    return participating_units(campaign).filter(pk__in=Unit.objects.subtree_of(paths).values("pk"))


def registrations_visible_to(user) -> QuerySet[Registration]:
    qs = Registration.objects.select_related("campaign", "unit", "campaign__launching_unit")
    if _is_admin(user):
        return qs
    q = Q(pk__in=[])
    for g in active_grants(user):
        if g.role in OFFICE_ROLES:
            q |= Q(campaign__launching_unit__path__startswith=g.unit.path)
        elif g.role in UNIT_ROLES:
            q |= Q(unit__path__startswith=g.unit.path)
    return qs.filter(q)


def registration_get_for_user(*, user, pk: int) -> Registration:
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
        unit__in=Unit.objects.subtree_of([g.unit.path for g in active_grants(user) if g.role in UNIT_ROLES]),
    ).select_related("unit")
    by_campaign = {}
    for r in regs:
        by_campaign.setdefault(r.campaign_id, []).append(r)
    return [(c, by_campaign.get(c.pk, [])) for c in campaigns]
