"""Excel import of people: validate everything, show row errors, write all or nothing."""

import contextlib
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import audit, caching
from core.importing import (
    CellError,
    ImportPreview,
    ImportRow,
    cell_text,
    parse_cccd,
    parse_date,
    write_in_batches,
)
from core.search import fold_diacritics
from units.models import Person, Unit
from units.permissions import managed_units

COLUMNS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Đơn vị",
    "Chức vụ",
    "Lãnh đạo, quản lý",
    "Dân tộc",
    "Ngày bắt đầu công tác",
    "Email",
    "Điện thoại",
]
REQUIRED = ["Họ và tên", "Giới tính", "Đơn vị"]
ALIASES = {
    "Họ và tên": ["Họ tên", "Họ và tên cán bộ"],
    "Ngày sinh": ["Ngày, tháng, năm sinh", "Sinh ngày"],
    "Số CCCD": ["CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân"],
    "Đơn vị": ["Đơn vị công tác", "Cơ quan, đơn vị"],
    "Ngày bắt đầu công tác": ["Ngày vào đơn vị", "Ngày bắt đầu làm việc"],
    "Điện thoại": ["Số điện thoại", "SĐT"],
    "Lãnh đạo, quản lý": ["Lãnh đạo", "Là lãnh đạo, quản lý"],
}
#: "Lãnh đạo, quản lý" cell values (folded) read as yes; empty, "Không", "0" read as no.
LEADER_YES = {"co", "x", "1", "lanh dao", "lanh dao, quan ly"}
LEADER_NO = {"", "khong", "0"}
GENDERS = {"nam": Person.Gender.MALE, "nu": Person.Gender.FEMALE}


def _unit_key(text: str) -> str:
    """A unit name folded for matching; "Ủy ban nhân dân" and its usual abbreviation "UBND" agree."""
    return re.sub(r"\buy ban nhan dan\b", "ubnd", fold_diacritics(text))


def unit_index(units) -> dict[str, list[Unit]]:
    """Units by their folded name and short name (no marks, any case, "UBND" for "Ủy ban nhân
    dân"): {"ubnd xa binh lu": [unit]}.

    units: an iterable of Unit (the units an import may name). Shared by every import that names
    a unit in a cell (people, per-unit targets); read with `match_unit`.
    """
    index: dict[str, list[Unit]] = {}
    for unit in units:
        for key in {_unit_key(unit.name), _unit_key(unit.short_name)} - {""}:
            index.setdefault(key, []).append(unit)
    return index


def unit_named(index: dict[str, list[Unit]], text: str) -> list[Unit]:
    """The units of `index` (see `unit_index`) that `text` names; empty when none."""
    return index.get(_unit_key(text), [])


def match_unit(index: dict[str, list[Unit]], text: str, *, where: str) -> Unit:
    """The one unit a cell names, by name or short name, without marks or case (see `unit_index`).

    where: the Vietnamese scope named when nothing matches ("trong phạm vi bạn quản lý").
    Raises CellError when no unit or several units carry that name.
    """
    matches = unit_named(index, text)
    if not matches:
        raise CellError(_("Không tìm thấy đơn vị “%(v)s” %(where)s.") % {"v": text, "where": where})
    if len(matches) > 1:
        raise CellError(_("Tên đơn vị “%(v)s” trùng nhiều đơn vị; hãy ghi tên đầy đủ.") % {"v": text})
    return matches[0]


