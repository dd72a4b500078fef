"""Reorganising units (sắp xếp đơn vị hành chính): merge several units into a new one.

``reorganisation_preview`` lists what would move; ``reorganisation_apply`` does it, audited and
all-or-nothing. On the effective date the merged units end (``valid_to`` = the day before) and
point to their successor; their sub-units, people and this year's (and later) bloc memberships
move to the successor. Older bloc memberships and the award history stay attached to the former
units and are found through ``Unit.successor`` (law.md §9: merged units' history is kept).

Scope today: the units app's own data. Open registrations and report obligations of other apps
are listed by those apps, not moved here (see the issue 10 report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from units.models import BlocMembership, Person, Unit
from units.permissions import can_manage


@dataclass
class ReorganisationPreview:
    """What a merge would move, per former unit (counts and names, for the confirmation page)."""

    sources: list[Unit]
    target_name: str
    effective: date
    children: list[Unit] = field(default_factory=list)
    people: int = 0
    bloc_memberships: list[BlocMembership] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def reorganisation_preview(*, sources: list[Unit], target_name: str, parent: Unit, effective: date):
    """Preview merging `sources` into a new unit `target_name` under `parent` from `effective`.

    `problems` holds the Vietnamese reasons the merge cannot be applied (empty when it can).
    """
    preview = ReorganisationPreview(
        sources=list(sources), target_name=target_name.strip(), effective=effective
    )
    if len(preview.sources) < 1:
        preview.problems.append(_("Chọn ít nhất một đơn vị để sắp xếp."))
    if not preview.target_name:
        preview.problems.append(_("Cần nhập tên đơn vị mới."))
    for unit in preview.sources:
        if unit.valid_to and unit.valid_to < effective:
            preview.problems.append(_("%(u)s đã thôi hoạt động trước ngày hiệu lực.") % {"u": unit.name})
        if parent.path.startswith(unit.path):
            preview.problems.append(_("Đơn vị cấp trên mới không được nằm trong %(u)s.") % {"u": unit.name})
    preview.children = list(Unit.objects.filter(parent__in=preview.sources).order_by("path"))
    preview.people = Person.objects.filter(unit__in=preview.sources).count()
    preview.bloc_memberships = list(
        BlocMembership.objects.filter(
            unit__in=preview.sources, bloc__year__gte=effective.year
        ).select_related("bloc", "unit")
    )
    return preview


@transaction.atomic
def reorganisation_apply(*, by, sources: list[Unit], target_name: str, parent: Unit, effective: date) -> Unit:
    """Merge `sources` into a new unit (same kind and level as the first) from `effective`.

    All-or-nothing; one audit entry on the new unit and one per former unit. Raises
    ValidationError with the preview's problems, or when `by` may not manage every unit involved.
    """
    if not all(can_manage(by, u) for u in [*sources, parent]):
        raise ValidationError(_("Bạn không có quyền sắp xếp các đơn vị này."))
    sources = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in sources]).order_by("path"))
    preview = reorganisation_preview(
        sources=sources, target_name=target_name, parent=parent, effective=effective
    )
    if preview.problems:
        raise ValidationError(preview.problems)
    first = sources[0]
    target = Unit(
        name=preview.target_name,
        kind=first.kind,
        level=first.level,
        parent=parent,
        valid_from=effective,
    )
    target.full_clean()
    target.save()
    for child in preview.children:
        old_path = child.path
        child.parent = target
        child.save()  # recomputes the child's materialised path; its descendants follow here
        for below in Unit.objects.filter(path__startswith=old_path).exclude(pk=child.pk):
            new_path = child.path + below.path[len(old_path) :]
            Unit.objects.filter(pk=below.pk).update(path=new_path, depth=new_path.count("/") - 1)
    moved_people = Person.objects.filter(unit__in=sources).update(unit=target)
    moved_blocs = []
    for membership in preview.bloc_memberships:
        if not BlocMembership.objects.filter(bloc=membership.bloc, unit=target).exists():
            BlocMembership.objects.create(bloc=membership.bloc, unit=target)
        membership.delete()
        moved_blocs.append(membership.bloc_id)
    for unit in sources:
        unit.valid_to = effective - timedelta(days=1)
        unit.successor = target
        unit.full_clean()
        unit.save()
        audit.record(
            actor=by,
            action="units.unit.merged",
            target=unit,
            data={"successor": target, "effective": effective},
        )
    audit.record(
        actor=by,
        action="units.unit.created_by_merger",
        target=target,
        data={
            "predecessors": [u.pk for u in sources],
            "effective": effective,
            "children": [c.pk for c in preview.children],
            "people": moved_people,
            "blocs": moved_blocs,
        },
    )
    return target
