"""Excel imports of the record facts the eligibility engine reads: initiatives, discipline, review
freezes, start dates, households. Each kind is a small spec (columns, one row's parser, one
service call) over the one import scaffold (`core.importing`); rows are checked first, then all
are written in one transaction or none."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards import services
from awards.models import DisciplineRecord, Household, Initiative, ReviewFreeze
from core.importing import (
    CellError,
    ImportPreview,
    ImportRow,
    cell_text,
    header_key,
    parse_cccd,
    parse_date,
    parse_year,
)
from core.search import fold_diacritics
from units.models import Person, Unit
from units.permissions import record_units
from units.services import person_employed_since_set

PERSON_COLUMNS = ["Họ và tên", "Số CCCD", "Đơn vị"]
PERSON_ALIASES = {
    "Họ và tên": ["Họ tên"],
    "Số CCCD": ["CCCD", "Số căn cước", "Số căn cước công dân"],
    "Đơn vị": ["Đơn vị công tác", "Cơ quan, đơn vị"],
}


class _Scope:
    """The units the user enters the record of, and their people, loaded once per file."""

    def __init__(self, by, rows: list[ImportRow], *, with_people: bool = True):
        self.units: dict[str, list[Unit]] = {}
        for unit in record_units(by).only("pk", "name", "short_name", "path", "kind"):
            for key in {fold_diacritics(unit.name), fold_diacritics(unit.short_name)} - {""}:
                self.units.setdefault(key, []).append(unit)
        self.unit_ids = {u.pk for units in self.units.values() for u in units}
        self.by_cccd: dict[str, Person] = {}
        self.by_name: dict[tuple[int, str], list[Person]] = {}
        if with_people:
            cccds = set()
            for r in rows:
                with contextlib.suppress(KeyError, CellError):
                    cccds.add(parse_cccd(r.raw["Số CCCD"]))
            names = {fold_diacritics(r.raw.get("Họ và tên", "")) for r in rows} - {""}
            people = Person.objects.filter(unit_id__in=self.unit_ids).filter(
                Q(cccd__in=cccds) | Q(search_key__in=names)
            )
            for p in people.select_related("unit"):
                if p.cccd:
                    self.by_cccd[p.cccd] = p
                self.by_name.setdefault((p.unit_id, p.search_key), []).append(p)

    def unit(self, text: str) -> Unit:
        matches = self.units.get(fold_diacritics(text), [])
        if not matches:
            raise CellError(_("Không tìm thấy đơn vị “%(v)s” trong phạm vi bạn phụ trách.") % {"v": text})
        if len(matches) > 1:
            raise CellError(_("Tên đơn vị “%(v)s” trùng nhiều đơn vị; hãy ghi tên đầy đủ.") % {"v": text})
        return matches[0]

    def person(self, raw: dict) -> Person:
        name = raw.get("Họ và tên", "")
        if raw.get("Số CCCD"):
            cccd = parse_cccd(raw["Số CCCD"])
            person = self.by_cccd.get(cccd)
            if person is None:
                raise CellError(
                    _("Không tìm thấy cá nhân có số CCCD %(v)s trong phạm vi bạn phụ trách.") % {"v": cccd}
                )
            if name and fold_diacritics(name) != person.search_key:
                raise CellError(
                    _("Số CCCD %(c)s là của “%(p)s”, không phải “%(n)s”.")
                    % {"c": cccd, "p": person.full_name, "n": name}
                )
            return person
        if not name:
            raise CellError(_("Thiếu “Họ và tên”."))
        if not raw.get("Đơn vị"):
            raise CellError(_("Thiếu “Đơn vị” (hoặc ghi Số CCCD)."))
        unit = self.unit(raw["Đơn vị"])
        found = self.by_name.get((unit.pk, fold_diacritics(name)), [])
        if not found:
            raise CellError(_("Không tìm thấy “%(n)s” ở đơn vị %(u)s.") % {"n": name, "u": unit.name})
        if len(found) > 1:
            raise CellError(
                _("Có nhiều người tên “%(n)s” ở %(u)s; hãy ghi số CCCD.") % {"n": name, "u": unit.name}
            )
        return found[0]


def _choice(text: str, choices, *, label: str) -> str:
    """A choice cell by its label or its label's start ("Cảnh cáo", "cap tinh"); CellError lists them."""
    key = header_key(text)
    for value, choice_label in choices:
        if key in (header_key(choice_label), header_key(value)):
            return value
    raise CellError(
        _("%(col)s “%(v)s” không hợp lệ (ghi một trong: %(c)s).")
        % {"col": label, "v": text, "c": "; ".join(str(lbl) for _v, lbl in choices)}
    )


def _date(raw: dict, col: str, *, required: bool = True) -> date | None:
    if not raw.get(col):
        if required:
            raise CellError(_("Thiếu “%(col)s”.") % {"col": col})
        return None
    return parse_date(raw[col], label=col)


