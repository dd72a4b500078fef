"""State changes of scoring tables and scores (audited; keyword-only; `by=` acting user).

Score dictionaries use the form field names as keys so a service error lands next to its
input: self-scores `c<criterion_id>`, cross scores `p_<unit_id>_<criterion_id>`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.concurrency import check_version
from core.formats import format_vn_decimal
from core.workflow import transition
from scoring import permissions, selectors
from scoring.models import Criterion, Score, ScoringTable
from units.models import Bloc, Unit

S = ScoringTable.Status


def self_key(criterion_id: int) -> str:
    """Form field name of a self-score for criterion `criterion_id` ("c<id>")."""
    return f"c{criterion_id}"


def cross_key(unit_id: int, criterion_id: int) -> str:
    """Form field name of a cross-score of unit `unit_id` on a criterion ("p_<unit>_<criterion>")."""
    return f"p_{unit_id}_{criterion_id}"


def _deny():
    raise ValidationError(_("Bạn không có quyền thực hiện thao tác này."))


def _lock(table: ScoringTable) -> ScoringTable:
    return ScoringTable.objects.select_for_update().select_related("bloc", "bloc__organiser").get(pk=table.pk)


@transaction.atomic
def table_save(
    *, bloc: Bloc, by, title: str, criteria: list[dict], version: int | None = None
) -> ScoringTable:
    """Create the bloc's table or edit it while draft; `criteria` (code, name, max_points,
    guidance) replace the old ones in the given order (a draft table holds no scores yet).
    `version` is the one the editor loaded (a concurrent edit is refused)."""
    if not permissions.can_edit_table(by, bloc):
        _deny()
    table = ScoringTable.objects.select_for_update().filter(bloc=bloc).first()
    created = table is None
    if created:
        table = ScoringTable(bloc=bloc, created_by=by)
    elif table.status != S.DRAFT:
        raise ValidationError(_("Chỉ sửa được bảng tiêu chí khi bảng đang soạn."))
    else:
        check_version(table, version)
    if not criteria:
        raise ValidationError(_("Bảng chấm điểm cần ít nhất một tiêu chí."))
    codes = [c["code"].strip() for c in criteria]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Mã tiêu chí không được trùng nhau."))
    before = [] if created else list(table.criteria.values("code", "name", "max_points"))
    table.title = title
    table.full_clean()
    table.save()
    table.criteria.all().delete()
    rows = []
    for i, c in enumerate(criteria, start=1):
        row = Criterion(
            table=table,
            order=i,
            code=c["code"].strip(),
            name=c["name"],
            max_points=c["max_points"],
            guidance=c.get("guidance", ""),
        )
        row.full_clean(exclude=["table"])
        rows.append(row)
    Criterion.objects.bulk_create(rows)
    after = [{"code": r.code, "name": r.name, "max_points": r.max_points} for r in rows]
    audit.record(
        actor=by,
        action="scoring.table.created" if created else "scoring.table.updated",
        target=table,
        data={"title": title, "criteria": after, "before": before},
    )
    return table


def _transition(table: ScoringTable, *, to: str, by, data: dict | None = None, **extra) -> ScoringTable:
    table = _lock(table)
    table.check_transition(to)
    for k, v in extra.items():
        setattr(table, k, v)
    transition(table, to, by=by, action=f"scoring.table.{to}", data=data)
    table.full_clean()
    table.save()
    return table


@transaction.atomic
def table_open(*, table: ScoringTable, by) -> ScoringTable:
    """Open the table: member units self-score."""
    if not permissions.can_edit_table(by, table.bloc):
        _deny()
    if not table.criteria.exists():
        raise ValidationError(_("Bảng chấm điểm cần ít nhất một tiêu chí."))
    return _transition(table, to=S.OPEN, by=by)


@transaction.atomic
def table_start_cross_scoring(*, table: ScoringTable, by) -> ScoringTable:
    """The organiser closes self-scoring and opens cross-scoring (open → cross_scoring), audited.

    Raises ValidationError without the right; TransitionNotAllowed when the table is not open.
    """
    if not permissions.can_edit_table(by, table.bloc):
        _deny()
    return _transition(table, to=S.CROSS_SCORING, by=by)


@transaction.atomic
def table_finalise(*, table: ScoringTable, by) -> ScoringTable:
    """The bloc adopts the ranking: computed from the CROSS points and frozen on the table."""
    if not permissions.can_edit_table(by, table.bloc):
        _deny()
    locked = _lock(table)
    rows = selectors.compute_ranking(locked)
    snapshot = selectors.ranking_to_json(rows)
    return _transition(
        locked,
        to=S.FINAL,
        by=by,
        data={"ranking": snapshot},
        ranking_snapshot=snapshot,
        finalised_at=timezone.now(),
        finalised_by=by,
    )


@transaction.atomic
def table_reopen(*, table: ScoringTable, by, reason: str) -> ScoringTable:
    """The secretariat of the organiser's branch sends a final table back to cross-scoring."""
    if not permissions.can_manage(by, table.bloc.organiser):
        _deny()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do mở lại.")})
    return _transition(
        table,
        to=S.CROSS_SCORING,
        by=by,
        data={"reason": reason.strip()},
        ranking_snapshot=[],
        finalised_at=None,
        finalised_by=None,
    )