def people_import_preview(*, by, raw_rows: list[tuple[int, dict]]) -> ImportPreview:
    """Validate rows (number, {column: value}); nothing is written."""
    units = unit_index(managed_units(by).only("pk", "name", "short_name", "path"))
    rows = [ImportRow(number=n, raw={k: cell_text(v) for k, v in raw.items()}) for n, raw in raw_rows]
    seen_cccd: dict[str, int] = {}
    cccds = []
    for r in rows:
        with contextlib.suppress(KeyError, CellError):
            cccds.append(parse_cccd(r.raw["Số CCCD"]))
    existing = set(Person.objects.filter(cccd__in=cccds).values_list("cccd", flat=True))
    scope = _("trong phạm vi bạn quản lý")
    for row in rows:
        raw, errors, v = row.raw, row.errors, row.values
        for col in REQUIRED:
            if not raw.get(col):
                errors.append(_("Thiếu “%(col)s”.") % {"col": col})
        v["full_name"] = raw.get("Họ và tên", "")
        gender = fold_diacritics(raw.get("Giới tính", ""))
        if raw.get("Giới tính"):
            if gender in GENDERS:
                v["gender"] = GENDERS[gender]
            else:
                errors.append(_("Giới tính “%(v)s” không hợp lệ (Nam hoặc Nữ).") % {"v": raw["Giới tính"]})
        for col, key in (("Ngày sinh", "date_of_birth"), ("Ngày bắt đầu công tác", "employed_since")):
            if raw.get(col):
                try:
                    v[key] = parse_date(raw[col], label=col).isoformat()
                except CellError as exc:
                    errors.append(exc.message)
        if raw.get("Số CCCD"):
            try:
                cccd = v["cccd"] = parse_cccd(raw["Số CCCD"])
            except CellError as exc:
                errors.append(exc.message)
                cccd = None
            if cccd is None:
                pass
            elif cccd in existing:
                errors.append(_("Số CCCD %(v)s đã có trong hệ thống.") % {"v": cccd})
            elif cccd in seen_cccd:
                errors.append(_("Số CCCD %(v)s trùng với dòng %(n)s.") % {"v": cccd, "n": seen_cccd[cccd]})
            else:
                seen_cccd[cccd] = row.number
            if cccd and cccd != raw["Số CCCD"].replace(" ", ""):
                row.notes.append(_("Số CCCD được ghi là %(v)s (Excel đã bỏ số 0 đầu).") % {"v": cccd})
        unit_name = raw.get("Đơn vị", "")
        if unit_name:
            try:
                unit = match_unit(units, unit_name, where=scope)
            except CellError as exc:
                errors.append(exc.message)
            else:
                v["unit_id"] = unit.pk
                v["unit_name"] = unit.name
        v["position"] = raw.get("Chức vụ", "")
        v["ethnicity"] = raw.get("Dân tộc", "")
        leader = fold_diacritics(raw.get("Lãnh đạo, quản lý", "")).strip()
        if leader in LEADER_YES | LEADER_NO:
            v["is_leader"] = leader in LEADER_YES
        else:
            errors.append(
                _("Cột “Lãnh đạo, quản lý”: “%(v)s” không hợp lệ; ghi “Có” hoặc để trống.")
                % {"v": raw.get("Lãnh đạo, quản lý", "")}
            )
        v["email"] = raw.get("Email", "")
        v["phone"] = raw.get("Điện thoại", "")
        if v["email"] and "@" not in v["email"]:
            errors.append(_("Email “%(v)s” không hợp lệ.") % {"v": v["email"]})
    return ImportPreview(rows=rows)


@transaction.atomic
def people_import_commit(*, by, raw_rows: list[tuple[int, dict]], progress=None) -> list[Person]:
    """Re-validate and create every person, or none (one transaction).

    raw_rows: `[(row number, {column: text})]` as `core.importing.read_table` gives them;
    progress: optional `progress(done, total)` called every 500 rows (a background import job's
    progress). Returns the created people; raises ValidationError when a row has an error.
    """
    preview = people_import_preview(by=by, raw_rows=raw_rows)
    if not preview.ok:
        raise ValidationError(_("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count})

    def write(batch) -> list[Person]:
        chunk = []
        for row in batch:
            v = row.values
            person = Person(
                full_name=v["full_name"],
                gender=v["gender"],
                cccd=v.get("cccd"),
                unit_id=v["unit_id"],
                position=v["position"],
                is_leader=v.get("is_leader", False),
                ethnicity=v.get("ethnicity", ""),
                email=v["email"],
                phone=v["phone"],
                date_of_birth=date.fromisoformat(v["date_of_birth"]) if v.get("date_of_birth") else None,
                employed_since=date.fromisoformat(v["employed_since"]) if v.get("employed_since") else None,
            )
            # The preview checked the unit (managed by `by`) and the CCCD (in the file and the
            # database, inside this transaction); the field checks run here, the constraints in
            # the database.
            person.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
            person.normalise()
            chunk.append((row.number, person))
        try:
            with transaction.atomic():
                Person.objects.bulk_create([p for _n, p in chunk])
            caching.bump(Person)  # no post_save on bulk_create: cached aggregates must see them
        except IntegrityError as exc:  # a CCCD written by somebody else since the check above
            raise ValidationError(
                _(
                    "Dữ liệu vừa thay đổi (số CCCD vừa được nhập ở nơi khác); chưa ghi dữ liệu nào. "
                    "Hãy tải tệp lên lại."
                )
            ) from exc
        audit.record_many(
            actor=by, action="units.person.imported", targets=[(p, {"row": n}) for n, p in chunk]
        )
        return [p for _n, p in chunk]

    return write_in_batches(preview.rows, write, progress=progress)
