"""Every change to units, blocs, people and role grants goes through here (audited)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, caching
from core.concurrency import check_version
from units.models import Bloc, BlocMembership, Person, RoleGrant, Unit
from units.permissions import can_enter_record, can_manage, forget_grants, grant_refusal

UNIT_FIELDS = [
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "address",
    "email",
    "phone",
]
PERSON_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "cccd",
    "unit",
    "position",
    "employed_since",
    "email",
    "phone",
    "user",
]


def _require_manage(by, unit: Unit | None):
    if not can_manage(by, unit):
        raise ValidationError(_("Bạn không có quyền quản lý đơn vị này."))


def _apply(instance, fields, values: dict):
    for name in fields:
        if name in values:
            setattr(instance, name, values[name])


@transaction.atomic
def unit_create(*, by, **values) -> Unit:
    """Create a unit from `values` (the UNIT_FIELDS: name, kind, level, parent, …), audited.

    Raises ValidationError when `by` does not manage the parent or the data are invalid.
    """
    _require_manage(by, values.get("parent"))
    unit = Unit()
    _apply(unit, UNIT_FIELDS, values)
    unit.full_clean()
    unit.save()
    audit.record(
        actor=by, action="units.unit.created", target=unit, data={"after": audit.snapshot(unit, UNIT_FIELDS)}
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by, version: int | None = None, **values) -> Unit:
    """Change a unit (`values` among UNIT_FIELDS) under a row lock, audited with the changed fields.
    `version` is the one the editor loaded: a concurrent edit is refused.

    Raises ValidationError without the right, on a stale version, or when the new parent lies under
    the unit itself.
    """
    _require_manage(by, unit)
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    check_version(locked, version)
    before = audit.snapshot(locked, UNIT_FIELDS)
    old_path = locked.path
    _apply(locked, UNIT_FIELDS, values)
    if locked.parent_id and locked.parent.path.startswith(old_path):
        raise ValidationError({"parent": _("Không thể đặt đơn vị làm cấp dưới của chính nó.")})
    if locked.parent_id:
        _require_manage(by, locked.parent)
    locked.full_clean()
    locked.save()
    if locked.path != old_path:
        # Moving a branch: rewrite the descendants' paths in one pass.
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=locked.pk):
            new_path = locked.path + child.path[len(old_path) :]
            Unit.objects.filter(pk=child.pk).update(path=new_path, depth=new_path.count("/") - 1)
    changes = audit.diff(before, audit.snapshot(locked, UNIT_FIELDS))
    if changes:
        audit.record(actor=by, action="units.unit.updated", target=locked, data={"changes": changes})
    return locked


@transaction.atomic
def person_create(*, by, **values) -> Person:
    """Create a person from `values` (PERSON_FIELDS; an empty CCCD is stored as NULL), audited.

    Raises ValidationError when `by` does not manage the unit or the data are invalid.
    """
    _require_manage(by, values.get("unit"))
    person = Person()
    _apply(person, PERSON_FIELDS, values)
    person.cccd = (person.cccd or "").strip() or None
    person.full_clean()
    person.save()
    audit.record(
        actor=by,
        action="units.person.created",
        target=person,
        data={"after": audit.snapshot(person, PERSON_FIELDS)},
    )
    return person


@transaction.atomic
def person_update(*, person: Person, by, version: int | None = None, **values) -> Person:
    """Change a person under a row lock (`values` among PERSON_FIELDS), audited with the changes.
    `version` is the one the editor loaded: a concurrent edit is refused.

    Raises ValidationError when `by` manages neither the old nor the new unit, on a stale version,
    or on invalid data.
    """
    _require_manage(by, person.unit)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_version(locked, version)
    before = audit.snapshot(locked, PERSON_FIELDS)
    _apply(locked, PERSON_FIELDS, values)
    locked.cccd = (locked.cccd or "").strip() or None
    _require_manage(by, locked.unit)
    locked.full_clean()
    locked.save()
    changes = audit.diff(before, audit.snapshot(locked, PERSON_FIELDS))
    if changes:
        audit.record(actor=by, action="units.person.updated", target=locked, data={"changes": changes})
    return locked


@transaction.atomic
def person_employed_since_set(*, person: Person, by, employed_since: date | None) -> Person:
    """Set the day a person started in their unit (the six-month rule of the annual titles reads
    it). Entered by the unit's head or clerk or the secretariat; audited. Raises ValidationError."""
    if not can_enter_record(by, person.unit):
        raise ValidationError(_("Bạn không có quyền cập nhật hồ sơ thi đua của đơn vị này."))
    if employed_since and employed_since > timezone.localdate():
        raise ValidationError({"employed_since": _("Ngày bắt đầu công tác không được sau hôm nay.")})
    locked = Person.objects.select_for_update().get(pk=person.pk)
    old = locked.employed_since
    if old == employed_since:
        return locked
    locked.employed_since = employed_since
    check_version(locked, None)  # bumps the version: an edit page opened before sees the change
    locked.save(update_fields=["employed_since", "version", "updated_at"])
    audit.record(
        actor=by,
        action="units.person.updated",
        target=locked,
        data={"changes": {"employed_since": [old, employed_since]}},
    )
    return locked


