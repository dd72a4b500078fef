"""Reorganising units (sắp xếp đơn vị hành chính): merge, rename or move, with an effective date.

``reorganisation_preview`` lists what would move; ``reorganisation_apply`` does it, audited and
all-or-nothing. The page (``units.views.UnitReorganiseView``) and the ``reorganise_units``
command both call these two functions.

Operations
----------
- *merge* (sáp nhập): several units become one new unit. On the effective date the merged units
  end (``valid_to`` = the day before) and point to their successor (``Unit.successor``).
- *rename* (đổi tên): a merge of one unit. The unit continues as a new record under its new name
  from the effective date; the old record (and every document and award issued under the old
  name) stays as history, shown as "Trước đây: …".
- *move* (chuyển đơn vị cấp trên): the same unit, with its subtree, under another parent.

What moves to the successor (merge and rename): the sub-units, the people, this year's (and
later) bloc memberships, and what other apps register with :func:`register_successor_handler`
(campaigns: registrations and participation in campaigns still open; reports: obligations in
report rounds still open). Award history is not rewritten (the register is a legal record): it
stays attached to the former units and is attributed to the successor through
``Unit.successor`` (``awards.selectors.award_history_for_unit``; law.md §9: merged units'
history is kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, caching
from core.concurrency import check_version
from units.models import BlocMembership, Person, Unit
from units.permissions import (
    ALL_ROLES,
    can_manage,
    can_reorganise,
    role_grants_on,
    subtree_of_unit,
    subtree_q,
)

MERGE, RENAME, MOVE = "merge", "rename", "move"
OPERATIONS = {
    MERGE: gettext_lazy("Sáp nhập nhiều đơn vị thành đơn vị mới"),
    RENAME: gettext_lazy("Đổi tên đơn vị"),
    MOVE: gettext_lazy("Chuyển sang đơn vị cấp trên khác"),
}


@dataclass
class Succession:
    """One kind of record another app hands over to the successor, for the preview.

    `label` names the kind (Vietnamese); `moving` lists the rows that move (display strings);
    `staying` lists rows that stay with the former unit, each with the reason.
    """

    label: str
    moving: list[str] = field(default_factory=list)
    staying: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SuccessorHandler:
    """An app's part of a merge: `preview(sources, effective) -> Succession` (reads only) and
    `apply(sources, target, effective, by) -> int` (moves the rows, returns how many moved)."""

    key: str
    preview: Callable
    apply: Callable


_HANDLERS: dict[str, SuccessorHandler] = {}


def register_successor_handler(*, key: str, preview: Callable, apply: Callable) -> None:
    """Register an app's succession step (called from its ``AppConfig.ready``).

    Args: `key` a stable name ("campaigns.registrations"); `preview(*, sources, effective)`
    returns a :class:`Succession`; `apply(*, sources, target, effective, by)` runs inside the
    merge's transaction and returns the number of rows moved. Registering a key again replaces it.
    """
    _HANDLERS[key] = SuccessorHandler(key=key, preview=preview, apply=apply)


@dataclass
class ReorganisationPreview:
    """What an operation would do (counts and lists, for the confirmation page and the command)."""

    operation: str
    sources: list[Unit]
    target_name: str
    parent: Unit | None
    effective: date
    children: list[Unit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    bloc_memberships: list[BlocMembership] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    #: Role grants in force on the former units: not moved (a grant is personal and audited);
    #: listed so the secretariat grants the roles again on the successor.
    grants: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def operation_label(self) -> str:
        return OPERATIONS.get(self.operation, "")


def reorganisation_preview(
    *,
    sources: list[Unit],
    target_name: str = "",
    parent: Unit | None,
    effective: date,
    operation: str = MERGE,
) -> ReorganisationPreview:
    """Preview `operation` on `sources` from `effective` (no change is made).

    Args: merge/rename: `target_name` is the new unit's name, `parent` its parent (None: the
    first source's parent); move: `parent` is the new parent of the single source.
    Returns a :class:`ReorganisationPreview`; its `problems` hold the Vietnamese reasons the
    operation cannot be applied (empty when it can).
    """
    sources = list(sources)
    if parent is None and sources:
        parent = sources[0].parent
    preview = ReorganisationPreview(
        operation=operation,
        sources=sources,
        target_name=(target_name or "").strip(),
        parent=parent,
        effective=effective,
    )
    problems = preview.problems
    if operation not in OPERATIONS:
        problems.append(_("Chọn một hình thức sắp xếp."))
        return preview
    if not sources:
        problems.append(_("Chọn ít nhất một đơn vị để sắp xếp."))
        return preview
    if operation == MERGE and len(sources) < 2:
        problems.append(_("Sáp nhập cần ít nhất hai đơn vị; để đổi tên một đơn vị, chọn “Đổi tên đơn vị”."))
    if operation in (RENAME, MOVE) and len(sources) != 1:
        problems.append(_("Đổi tên hoặc chuyển cấp trên chỉ áp dụng cho một đơn vị."))
    if operation in (MERGE, RENAME) and not preview.target_name:
        problems.append(_("Cần nhập tên đơn vị mới."))
    if operation == RENAME and preview.target_name == sources[0].name:
        problems.append(_("Tên mới trùng với tên hiện tại."))
    if parent is None:
        problems.append(_("Cần chọn đơn vị cấp trên."))
    for unit in sources:
        if unit.successor_id:
            problems.append(_("%(u)s đã được sáp nhập hoặc đổi tên trước đó.") % {"u": unit.name})
        elif unit.valid_to and unit.valid_to < effective:
            problems.append(_("%(u)s đã thôi hoạt động trước ngày hiệu lực.") % {"u": unit.name})
        if unit.valid_from and unit.valid_from >= effective:
            problems.append(
                _("Ngày hiệu lực phải sau ngày %(u)s bắt đầu hoạt động (%(d)s).")
                % {"u": unit.name, "d": unit.valid_from.strftime("%d/%m/%Y")}
            )
        if parent is not None and parent.path.startswith(unit.path):
            problems.append(_("Đơn vị cấp trên mới không được nằm trong %(u)s.") % {"u": unit.name})
    if operation == MOVE:
        if parent is not None and sources[0].parent_id == parent.pk:
            problems.append(_("Đơn vị đã thuộc đơn vị cấp trên này."))
        preview.children = list(subtree_of_unit(sources[0]).exclude(pk=sources[0].pk).order_by("path"))
        return preview
    preview.children = list(Unit.objects.filter(parent__in=sources).order_by("path"))
    preview.people = list(
        Person.objects.filter(unit__in=sources).select_related("unit").order_by("search_key")
    )
    preview.bloc_memberships = list(
        BlocMembership.objects.filter(unit__in=sources, bloc__year__gte=effective.year)
        .select_related("bloc", "unit")
        .order_by("bloc__year", "bloc__name", "unit__path")
    )
    for handler in _HANDLERS.values():
        preview.successions.append(handler.preview(sources=sources, effective=effective))
    preview.grants = list(role_grants_on(sources, ALL_ROLES).order_by("unit__path", "user__username"))
    return preview


def format_versions(versions: dict[int, int]) -> str:
    """`{pk: version}` as the page's hidden field ("12:3,15:1")."""
    return ",".join(f"{pk}:{v}" for pk, v in sorted(versions.items()))


