"""State changes of the award register and of the history the eligibility engine reads (audited)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.choices import LevelCode
from awards.decision_levels import level_from_issuer
from awards.models import (
    AwardAnnulment,
    AwardKind,
    AwardRecord,
    DisciplineRecord,
    Household,
    Initiative,
    Occasion,
    ReviewFreeze,
    SubjectKind,
    TaskRating,
)
from core import audit
from units.models import Person, Unit
from units.permissions import can_enter_record, can_manage

RECORD_FIELDS = [
    "person",
    "collective",
    "household",
    "unit",
    "award_kind",
    "year",
    "occasion",
    "decision_number",
    "decision_date",
    "decision_level",
    "issuer",
    "note",
]


def _require_manage(by, unit: Unit | None) -> None:
    if not can_manage(by, unit):
        raise ValidationError(_("Bạn không có quyền cập nhật sổ khen thưởng của đơn vị này."))


def _require_record(by, unit: Unit) -> None:
    """The year-end record of a unit is entered by its head or clerk, or the secretariat over it."""
    if not can_enter_record(by, unit):
        raise ValidationError(_("Bạn không có quyền cập nhật hồ sơ thi đua của đơn vị này."))


def _subject_kind(person, collective, household) -> str:
    given = [
        k
        for k, v in (
            (SubjectKind.INDIVIDUAL, person),
            (SubjectKind.COLLECTIVE, collective),
            (SubjectKind.HOUSEHOLD, household),
        )
        if v is not None
    ]
    if len(given) != 1:
        raise ValidationError(
            _("Mỗi khen thưởng phải ghi cho đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình.")
        )
    return given[0]


def award_record_validate(
    *,
    award_kind: AwardKind,
    year: int,
    decision_date: date,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    exclude_pk: int | None = None,
    annual_taken: set[tuple] | None = None,
) -> None:
    """Domain checks shared by manual entry and Excel import (raises ValidationError).

    annual_taken: the in-force annual awards of the subjects concerned as `annual_awards_in_force`
    gives them, read once for many records (a batch of an import); None reads this one's.
    """
    kind = _subject_kind(person, collective, household)
    if kind not in award_kind.subject_kinds:
        raise ValidationError(
            _("“%(award)s” không tặng cho %(subject)s.")
            % {"award": award_kind.name, "subject": SubjectKind(kind).label.lower()}
        )
    if year > decision_date.year:
        raise ValidationError(
            {
                "year": _("Năm thành tích (%(y)s) không được sau năm ra quyết định (%(d)s).")
                % {"y": year, "d": decision_date.year}
            }
        )
    if award_kind.annual:
        if annual_taken is not None:
            subject_field, subject = next(
                (f, v)
                for f, v in (("person", person), ("collective", collective), ("household", household))
                if v
            )
            # A subject saved only with the record (a new household of an import) has none yet.
            taken = (
                subject.pk is not None and (subject_field, subject.pk, award_kind.pk, year) in annual_taken
            )
        else:
            same = AwardRecord.objects.in_force().filter(
                award_kind=award_kind, year=year, person=person, collective=collective, household=household
            )
            if exclude_pk:
                same = same.exclude(pk=exclude_pk)
            taken = same.exists()
        if taken:
            raise ValidationError(
                _("Đối tượng này đã có “%(award)s” năm %(y)s trong sổ khen thưởng.")
                % {"award": award_kind.name, "y": year}
            )


def annual_awards_in_force(*, award_kind_ids, years, subjects: dict[str, set[int]]) -> set[tuple]:
    """The in-force records of the annual awards `award_kind_ids` in `years` of the subjects
    `subjects` ({"person": {ids}, "collective": {unit ids}, "household": {ids}}), as
    {(subject field, subject id, award kind id, year)}: what `award_record_validate` checks, read
    in one query for many records."""
    q = Q(pk__in=[])
    for name, ids in subjects.items():
        if ids:
            q |= Q(**{f"{name}_id__in": ids})
    rows = (
        AwardRecord.objects.in_force()
        .filter(q, award_kind_id__in=award_kind_ids, year__in=years, award_kind__annual=True)
        .values_list("person_id", "collective_id", "household_id", "award_kind_id", "year")
    )
    out = set()
    for person_id, collective_id, household_id, kind_id, year in rows:
        for name, pk in (("person", person_id), ("collective", collective_id), ("household", household_id)):
            if pk:
                out.add((name, pk, kind_id, year))
    return out


def _owner_unit(person, collective, household) -> Unit:
    if person is not None:
        return person.unit
    if collective is not None:
        return collective
    return household.village


def award_record_authority(
    *, award_kind: AwardKind, decision_date: date, issuer: str, decision_level: str = "", rules=None
) -> str:
    """The deciding level of a register record, checked against the authority rule of its date.

    Args: `award_kind` the award; `decision_date` the decision's date (picks the rule set);
    `issuer` the deciding body as written; `decision_level` a `LevelCode` value, or "" to read it
    from `issuer` (`awards.decision_levels`); `rules` a loaded `RuleBook` (imports load it once).
    A date no rule set covers (records older than the rule sets) is not checked.
    Returns the level. Raises ValidationError (Vietnamese, on "decision_level") when no level is
    given nor readable, or when that level may not confer the award on that date (law.md §6, §9).
    """
    from awards.eligibility import authority_refusal
    from awards.rules import load_rulebook

    level = decision_level or level_from_issuer(issuer) or ""
    if level not in LevelCode.values:
        raise ValidationError(
            {
                "decision_level": _(
                    "Không xác định được cấp quyết định từ “%(v)s”: ghi rõ cấp (xã, huyện, tỉnh, Trung ương)."
                )
                % {"v": issuer}
            }
        )
    rules = rules or load_rulebook()
    rs = next((r for r in rules.rule_sets if r.covers(decision_date)), None)
    if rs is not None:
        refusal = authority_refusal(rs, award_kind.code, award_kind.name, level, decision_date)
        if refusal:
            raise ValidationError({"decision_level": refusal})
    return level


def award_record_checked(
    *,
    by,
    award_kind: AwardKind,
    year: int,
    decision_number: str,
    decision_date: date,
    issuer: str,
    occasion: str = Occasion.REGULAR,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    unit: Unit | None = None,
    note: str = "",
    decision_level: str = "",
    rules=None,
    annual_taken: set[tuple] | None = None,
) -> AwardRecord:
    """The record `award_record_create` saves, built and checked (authority, subject, year, annual
    duplicate, `by`'s right) but not field-cleaned nor saved. `annual_taken`: see
    `award_record_validate`. Raises ValidationError as `award_record_create` does."""
    decision_level = award_record_authority(
        award_kind=award_kind,
        decision_date=decision_date,
        issuer=issuer,
        decision_level=decision_level,
        rules=rules,
    )
    award_record_validate(
        award_kind=award_kind,
        year=year,
        decision_date=decision_date,
        person=person,
        collective=collective,
        household=household,
        annual_taken=annual_taken,
    )
    unit = unit or _owner_unit(person, collective, household)
    _require_manage(by, unit)
    return AwardRecord(
        person=person,
        collective=collective,
        household=household,
        unit=unit,
        award_kind=award_kind,
        year=year,
        occasion=occasion,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuer=issuer.strip(),
        decision_level=decision_level,
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )


def award_record_created_entry(record: AwardRecord, audit_data: dict | None = None) -> tuple:
    """The audit entry `(action, target, data)` of a saved new record (`core.audit.record_entries`);
    `audit_data` is added to its data ({"import_row": 7})."""
    return (
        "awards.awardrecord.created",
        record,
        {"after": audit.snapshot(record, RECORD_FIELDS), **(audit_data or {})},
    )


@transaction.atomic
def award_record_create(
    *,
    by,
    award_kind: AwardKind,
    year: int,
    decision_number: str,
    decision_date: date,
    issuer: str,
    occasion: str = Occasion.REGULAR,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    unit: Unit | None = None,
    note: str = "",
    audit_data: dict | None = None,
    decision_level: str = "",
    rules=None,
) -> AwardRecord:
    """Enter an award received (past decision, import, or later a decision line).

    `decision_level` is the `LevelCode` of the body that decided (read from `issuer` when not
    given; `rules` a loaded RuleBook, optional); the authority rule in force on `decision_date`
    must let that level confer the award (Law 2022 and its decrees, law.md §6, §9). Raises
    ValidationError otherwise, or when no level is given nor readable, or when `by` may not manage
    the unit.
    """
    record = award_record_checked(
        by=by,
        award_kind=award_kind,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        occasion=occasion,
        person=person,
        collective=collective,
        household=household,
        unit=unit,
        note=note,
        decision_level=decision_level,
        rules=rules,
    )
    record.full_clean()
    record.save()
    action, target, data = award_record_created_entry(record, audit_data)
    audit.record(actor=by, action=action, target=target, data=data)
    return record


@transaction.atomic
def award_record_annul(
    *, record: AwardRecord, by, ground: str, decision_number: str, decision_date: date, note: str = ""
) -> AwardAnnulment:
    """Annul an award by a decision (law.md §7.5); the record stays, marked annulled."""
    locked = AwardRecord.objects.select_for_update().select_related("unit").get(pk=record.pk)
    _require_manage(by, locked.unit)
    if AwardAnnulment.objects.filter(record=locked).exists():
        raise ValidationError(_("Khen thưởng này đã bị hủy bỏ trước đó."))
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("Ngày quyết định hủy bỏ không được sau ngày hôm nay.")})
    if decision_date < locked.decision_date:
        raise ValidationError(
            {"decision_date": _("Ngày quyết định hủy bỏ không được trước ngày quyết định khen thưởng.")}
        )
    annulment = AwardAnnulment(
        record=locked,
        ground=ground,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note,
        by=by if getattr(by, "pk", None) else None,
    )
    annulment.full_clean()
    annulment.save()
    audit.record(
        actor=by,
        action="awards.awardrecord.annulled",
        target=locked,
        data={"ground": ground, "decision_number": annulment.decision_number, "decision_date": decision_date},
    )
    return annulment


def household_checked(
    *, by, head_name: str, village: Unit, address: str = "", members: str = ""
) -> Household:
    """The household `household_create` saves, built after `by`'s right is checked, not
    field-cleaned nor saved. Raises ValidationError as `household_create` does."""
    _require_record(by, village)
    return Household(head_name=head_name, village=village, address=address, members=members.strip())


def household_created_entry(household: Household) -> tuple:
    """The audit entry `(action, target, data)` of a saved new household (`core.audit.record_entries`)."""
    return (
        "awards.household.created",
        household,
        {"after": audit.snapshot(household, ["head_name", "village", "address", "members"])},
    )


@transaction.atomic
def household_create(*, by, head_name: str, village: Unit, address: str = "", members: str = "") -> Household:
    """Register a household (hộ gia đình, law.md §4.3) of `village`, audited.

    Args: `by` the acting user (the village's unit or the desk over it, `can_enter_record`);
    `head_name` the household head's full name; `village` the village unit; `address` optional;
    `members` the members, one per line. Returns the saved Household. Raises ValidationError
    (Vietnamese) without the right or on invalid data.
    """
    household = household_checked(
        by=by, head_name=head_name, village=village, address=address, members=members
    )
    household.full_clean()
    household.save()
    action, target, data = household_created_entry(household)
    audit.record(actor=by, action=action, target=target, data=data)
    return household


@transaction.atomic
def task_rating_set(*, by, person: Person, year: int, rating: str) -> TaskRating:
    """Record (or correct) a person's rating for a year; one per person-year."""
    _require_record(by, person.unit)
    existing = TaskRating.objects.select_for_update().filter(person=person, year=year).first()
    old = existing.rating if existing else None
    obj = existing or TaskRating(person=person, year=year)
    obj.rating = rating
    obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action="awards.taskrating." + ("updated" if existing else "created"),
        target=obj,
        data={"year": year, "rating": [old, rating]},
    )
    return obj


@transaction.atomic
def initiative_create(
    *,
    by,
    person: Person,
    title: str,
    scope: str,
    recognised_on: date,
    year: int | None = None,
    recognised_by: str = "",
    decision_number: str = "",
) -> Initiative:
    """Record a recognised initiative (sáng kiến) of `person`, audited.

    Args: `by` (the person's unit or the desk over it, `can_enter_record`); `title`; `scope` an
    `InitiativeScope` code (unit, commune, province, national); `recognised_on` the recognition
    date; `year` the achievement year (default: that date's year); `recognised_by` the recognising
    body; `decision_number` the recognising decision. Returns the saved Initiative. Raises
    ValidationError. Initiatives count toward the emulation-fighter titles (law.md §4.1).
    """
    _require_record(by, person.unit)
    if recognised_on > timezone.localdate():
        raise ValidationError({"recognised_on": _("Ngày công nhận không được sau hôm nay.")})
    if year and year > recognised_on.year:
        raise ValidationError({"year": _("Năm áp dụng không được sau năm công nhận.")})
    obj = Initiative(
        person=person,
        title=title,
        scope=scope,
        recognised_on=recognised_on,
        year=year or recognised_on.year,
        recognised_by=recognised_by,
        decision_number=decision_number.strip(),
    )
    obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action="awards.initiative.created",
        target=obj,
        data={
            "after": audit.snapshot(
                obj, ["person", "title", "scope", "recognised_on", "year", "recognised_by", "decision_number"]
            )
        },
    )
    return obj


