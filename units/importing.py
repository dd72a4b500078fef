"""Excel import of people: validate everything, show row errors, write all or nothing."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.search import fold_diacritics, normalize_text
from units.models import Person, Unit
from units.permissions import managed_units

COLUMNS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Đơn vị",
    "Chức vụ",
    "Ngày bắt đầu công tác",
    "Email",
    "Điện thoại",
]
REQUIRED = ["Họ và tên", "Giới tính", "Đơn vị"]
GENDERS = {"nam": Person.Gender.MALE, "nu": Person.Gender.FEMALE}


@dataclass
class ImportRow:
    number: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(str(value))


def _parse_date(text: str) -> date:
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(text)


def _unit_index(by) -> dict[str, list[Unit]]:
    index: dict[str, list[Unit]] = {}
    for unit in managed_units(by).only("pk", "name", "short_name", "path"):
        for key in {fold_diacritics(unit.name), fold_diacritics(unit.short_name)} - {""}:
            index.setdefault(key, []).append(unit)
    return index


def people_import_preview(*, by, raw_rows: list[tuple[int, dict]]) -> ImportPreview:
    """Validate rows (number, {column: value}); nothing is written."""
    units = _unit_index(by)
    rows = [ImportRow(number=n, raw={k: _as_text(v) for k, v in raw.items()}) for n, raw in raw_rows]
    seen_cccd: dict[str, int] = {}
    cccds = [r.raw.get("Số CCCD", "") for r in rows if r.raw.get("Số CCCD")]
    existing = set(Person.objects.filter(cccd__in=cccds).values_list("cccd", flat=True))
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
                    v[key] = _parse_date(raw[col]).isoformat()
                except ValueError:
                    errors.append(
                        _("“%(col)s” không đúng dạng ngày/tháng/năm: %(v)s.") % {"col": col, "v": raw[col]}
                    )
        cccd = raw.get("Số CCCD", "")
        if cccd:
            if not (cccd.isdigit() and len(cccd) == 12):
                errors.append(_("Số CCCD “%(v)s” phải gồm đúng 12 chữ số.") % {"v": cccd})
            elif cccd in existing:
                errors.append(_("Số CCCD %(v)s đã có trong hệ thống.") % {"v": cccd})
            elif cccd in seen_cccd:
                errors.append(_("Số CCCD %(v)s trùng với dòng %(n)s.") % {"v": cccd, "n": seen_cccd[cccd]})
            else:
                seen_cccd[cccd] = row.number
                v["cccd"] = cccd
        unit_name = raw.get("Đơn vị", "")
        if unit_name:
            matches = units.get(fold_diacritics(unit_name), [])
            if not matches:
                errors.append(
                    _("Không tìm thấy đơn vị “%(v)s” trong phạm vi bạn quản lý.") % {"v": unit_name}
                )
            elif len(matches) > 1:
                errors.append(
                    _("Tên đơn vị “%(v)s” trùng nhiều đơn vị; hãy ghi tên đầy đủ.") % {"v": unit_name}
                )
            else:
                v["unit_id"] = matches[0].pk
                v["unit_name"] = matches[0].name
        v["position"] = raw.get("Chức vụ", "")
        v["email"] = raw.get("Email", "")
        v["phone"] = raw.get("Điện thoại", "")
        if v["email"] and "@" not in v["email"]:
            errors.append(_("Email “%(v)s” không hợp lệ.") % {"v": v["email"]})
    return ImportPreview(rows=rows)


@transaction.atomic
def people_import_commit(*, by, raw_rows: list[tuple[int, dict]]) -> list[Person]:
    """Re-validate and create every person, or none (one transaction)."""
    preview = people_import_preview(by=by, raw_rows=raw_rows)
    if not preview.ok:
        raise ValidationError(_("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count})
    created = []
    for row in preview.rows:
        v = row.values
        person = Person(
            full_name=v["full_name"],
            gender=v["gender"],
            cccd=v.get("cccd"),
            unit_id=v["unit_id"],
            position=v["position"],
            email=v["email"],
            phone=v["phone"],
            date_of_birth=date.fromisoformat(v["date_of_birth"]) if v.get("date_of_birth") else None,
            employed_since=date.fromisoformat(v["employed_since"]) if v.get("employed_since") else None,
        )
        person.full_clean()
        person.save()
        audit.record(actor=by, action="units.person.imported", target=person, data={"row": row.number})
        created.append(person)
    return created