@dataclass(frozen=True)
class FactKind:
    """One importable kind of record fact."""

    slug: str
    title: str
    row_noun: str
    columns: list[str]
    required: list[str]
    aliases: dict
    parse: Callable[[dict, _Scope], dict]
    create: Callable
    duplicate_key: Callable[[dict], tuple] | None = None
    existing_keys: Callable[[list[dict]], set] | None = None
    needs_people: bool = True


# --- initiatives ------------------------------------------------------------------------
SCOPES = [
    *Initiative.Scope.choices,
    ("unit", "Cấp cơ sở"),
    ("unit", "Cơ sở"),
    ("commune", "Xã"),
    ("province", "Tỉnh"),
]


def _initiative(raw: dict, scope: _Scope) -> dict:
    values = {"person": scope.person(raw)}
    if not raw.get("Tên sáng kiến"):
        raise CellError(_("Thiếu “Tên sáng kiến”."))
    values["title"] = raw["Tên sáng kiến"]
    values["scope"] = _choice(raw.get("Phạm vi ảnh hưởng", ""), SCOPES, label="Phạm vi ảnh hưởng")
    values["recognised_on"] = _date(raw, "Ngày công nhận")
    values["decision_number"] = raw.get("Số quyết định", "")
    values["recognised_by"] = raw.get("Cơ quan công nhận", "")
    values["year"] = parse_year(raw["Năm"]) if raw.get("Năm") else values["recognised_on"].year
    return values


def _initiatives_existing(rows: list[dict]) -> set:
    ids = {v["person"].pk for v in rows}
    return {
        (p, fold_diacritics(t), y)
        for p, t, y in Initiative.objects.filter(person_id__in=ids).values_list("person_id", "title", "year")
    }


# --- discipline --------------------------------------------------------------------------
def _discipline(raw: dict, scope: _Scope) -> dict:
    values = {"person": scope.person(raw)}
    values["form"] = _choice(
        raw.get("Hình thức kỷ luật", ""), DisciplineRecord.Form.choices, label="Hình thức kỷ luật"
    )
    values["start"] = _date(raw, "Từ ngày")
    values["end"] = _date(raw, "Đến ngày", required=False)
    if values["end"] and values["end"] < values["start"]:
        raise CellError(_("“Đến ngày” không được trước “Từ ngày”."))
    values["decision_number"] = raw.get("Số quyết định", "")
    values["note"] = raw.get("Ghi chú", "")
    return values


def _discipline_existing(rows: list[dict]) -> set:
    ids = {v["person"].pk for v in rows}
    return set(DisciplineRecord.objects.filter(person_id__in=ids).values_list("person_id", "form", "start"))


# --- review freezes ------------------------------------------------------------------------
def _freeze(raw: dict, scope: _Scope) -> dict:
    values = {"person": scope.person(raw)}
    values["reason"] = _choice(raw.get("Lý do", ""), ReviewFreeze.Reason.choices, label="Lý do")
    values["start"] = _date(raw, "Từ ngày")
    values["end"] = _date(raw, "Đến ngày", required=False)
    if values["end"] and values["end"] < values["start"]:
        raise CellError(_("“Đến ngày” không được trước “Từ ngày”."))
    values["note"] = raw.get("Ghi chú", "")
    return values


def _freeze_existing(rows: list[dict]) -> set:
    ids = {v["person"].pk for v in rows}
    return set(ReviewFreeze.objects.filter(person_id__in=ids).values_list("person_id", "reason", "start"))


# --- start dates -------------------------------------------------------------------------
def _start_date(raw: dict, scope: _Scope) -> dict:
    values = {"person": scope.person(raw), "employed_since": _date(raw, "Ngày bắt đầu công tác")}
    if values["employed_since"] > timezone.localdate():
        raise CellError(_("“Ngày bắt đầu công tác” không được sau hôm nay."))
    return values


# --- households --------------------------------------------------------------------------
def _household(raw: dict, scope: _Scope) -> dict:
    if not raw.get("Họ tên chủ hộ"):
        raise CellError(_("Thiếu “Họ tên chủ hộ”."))
    village = scope.unit(raw.get("Thôn, bản, tổ dân phố", ""))
    if village.kind != Unit.Kind.VILLAGE:
        raise CellError(_("“%(v)s” không phải thôn, bản, tổ dân phố.") % {"v": village.name})
    members = [m.strip() for m in raw.get("Thành viên", "").replace(";", "\n").splitlines() if m.strip()]
    return {
        "head_name": raw["Họ tên chủ hộ"],
        "village": village,
        "address": raw.get("Địa chỉ", ""),
        "members": "\n".join(members),
    }


def _households_existing(rows: list[dict]) -> set:
    ids = {v["village"].pk for v in rows}
    return set(Household.objects.filter(village_id__in=ids).values_list("village_id", "search_key"))