@transaction.atomic
def discipline_create(
    *,
    by,
    person: Person,
    form: str,
    start: date,
    end: date | None = None,
    decision_number: str = "",
    note: str = "",
) -> DisciplineRecord:
    """Record a disciplinary penalty of `person` and the period it runs, audited.

    Args: `by` (the person's unit or the desk over it, `can_enter_record`); `form` a
    `DisciplineForm` code; `start` and optional `end` dates (inclusive; `end` is the day it stops
    counting); `decision_number`, `note`. Returns the saved DisciplineRecord. Raises
    ValidationError. Legal source: ND 152/2025 Art. 4(4) (achievements count after the penalty ends).
    """
    _require_record(by, person.unit)
    if end is not None and end < start:
        raise ValidationError({"end": _("Ngày hết thời hạn không được trước ngày có hiệu lực.")})
    obj = DisciplineRecord(
        person=person, form=form, start=start, end=end, decision_number=decision_number, note=note
    )
    obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action="awards.discipline.created",
        target=obj,
        data={"after": audit.snapshot(obj, ["person", "form", "start", "end", "decision_number"])},
    )
    return obj


@transaction.atomic
def freeze_create(
    *,
    by,
    reason: str,
    start: date,
    person: Person | None = None,
    collective: Unit | None = None,
    end: date | None = None,
    note: str = "",
) -> ReviewFreeze:
    """Stop awards and upward proposals while a person or collective is under review (ND 152 Art. 4)."""
    if (person is None) == (collective is None):
        raise ValidationError(_("Chọn đúng một đối tượng: cá nhân hoặc tập thể."))
    _require_record(by, person.unit if person else collective)
    if end is not None and end < start:
        raise ValidationError({"end": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    obj = ReviewFreeze(person=person, collective=collective, reason=reason, start=start, end=end, note=note)
    obj.full_clean()
    obj.save()
    audit.record(
        actor=by,
        action="awards.freeze.created",
        target=obj,
        data={"after": audit.snapshot(obj, ["person", "collective", "reason", "start", "end"])},
    )
    return obj


@transaction.atomic
def freeze_end(*, by, freeze: ReviewFreeze, on: date) -> ReviewFreeze:
    """End a review freeze on date `on` (the subject may be nominated again from then), audited.

    Args: `by` (must manage the subject's unit); `freeze`; `on` a date not before its start.
    Returns the updated ReviewFreeze. Raises ValidationError.
    """
    locked = (
        ReviewFreeze.objects.select_for_update(of=("self",))
        .select_related("person__unit", "collective")
        .get(pk=freeze.pk)
    )
    _require_record(by, locked.person.unit if locked.person else locked.collective)
    if on < locked.start:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."))
    old = locked.end
    locked.end = on
    locked.save(update_fields=["end", "updated_at"])
    audit.record(actor=by, action="awards.freeze.ended", target=locked, data={"changes": {"end": [old, on]}})
    return locked