def _check_points(points: Decimal, criterion: Criterion, key: str, errors: dict) -> None:
    if points < 0:
        errors[key] = _("Điểm không được âm.")
    elif points > criterion.max_points:
        errors[key] = _("Điểm %(points)s vượt quá điểm tối đa %(max)s của tiêu chí %(code)s.") % {
            "points": format_vn_decimal(points, 2),
            "max": format_vn_decimal(criterion.max_points, 2),
            "code": criterion.code,
        }


def _write(table, *, kind, wanted: dict[tuple[int, int], Decimal | None], by, note_by_unit=None) -> dict:
    """Create, update or delete the scores of `kind` for the (unit, criterion) pairs given."""
    now = timezone.now()
    existing = selectors.scores_by_key(table, kind=kind, unit_ids={u for u, _c in wanted})
    new, changed, gone, changes = [], [], [], {}
    for (unit_id, crit_id), points in wanted.items():
        old = existing.get((unit_id, crit_id))
        note = (note_by_unit or {}).get(unit_id)
        label = f"{unit_id}:{crit_id}"
        if points is None:
            if old is not None:
                gone.append(old.pk)
                changes[label] = [str(old.points), None]
            continue
        if old is None:
            new.append(
                Score(
                    table=table,
                    unit_id=unit_id,
                    criterion_id=crit_id,
                    kind=kind,
                    points=points,
                    note=note or "",
                    scored_by=by,
                    scored_at=now,
                )
            )
            changes[label] = [None, str(points)]
        elif old.points != points or (note is not None and old.note != note):
            changes[label] = [str(old.points), str(points)]
            old.points, old.scored_by, old.scored_at = points, by, now
            if note is not None:
                old.note = note
            changed.append(old)
    Score.objects.filter(pk__in=gone).delete()
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["points", "note", "scored_by", "scored_at"])
    return changes


@transaction.atomic
def self_score_save(
    *, table: ScoringTable, unit: Unit, by, points: dict[str, Decimal | None], note: str = ""
) -> dict:
    """A member unit's head or clerk saves its self-scores while the table is open.
    `points` maps `c<criterion_id>` to points (None clears)."""
    table = _lock(table)
    if not permissions.can_self_score(by, table, unit):
        _deny()
    if not table.bloc.memberships.filter(unit=unit).exists():
        raise ValidationError(_("Đơn vị không thuộc khối này."))
    if table.status != S.OPEN:
        raise ValidationError(_("Chỉ tự chấm điểm được khi bảng đang mở cho các đơn vị tự chấm."))
    errors, wanted = {}, {}
    for criterion in table.criteria.all():
        key = self_key(criterion.pk)
        if key not in points:
            continue
        value = points[key]
        if value is not None:
            _check_points(value, criterion, key, errors)
        wanted[(unit.pk, criterion.pk)] = value
    if errors:
        raise ValidationError(errors)
    changes = _write(table, kind=Score.Kind.SELF, wanted=wanted, by=by, note_by_unit={unit.pk: note})
    audit.record(
        actor=by,
        action="scoring.score.self_saved",
        target=table,
        data={"unit": unit.name, "changes": changes},
    )
    return changes


@transaction.atomic
def cross_score_save(*, table: ScoringTable, by, points: dict[str, Decimal | None]) -> dict:
    """The bloc head saves cross scores while the table is in cross-scoring.
    `points` maps `p_<unit_id>_<criterion_id>` to points (None clears)."""
    table = _lock(table)
    if not permissions.is_bloc_head(by, table.bloc):
        _deny()
    if table.status != S.CROSS_SCORING:
        raise ValidationError(_("Chỉ chấm chéo được khi bảng đang ở bước chấm chéo."))
    member_ids = set(table.bloc.memberships.values_list("unit_id", flat=True))
    errors, wanted = {}, {}
    for criterion in table.criteria.all():
        for unit_id in member_ids:
            key = cross_key(unit_id, criterion.pk)
            if key not in points:
                continue
            value = points[key]
            if value is not None:
                _check_points(value, criterion, key, errors)
            wanted[(unit_id, criterion.pk)] = value
    if errors:
        raise ValidationError(errors)
    changes = _write(table, kind=Score.Kind.CROSS, wanted=wanted, by=by)
    audit.record(actor=by, action="scoring.score.cross_saved", target=table, data={"changes": changes})
    return changes