KINDS = {
    k.slug: k
    for k in [
        FactKind(
            slug="sang-kien",
            title=_lazy("Nhập sáng kiến từ Excel"),
            row_noun=_lazy("sáng kiến"),
            columns=[
                *PERSON_COLUMNS,
                "Tên sáng kiến",
                "Phạm vi ảnh hưởng",
                "Số quyết định",
                "Ngày công nhận",
                "Cơ quan công nhận",
                "Năm",
            ],
            required=["Họ và tên", "Tên sáng kiến", "Phạm vi ảnh hưởng", "Ngày công nhận"],
            aliases={
                **PERSON_ALIASES,
                "Tên sáng kiến": ["Sáng kiến"],
                "Phạm vi ảnh hưởng": ["Phạm vi", "Cấp công nhận"],
                "Ngày công nhận": ["Ngày quyết định"],
            },
            parse=_initiative,
            create=services.initiative_create,
            duplicate_key=lambda v: (v["person"].pk, fold_diacritics(v["title"]), v["year"]),
            existing_keys=_initiatives_existing,
        ),
        FactKind(
            slug="ky-luat",
            title=_lazy("Nhập kỷ luật từ Excel"),
            row_noun=_lazy("kỷ luật"),
            columns=[*PERSON_COLUMNS, "Hình thức kỷ luật", "Số quyết định", "Từ ngày", "Đến ngày", "Ghi chú"],
            required=["Họ và tên", "Hình thức kỷ luật", "Từ ngày"],
            aliases={
                **PERSON_ALIASES,
                "Hình thức kỷ luật": ["Hình thức"],
                "Từ ngày": ["Ngày có hiệu lực"],
                "Đến ngày": ["Ngày hết thời hạn"],
            },
            parse=_discipline,
            create=services.discipline_create,
            duplicate_key=lambda v: (v["person"].pk, v["form"], v["start"]),
            existing_keys=_discipline_existing,
        ),
        FactKind(
            slug="tam-dung",
            title=_lazy("Nhập thời gian tạm dừng xét khen thưởng từ Excel"),
            row_noun=_lazy("dòng"),
            columns=[*PERSON_COLUMNS, "Lý do", "Từ ngày", "Đến ngày", "Ghi chú"],
            required=["Họ và tên", "Lý do", "Từ ngày"],
            aliases=PERSON_ALIASES,
            parse=_freeze,
            create=services.freeze_create,
            duplicate_key=lambda v: (v["person"].pk, v["reason"], v["start"]),
            existing_keys=_freeze_existing,
        ),
        FactKind(
            slug="ngay-cong-tac",
            title=_lazy("Nhập ngày bắt đầu công tác từ Excel"),
            row_noun=_lazy("người"),
            columns=[*PERSON_COLUMNS, "Ngày bắt đầu công tác"],
            required=["Họ và tên", "Ngày bắt đầu công tác"],
            aliases={**PERSON_ALIASES, "Ngày bắt đầu công tác": ["Ngày vào đơn vị", "Công tác từ"]},
            parse=_start_date,
            create=person_employed_since_set,
            duplicate_key=lambda v: (v["person"].pk,),
        ),
        FactKind(
            slug="ho-gia-dinh",
            title=_lazy("Nhập hộ gia đình từ Excel"),
            row_noun=_lazy("hộ"),
            columns=["Họ tên chủ hộ", "Thôn, bản, tổ dân phố", "Địa chỉ", "Thành viên"],
            required=["Họ tên chủ hộ", "Thôn, bản, tổ dân phố"],
            aliases={
                "Họ tên chủ hộ": ["Chủ hộ"],
                "Thôn, bản, tổ dân phố": ["Thôn", "Bản", "Tổ dân phố", "Đơn vị"],
            },
            parse=_household,
            create=services.household_create,
            duplicate_key=lambda v: (v["village"].pk, fold_diacritics(v["head_name"])),
            existing_keys=_households_existing,
            needs_people=False,
        ),
    ]
}


def fact_import_preview(*, by, kind: FactKind, raw_rows: list[tuple[int, dict]]) -> ImportPreview:
    """Check every row of a `kind` file for `by` (scope, values, duplicates in the file and in
    the record); nothing is written. Each row's `values` are ready for the kind's service."""
    rows = [ImportRow(number=n, raw={k: cell_text(v) for k, v in raw.items()}) for n, raw in raw_rows]
    scope = _Scope(by, rows, with_people=kind.needs_people)
    for row in rows:
        try:
            row.values = kind.parse(row.raw, scope)
        except CellError as exc:
            row.errors.append(exc.message)
    parsed = [r.values for r in rows if not r.errors]
    existing = kind.existing_keys(parsed) if kind.existing_keys and parsed else set()
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.errors or not kind.duplicate_key:
            continue
        key = kind.duplicate_key(row.values)
        if key in existing:
            row.errors.append(_("Đã có trong hồ sơ thi đua."))
        elif key in seen:
            row.errors.append(_("Trùng với dòng %(n)s.") % {"n": seen[key]})
        else:
            seen[key] = row.number
    return ImportPreview(rows=rows)


@transaction.atomic
def fact_import_commit(*, by, kind: FactKind, raw_rows: list[tuple[int, dict]]) -> list:
    """Re-check and write every row through the kind's service (audited there), or none."""
    preview = fact_import_preview(by=by, kind=kind, raw_rows=raw_rows)
    if not preview.ok:
        raise ValidationError(_("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count})
    return [kind.create(by=by, **row.values) for row in preview.rows]
