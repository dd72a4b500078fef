"""Year-end entry of the facts the eligibility engine reads: the unit's task ratings (one grid per
unit and year, with the peer-review minutes), entered by the unit or the secretariat (audited)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.models import RatingSheet, TaskRating
from core import audit
from units.models import Person, Unit
from units.permissions import can_enter_record

FIRST_RATING_YEAR = 2000


def rating_years() -> list[int]:
    """Years a rating may be entered for, newest first: this year back to FIRST_RATING_YEAR."""
    return list(range(timezone.localdate().year, FIRST_RATING_YEAR - 1, -1))


def rating_default_year() -> int:
    """The year a unit is most likely rating: this year from October (year-end reviews), else last."""
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


def rating_sheet_people(unit: Unit):
    """The people rated on a unit's sheet: its own staff (not sub-units'), by name."""
    return Person.objects.filter(unit=unit).order_by("search_key", "pk")


def _check_year(year: int) -> None:
    if not FIRST_RATING_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("Năm xếp loại %(y)s không hợp lệ (từ %(a)s đến năm nay).") % {"y": year, "a": FIRST_RATING_YEAR}
        )


def _conflict_message(sheet: RatingSheet) -> str:
    who = (
        (sheet.entered_by.get_full_name() or sheet.entered_by.username)
        if sheet.entered_by
        else _("người khác")
    )
    when = date_format(timezone.localtime(sheet.updated_at), "d/m/Y H:i")
    return _(
        "Bảng xếp loại này vừa được %(who)s lưu lúc %(when)s, sau khi bạn mở trang. "
        "Chưa ghi thay đổi nào của bạn; hãy tải lại trang để xem bản mới rồi nhập lại."
    ) % {"who": who, "when": when}


@transaction.atomic
def rating_sheet_save(
    *,
    by,
    unit: Unit,
    year: int,
    ratings: dict[int, str],
    version: int,
    meeting_date: date | None = None,
    minutes=None,
) -> RatingSheet:
    """Save a unit's year-end ratings in one go (all or nothing).

    ratings: {person id: rating value ("excellent" | "good" | "completed" | "not_completed") or ""
      for "not rated"}; every id must be a person of `unit`. People left out are not touched.
    version: the sheet version the user saw (0 for a sheet not saved yet); a different current
      version means someone saved in between: ValidationError, nothing written.
    minutes: an uploaded file (PDF, Word, image) — the peer-review meeting's minutes (biên bản
      họp bình xét), validated by the shared upload check; replaces an earlier one.
    Each rating change is audited (created / updated / deleted), and the sheet save once.
    Legal source: the annual titles rest on the year's rating (Law on Emulation and Commendation
    2022 and ND 152/2025: LĐTT needs "hoàn thành tốt nhiệm vụ" or better, CSTĐCS "hoàn thành xuất
    sắc nhiệm vụ" or an initiative; domain/law.md §3).
    Raises ValidationError (Vietnamese) for a forbidden unit, a bad year or rating, a conflict.
    """
    if not can_enter_record(by, unit):
        raise ValidationError(_("Bạn không có quyền cập nhật hồ sơ thi đua của đơn vị này."))
    _check_year(year)
    sheet, _created = RatingSheet.objects.select_for_update().get_or_create(unit=unit, year=year)
    if sheet.version != version:
        raise ValidationError(_conflict_message(sheet))
    valid = set(TaskRating.Rating.values)
    bad = {v for v in ratings.values() if v and v not in valid}
    if bad:
        raise ValidationError(_("Xếp loại không hợp lệ: %(v)s.") % {"v": ", ".join(sorted(bad))})
    people = Person.objects.in_bulk([int(pk) for pk in ratings])
    outsiders = [pk for pk in ratings if int(pk) not in people or people[int(pk)].unit_id != unit.pk]
    if outsiders:
        raise ValidationError(_("Có người không thuộc đơn vị %(u)s; hãy tải lại trang.") % {"u": unit.name})
    existing = {
        r.person_id: r for r in TaskRating.objects.select_for_update().filter(person_id__in=people, year=year)
    }
    changes = 0
    for pk, value in ratings.items():
        person, old = people[int(pk)], existing.get(int(pk))
        if old is not None and old.rating == value:
            continue
        if old is None and not value:
            continue
        changes += 1
        if not value:
            old.delete()
            audit.record(
                actor=by,
                action="awards.taskrating.deleted",
                target=person,
                data={"year": year, "rating": [old.rating, None]},
            )
            continue
        before = old.rating if old else None
        obj = old or TaskRating(person=person, year=year)
        obj.rating = value
        obj.full_clean()
        obj.save()
        audit.record(
            actor=by,
            action="awards.taskrating." + ("updated" if old else "created"),
            target=obj,
            data={"year": year, "rating": [before, value], "sheet": sheet.pk},
        )
    changed_fields = []
    if meeting_date is not None and meeting_date != sheet.meeting_date:
        if meeting_date > timezone.localdate():
            raise ValidationError({"meeting_date": _("Ngày họp bình xét không được sau hôm nay.")})
        sheet.meeting_date = meeting_date
        changed_fields.append("meeting_date")
    if minutes is not None:
        from core.uploads import validate_upload  # the shared check: size, type by content

        checked = validate_upload(minutes, allowed={"pdf", "docx", "png", "jpg"})
        original, ext = checked.name, "." + checked.kind
        sheet.minutes.save(uuid.uuid4().hex + ext, ContentFile(minutes.read()), save=False)
        sheet.minutes_name = original
        changed_fields.append("minutes")
    sheet.rated_count = TaskRating.objects.filter(person__unit=unit, year=year).count()
    sheet.version += 1
    sheet.entered_by = by if getattr(by, "pk", None) else None
    sheet.full_clean()
    sheet.save()
    audit.record(
        actor=by,
        action="awards.ratingsheet.saved",
        target=sheet,
        data={"year": year, "changed": changes, "rated": sheet.rated_count, "fields": changed_fields},
    )
    return sheet