def parse_versions(text: str) -> dict[int, int]:
    """The page's hidden field back to `{pk: version}`; malformed parts are ignored."""
    out = {}
    for part in (text or "").split(","):
        pk, _sep, version = part.partition(":")
        if pk.strip().isdigit() and version.strip().isdigit():
            out[int(pk)] = int(version)
    return out


def _rewrite_subtree(unit: Unit, old_path: str) -> None:
    """After `unit` changed parent: rewrite its descendants' materialised paths."""
    for below in Unit.objects.filter(subtree_q("", [old_path])).exclude(pk=unit.pk):
        new_path = unit.path + below.path[len(old_path) :]
        Unit.objects.filter(pk=below.pk).update(path=new_path, depth=new_path.count("/") - 1)


@transaction.atomic
def reorganisation_apply(
    *,
    by,
    sources: list[Unit],
    target_name: str = "",
    parent: Unit | None,
    effective: date,
    operation: str = MERGE,
    versions: dict[int, int] | None = None,
) -> Unit:
    """Apply `operation` (see :func:`reorganisation_preview`), all-or-nothing, audited.

    Args: `versions` maps a source unit's pk to the version the user saw (the page sends it);
    a unit changed since is refused (None skips the check, e.g. the command).
    Returns the successor (merge, rename) or the moved unit (move).
    Raises ValidationError with the preview's problems, on a stale version, or when `by` is not
    the secretariat over the units' parent (and, for a new parent, over that parent too).
    """
    if not sources or not all(can_reorganise(by, u) for u in sources):
        raise ValidationError(_("Bạn không có quyền sắp xếp các đơn vị này."))
    if parent is not None and not can_manage(by, parent):
        raise ValidationError(_("Bạn không có quyền sắp xếp các đơn vị này."))
    locked = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in sources]).order_by("path"))
    if len(locked) != len({u.pk for u in sources}):
        raise ValidationError(_("Có đơn vị không còn tồn tại."))
    for unit in locked:
        check_version(unit, None if versions is None else versions.get(unit.pk, -1))
    preview = reorganisation_preview(
        sources=locked, target_name=target_name, parent=parent, effective=effective, operation=operation
    )
    if preview.problems:
        raise ValidationError(preview.problems)
    if operation == MOVE:
        return _apply_move(by=by, unit=locked[0], parent=preview.parent, effective=effective)
    first = locked[0]
    target = Unit(
        name=preview.target_name,
        kind=first.kind,
        level=first.level,
        parent=preview.parent,
        valid_from=effective,
    )
    if operation == RENAME:
        target.short_name, target.address = first.short_name, first.address
        target.email, target.phone = first.email, first.phone
    target.full_clean()
    target.save()
    for child in preview.children:
        old_path = child.path
        child.parent = target
        child.version += 1
        child.save()  # recomputes the child's materialised path; its descendants follow
        _rewrite_subtree(child, old_path)
    moved_people = Person.objects.filter(unit__in=locked).update(unit=target)
    caching.bump(Person, Unit)
    moved_blocs = []
    for membership in preview.bloc_memberships:
        if not BlocMembership.objects.filter(bloc=membership.bloc, unit=target).exists():
            BlocMembership.objects.create(bloc=membership.bloc, unit=target)
        membership.delete()
        moved_blocs.append(membership.bloc_id)
    moved_other = {
        key: handler.apply(sources=locked, target=target, effective=effective, by=by)
        for key, handler in _HANDLERS.items()
    }
    for unit in locked:
        unit.valid_to = effective - timedelta(days=1)
        unit.successor = target
        unit.full_clean()
        unit.save()
        audit.record(
            actor=by,
            action="units.unit.renamed" if operation == RENAME else "units.unit.merged",
            target=unit,
            data={"successor": target, "effective": effective},
        )
    audit.record(
        actor=by,
        action="units.unit.created_by_rename" if operation == RENAME else "units.unit.created_by_merger",
        target=target,
        data={
            "predecessors": [u.pk for u in locked],
            "effective": effective,
            "children": [c.pk for c in preview.children],
            "people": moved_people,
            "blocs": moved_blocs,
            **moved_other,
        },
    )
    return target


def _apply_move(*, by, unit: Unit, parent: Unit, effective: date) -> Unit:
    """Put `unit` (already locked, version bumped) and its subtree under `parent`, audited."""
    old_parent, old_path = unit.parent, unit.path
    unit.parent = parent
    unit.full_clean()
    unit.save()
    _rewrite_subtree(unit, old_path)
    audit.record(
        actor=by,
        action="units.unit.moved",
        target=unit,
        data={"from_parent": old_parent, "to_parent": parent, "effective": effective},
    )
    return unit