def _bloc_validate(bloc: Bloc, members: list[Unit]):
    member_ids = {u.pk for u in members}
    errors = {}
    if bloc.head_id and bloc.head_id not in member_ids:
        errors["head"] = _("Trưởng khối phải là một thành viên của khối.")
    if bloc.deputy_id and bloc.deputy_id not in member_ids:
        errors["deputy"] = _("Phó khối phải là một thành viên của khối.")
    outside = [u.name for u in members if not u.path.startswith(bloc.organiser.path)]
    if outside:
        errors["members"] = _("Các đơn vị sau không thuộc cấp tổ chức khối: %(names)s.") % {
            "names": ", ".join(outside)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bloc_save(
    *, by, bloc: Bloc | None = None, members: list[Unit], version: int | None = None, **values
) -> Bloc:
    """Create or update a bloc/cluster with its member list (head and deputy among them).

    `version` is the one the editor loaded (a concurrent edit is refused)."""
    creating = bloc is None
    bloc = Bloc() if creating else Bloc.objects.select_for_update().get(pk=bloc.pk)
    if not creating:
        check_version(bloc, version)
    fields = ["name", "kind", "year", "organiser", "head", "deputy"]
    before = {} if creating else audit.snapshot(bloc, fields)
    before_members = [] if creating else sorted(bloc.memberships.values_list("unit_id", flat=True))
    _apply(bloc, fields, values)
    _require_manage(by, bloc.organiser)
    _bloc_validate(bloc, members)
    bloc.full_clean()
    bloc.save()
    wanted = {u.pk for u in members}
    BlocMembership.objects.filter(bloc=bloc).exclude(unit_id__in=wanted).delete()
    have = set(BlocMembership.objects.filter(bloc=bloc).values_list("unit_id", flat=True))
    BlocMembership.objects.bulk_create(
        [BlocMembership(bloc=bloc, unit_id=pk) for pk in sorted(wanted - have)]
    )
    caching.bump(BlocMembership)
    after = audit.snapshot(bloc, fields)
    data = {"after": after} if creating else {"changes": audit.diff(before, after)}
    if sorted(wanted) != before_members:
        data["members"] = [before_members, sorted(wanted)]
    audit.record(
        actor=by, action=f"units.bloc.{'created' if creating else 'updated'}", target=bloc, data=data
    )
    return bloc


def rolegrant_create(
    *, by, user, unit: Unit, role: str, valid_from: date, valid_to: date | None = None
) -> RoleGrant:
    """Grant `role` on `unit` to `user` (audited).

    Raises ValidationError (Vietnamese) when the grant would escalate: a self-grant, a role not
    below the grantor's own, a unit outside its subtree, "Quản trị hệ thống" by anyone but a
    superuser, a signer role by anyone but an administrator or the level above
    (units.permissions.grant_refusal). A refused attempt is audited too, outside the grant's
    transaction so that the refusal stays on record ("units.rolegrant.refused", target = the
    would-be grantee).
    """
    refusal = grant_refusal(by, user, unit, role)
    if refusal:
        audit.record(
            actor=by,
            action="units.rolegrant.refused",
            target=user,
            data={"unit": unit, "role": role, "reason": refusal},
        )
        raise ValidationError(refusal)
    return _rolegrant_save(by=by, user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to)


@transaction.atomic
def _rolegrant_save(*, by, user, unit, role, valid_from, valid_to) -> RoleGrant:
    grant = RoleGrant(
        user=user,
        unit=unit,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=by if getattr(by, "pk", None) else None,
    )
    grant.full_clean()
    grant.save()
    forget_grants(user)
    audit.record(
        actor=by,
        action="units.rolegrant.created",
        target=grant,
        data={"after": audit.snapshot(grant, ["user", "unit", "role", "valid_from", "valid_to"])},
    )
    return grant


@transaction.atomic
def rolegrant_end(*, grant: RoleGrant, by, on: date | None = None) -> RoleGrant:
    """End a grant on `on` (default today). Kept for history, never deleted.

    Ending today or earlier takes effect at once (`revoked_at` = now), not at midnight; a later
    `on` only sets the end date. Raises ValidationError when `by` may not manage the grant's
    unit, would end its own grant, `on` precedes the start, or the grant has already ended.
    """
    _require_manage(by, grant.unit)
    locked = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.user_id == getattr(by, "pk", None) and not getattr(by, "is_superuser", False):
        raise ValidationError(_("Không thể tự thu hồi quyền của chính mình; hãy nhờ cấp trên."))
    now = timezone.now()
    today = timezone.localdate()
    on = on or today
    if locked.revoked_at or (locked.valid_to and locked.valid_to < today):
        raise ValidationError(_("Quyền này đã hết hiệu lực."))
    if on < locked.valid_from:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."))
    old = locked.valid_to
    locked.valid_to = on
    if on <= today:
        locked.revoked_at = now
    locked.save(update_fields=["valid_to", "revoked_at", "updated_at"])
    forget_grants(locked.user)
    audit.record(
        actor=by,
        action="units.rolegrant.ended",
        target=locked,
        data={"changes": {"valid_to": [old, on]}, "revoked_at": locked.revoked_at},
    )
    return locked
