"""Excel import of past awards: validate every row, show Vietnamese row errors, write all or nothing.

Same shape as `units/importing.py`: `award_import_preview` writes nothing; `award_import_commit`
re-validates and creates every record (and any new household) in one transaction, or none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from awards import services
from awards.models import AwardKind, AwardRecord, Household, Occasion, SubjectKind
from awards.rules import load_rulebook
from core import audit, caching
from core.importing import (
    CellError,
    ImportPreview,
    ImportRow,
    cell_text,
    parse_cccd,
    parse_date,
    parse_year,
    write_in_batches,
)
from core.search import fold_diacritics
from units.models import Person, Unit
from units.permissions import managed_units

COLUMNS = [
    "Đối tượng",
    "Họ và tên",
    "Số CCCD",
    "Đơn vị",
    "Danh hiệu, hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Loại khen thưởng",
    "Địa chỉ",
    "Ghi chú",
]
ALIASES = {
    "Họ và tên": ["Họ tên", "Họ tên chủ hộ"],
    "Số CCCD": ["CCCD", "Số căn cước", "Số căn cước công dân"],
    "Danh hiệu, hình thức": ["Danh hiệu", "Hình thức khen thưởng", "Danh hiệu/hình thức"],
    "Năm": ["Năm thành tích"],
    "Số quyết định": ["Số QĐ"],
    "Ngày quyết định": ["Ngày QĐ", "Ngày ký"],
    "Cấp quyết định": ["Cơ quan quyết định", "Cấp khen"],
}
REQUIRED = ["Đơn vị", "Danh hiệu, hình thức", "Năm", "Số quyết định", "Ngày quyết định", "Cấp quyết định"]
SUBJECTS = {
    "": SubjectKind.INDIVIDUAL,
    "ca nhan": SubjectKind.INDIVIDUAL,
    "tap the": SubjectKind.COLLECTIVE,
    "ho gia dinh": SubjectKind.HOUSEHOLD,
    "ho": SubjectKind.HOUSEHOLD,
}
OCCASIONS = {
    "": Occasion.REGULAR,
    "thuong xuyen": Occasion.REGULAR,
    "chuyen de": Occasion.THEMATIC,
    "theo dot": Occasion.THEMATIC,
    "theo dot, chuyen de": Occasion.THEMATIC,
    "dot xuat": Occasion.AD_HOC,
    "cong hien": Occasion.LONG_SERVICE,
    "qua trinh cong hien": Occasion.LONG_SERVICE,
}


class _Index:
    """Everything the rows refer to, loaded in a fixed number of queries."""

    def __init__(self, by, rows: list[ImportRow]):
        self.units: dict[str, list[Unit]] = {}
        for unit in managed_units(by).only("pk", "name", "short_name", "path"):
            for key in {fold_diacritics(unit.name), fold_diacritics(unit.short_name)} - {""}:
                self.units.setdefault(key, []).append(unit)
        self.kinds: dict[str, AwardKind] = {}
        for k in AwardKind.objects.all():
            self.kinds[k.code] = k
            self.kinds[fold_diacritics(k.name)] = k
        unit_ids = {
            u.pk
            for key in {fold_diacritics(r.raw.get("Đơn vị", "")) for r in rows}
            for u in self.units.get(key, [])
        }
        cccds = {r.raw.get("Số CCCD") for r in rows if r.raw.get("Số CCCD")}
        # Only the people the rows name (by folded name in a named unit, or by CCCD), as the
        # people import does: every person of the named units was most of a 10,000-row check's
        # time and memory at province scale (issue 17).
        names = {fold_diacritics(r.raw.get("Họ và tên", "")) for r in rows} - {""}
        self.people_by_name: dict[tuple[int, str], list[Person]] = {}
        self.people_by_cccd: dict[str, Person] = {}
        wanted = Q(unit_id__in=unit_ids, search_key__in=names) | Q(cccd__in=cccds)
        for p in Person.objects.filter(wanted).select_related("unit"):
            self.people_by_name.setdefault((p.unit_id, p.search_key), []).append(p)
            if p.cccd:
                self.people_by_cccd[p.cccd] = p
        self.households: dict[tuple[int, str], list[Household]] = {}
        for h in Household.objects.filter(village_id__in=unit_ids, search_key__in=names):
            self.households.setdefault((h.village_id, h.search_key), []).append(h)
        self.managed_ids = {u.pk for units in self.units.values() for u in units}
        self.rules = load_rulebook()

    def existing(self, subjects: dict[str, set[int]]) -> list[tuple]:
        """(annual, subject key, award kind id, year, decision number) of records in force."""
        q = Q(pk__in=[])
        for fieldname, ids in subjects.items():
            if ids:
                q |= Q(**{f"{fieldname}_id__in": ids})
        rows = (
            AwardRecord.objects.in_force()
            .filter(q)
            .values_list(
                "award_kind__annual",
                "person_id",
                "collective_id",
                "household_id",
                "award_kind_id",
                "year",
                "decision_number",
            )
        )
        return [(annual, _db_subject_key(p, c, h), k, y, n) for annual, p, c, h, k, y, n in rows]


def _db_subject_key(person_id, collective_id, household_id) -> tuple:
    if person_id:
        return ("person", person_id)
    if collective_id:
        return ("collective", collective_id)
    return ("household", household_id)


def _subject_key(v: dict) -> tuple:
    if v.get("person_id"):
        return ("person", v["person_id"])
    if v.get("collective_id"):
        return ("collective", v["collective_id"])
    return ("household", v.get("household_id") or v.get("household_key"))


def award_import_preview(*, by, raw_rows: list[tuple[int, dict]]) -> ImportPreview:
    """Validate rows (number, {column: value}); nothing is written."""
    rows = [ImportRow(number=n, raw={k: cell_text(v) for k, v in raw.items()}) for n, raw in raw_rows]
    for row in rows:
        if row.raw.get("Số CCCD"):
            try:
                row.raw["Số CCCD"] = parse_cccd(row.raw["Số CCCD"])
            except CellError as exc:
                row.errors.append(exc.message)
                row.raw["Số CCCD"] = ""
    index = _Index(by, rows)
    for row in rows:
        _validate_row(row, index)
    # Duplicates against the register and inside the file.
    subjects = {"person": set(), "collective": set(), "household": set()}
    for row in rows:
        v = row.values
        for name in subjects:
            if v.get(f"{name}_id"):
                subjects[name].add(v[f"{name}_id"])
    existing = index.existing(subjects)
    annual_in_db = {(sid, k, y) for annual, sid, k, y, _n in existing if annual}
    exact_in_db = {(sid, k, y, n) for _a, sid, k, y, n in existing}
    seen: dict[tuple, int] = {}
    for row in rows:
        v = row.values
        if row.errors or "award_kind" not in v:
            continue
        kind: AwardKind = v["award_kind"]
        sid = _subject_key(v)
        if kind.annual and (sid, kind.pk, v["year"]) in annual_in_db:
            row.errors.append(
                _("Đối tượng này đã có “%(a)s” năm %(y)s trong sổ khen thưởng.")
                % {"a": kind.name, "y": v["year"]}
            )
        elif (sid, kind.pk, v["year"], v["decision_number"]) in exact_in_db:
            row.errors.append(_("Khen thưởng này (cùng số quyết định) đã có trong sổ khen thưởng."))
        key = (sid, kind.pk, v["year"]) + (() if kind.annual else (v["decision_number"],))
        if key in seen:
            row.errors.append(_("Trùng với dòng %(n)s.") % {"n": seen[key]})
        else:
            seen[key] = row.number
    return ImportPreview(rows=rows)


def _validate_row(row: ImportRow, index: _Index) -> None:
    raw, errors, v = row.raw, row.errors, row.values
    for col in REQUIRED:
        if not raw.get(col):
            errors.append(_("Thiếu “%(col)s”.") % {"col": col})
    subject = SUBJECTS.get(fold_diacritics(raw.get("Đối tượng", "")))
    if subject is None:
        errors.append(
            _("Đối tượng “%(v)s” không hợp lệ (Cá nhân, Tập thể hoặc Hộ gia đình).") % {"v": raw["Đối tượng"]}
        )
        return
    v["subject_kind"] = subject
    occasion = OCCASIONS.get(fold_diacritics(raw.get("Loại khen thưởng", "")))
    if occasion is None:
        errors.append(
            _("Loại khen thưởng “%(v)s” không hợp lệ (Thường xuyên, Chuyên đề, Đột xuất, Cống hiến).")
            % {"v": raw["Loại khen thưởng"]}
        )
    else:
        v["occasion"] = occasion
    kind_text = raw.get("Danh hiệu, hình thức", "")
    kind = index.kinds.get(kind_text) or index.kinds.get(fold_diacritics(kind_text))
    if kind_text and kind is None:
        errors.append(_("Không có danh hiệu, hình thức “%(v)s” trong danh mục.") % {"v": kind_text})
    elif kind is not None:
        v["award_kind"] = kind
        if subject not in kind.subject_kinds:
            errors.append(
                _("“%(a)s” không tặng cho %(s)s.") % {"a": kind.name, "s": SubjectKind(subject).label.lower()}
            )
    if raw.get("Năm"):
        try:
            v["year"] = parse_year(raw["Năm"])
        except CellError as exc:
            errors.append(exc.message)
    if raw.get("Ngày quyết định"):
        try:
            v["decision_date"] = parse_date(raw["Ngày quyết định"], label="Ngày quyết định")
        except CellError as exc:
            errors.append(exc.message)
    if "year" in v and "decision_date" in v and v["year"] > v["decision_date"].year:
        errors.append(_("Năm thành tích không được sau năm ra quyết định."))
    v["decision_number"] = raw.get("Số quyết định", "")
    v["issuer"] = raw.get("Cấp quyết định", "")
    if v["issuer"] and "award_kind" in v and "decision_date" in v:
        # "Cấp quyết định" read as a level and checked against the authority rule of the decision's date.
        try:
            v["decision_level"] = services.award_record_authority(
                award_kind=v["award_kind"],
                decision_date=v["decision_date"],
                issuer=v["issuer"],
                rules=index.rules,
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    v["note"] = raw.get("Ghi chú", "")
    unit = _match_unit(raw.get("Đơn vị", ""), index, errors)
    if unit is None:
        return
    v["unit_id"], v["unit_name"] = unit.pk, unit.name
    name = raw.get("Họ và tên", "")
    if subject == SubjectKind.COLLECTIVE:
        v["collective_id"] = unit.pk
        v["subject_name"] = unit.name
    elif subject == SubjectKind.INDIVIDUAL:
        _match_person(raw, name, unit, index, v, errors)
    else:
        if not name:
            errors.append(_("Thiếu họ tên chủ hộ."))
            return
        found = index.households.get((unit.pk, fold_diacritics(name)), [])
        if len(found) > 1:
            errors.append(_("Có nhiều hộ “%(v)s” ở %(u)s; hãy nhập trực tiếp.") % {"v": name, "u": unit.name})
        elif found:
            v["household_id"] = found[0].pk
        else:
            v["new_household"] = True
        v["household_key"] = v.get("household_id") or f"new:{unit.pk}:{fold_diacritics(name)}"
        v["subject_name"] = _("Hộ %(name)s") % {"name": name}
        v["head_name"], v["address"] = name, raw.get("Địa chỉ", "")


def _match_unit(text: str, index: _Index, errors: list[str]) -> Unit | None:
    if not text:
        return None
    matches = index.units.get(fold_diacritics(text), [])
    if not matches:
        errors.append(_("Không tìm thấy đơn vị “%(v)s” trong phạm vi bạn quản lý.") % {"v": text})
        return None
    if len(matches) > 1:
        errors.append(_("Tên đơn vị “%(v)s” trùng nhiều đơn vị; hãy ghi tên đầy đủ.") % {"v": text})
        return None
    return matches[0]


def _match_person(raw, name, unit, index: _Index, v, errors) -> None:
    cccd = raw.get("Số CCCD", "")
    if cccd:
        person = index.people_by_cccd.get(cccd)
        if person is None or person.unit_id not in index.managed_ids:
            errors.append(
                _("Không tìm thấy cá nhân có số CCCD %(v)s trong phạm vi bạn quản lý.") % {"v": cccd}
            )
            return
        if name and fold_diacritics(name) != person.search_key:
            errors.append(
                _("Số CCCD %(c)s là của “%(p)s”, không phải “%(n)s”.")
                % {"c": cccd, "p": person.full_name, "n": name}
            )
            return
    else:
        if not name:
            errors.append(_("Thiếu “Họ và tên”."))
            return
        found = index.people_by_name.get((unit.pk, fold_diacritics(name)), [])
        if not found:
            errors.append(_("Không tìm thấy “%(n)s” ở đơn vị %(u)s.") % {"n": name, "u": unit.name})
            return
        if len(found) > 1:
            errors.append(
                _("Có nhiều người tên “%(n)s” ở %(u)s; hãy ghi số CCCD.") % {"n": name, "u": unit.name}
            )
            return
        person = found[0]
    v["person_id"] = person.pk
    v["subject_name"] = person.full_name


#: The AwardRecord foreign keys an import fills, and the model (key of `_existing_pks`) of each.
_FK_MODELS = {
    "person": "person",
    "collective": "unit",
    "household": "household",
    "unit": "unit",
    "award_kind": "award_kind",
    "created_by": "user",
}
_RECORD_FKS = list(_FK_MODELS)
_SUBJECT_FKS = ("person", "collective", "household")


def _existing_pks(values: list[dict], subjects: dict[str, set[int]], by) -> dict[str, set]:
    """The ids that a batch's records and new households point to and that exist, per model of
    `_FK_MODELS`: the existence checks `full_clean` makes per row (through each model's base
    manager, as `ForeignKey.validate` does), in one query per model."""
    from django.contrib.auth import get_user_model

    wanted = {
        "person": (Person, subjects["person"]),
        "unit": (Unit, {v["unit_id"] for v in values}),
        "household": (Household, subjects["household"]),
        "award_kind": (AwardKind, {v["award_kind"].pk for v in values}),
        "user": (get_user_model(), {by.pk} if getattr(by, "pk", None) else set()),
    }
    return {
        name: set(model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        for name, (model, ids) in wanted.items()
    }


def _full_clean(obj, *, exclude: list[str], fks_exist: bool, unsaved: tuple[str, ...] = ()) -> None:
    """`obj.full_clean()` as the services run it, without its per-row queries when it passes: the
    field checks only when the foreign keys' targets exist (`_existing_pks`), the constraints left
    to the database (the preview guarantees them: one subject, a year 1945–2100, a known
    occasion). Otherwise (a field error, a target gone) the services' own `full_clean()` raises
    the very same ValidationError. unsaved: foreign keys to objects saved only later in the batch."""
    if fks_exist:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            return
        except ValidationError:
            pass
    obj.full_clean(exclude=list(unsaved) or None)


@transaction.atomic
def award_import_commit(*, by, raw_rows: list[tuple[int, dict]], progress=None) -> list[AwardRecord]:
    """Re-validate and create every record (and new households), or none (one transaction).

    raw_rows: `[(row number, {column: text})]` as `core.importing.read_table` gives them;
    progress: optional `progress(done, total)` called after every 500 rows and after the last (a
    background import job's progress). Returns the created records; raises ValidationError when a
    row has an error.

    Written `core.importing.IMPORT_BATCH` rows at a time (`write_in_batches`): every row of a
    batch goes through the checks `services.household_create` and `services.award_record_create`
    make, in sheet order (the annual-duplicate and foreign-key lookups read once per batch; a
    row that fails a field check is cleaned again the services' own way, so the error is theirs),
    then one bulk insert of the batch's new households and one of its records, and one audit
    append in the order those services would have written the entries.
    """
    preview = award_import_preview(by=by, raw_rows=raw_rows)
    if not preview.ok:
        raise ValidationError(_("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count})
    units = Unit.objects.in_bulk({r.values["unit_id"] for r in preview.rows})
    people = Person.objects.select_related("unit").in_bulk(
        {r.values["person_id"] for r in preview.rows if r.values.get("person_id")}
    )
    households = Household.objects.in_bulk(
        {r.values["household_id"] for r in preview.rows if r.values.get("household_id")}
    )
    new_households: dict[str, Household] = {}
    rules = load_rulebook()

    def write(batch) -> list[AwardRecord]:
        values = [r.values for r in batch]
        subjects = {
            "person": {v["person_id"] for v in values if v.get("person_id")},
            "collective": {v["unit_id"] for v in values if v["subject_kind"] == SubjectKind.COLLECTIVE},
            "household": {v["household_id"] for v in values if v.get("household_id")}
            | {  # new households created by an earlier batch
                new_households[v["household_key"]].pk
                for v in values
                if v.get("new_household") and v["household_key"] in new_households
            },
        }
        annual = [v for v in values if v["award_kind"].annual]
        annual_taken = (
            services.annual_awards_in_force(
                award_kind_ids={v["award_kind"].pk for v in annual},
                years={v["year"] for v in annual},
                subjects=subjects,
            )
            if annual
            else set()
        )
        existing = _existing_pks(values, subjects, by)
        written = []  # (row number, household created for this row or None, record)
        for row in batch:
            v = row.values
            household = created = None
            if v["subject_kind"] == SubjectKind.HOUSEHOLD:
                if v.get("new_household"):
                    key = v["household_key"]
                    if key not in new_households:
                        created = services.household_checked(
                            by=by, head_name=v["head_name"], village=units[v["unit_id"]], address=v["address"]
                        )
                        _full_clean(created, exclude=["village"], fks_exist=v["unit_id"] in existing["unit"])
                        created.normalise()
                        new_households[key] = created
                    household = new_households[key]
                else:
                    household = households[v["household_id"]]
            record = services.award_record_checked(
                by=by,
                award_kind=v["award_kind"],
                year=v["year"],
                decision_number=v["decision_number"],
                decision_date=v["decision_date"],
                issuer=v["issuer"],
                decision_level=v["decision_level"],
                rules=rules,
                occasion=v["occasion"],
                person=people.get(v.get("person_id")),
                collective=units[v["unit_id"]] if v["subject_kind"] == SubjectKind.COLLECTIVE else None,
                household=household,
                unit=units[v["unit_id"]],
                note=v["note"],
                annual_taken=annual_taken,
            )
            fks_exist = all(
                getattr(record, f"{name}_id") is None or getattr(record, f"{name}_id") in existing[model]
                for name, model in _FK_MODELS.items()
            )
            # A household created in this batch is saved below, before the records (the service
            # saved it before checking the record): the record's check leaves its key out.
            new = ("household",) if household is not None and household.pk is None else ()
            _full_clean(record, exclude=_RECORD_FKS, fks_exist=fks_exist, unsaved=new)
            if record.award_kind.annual and not new:  # taken for the rows after it, as one by one
                field, pk = next(
                    (f, getattr(record, f"{f}_id")) for f in _SUBJECT_FKS if getattr(record, f"{f}_id")
                )
                annual_taken.add((field, pk, record.award_kind_id, record.year))
            written.append((row.number, created, record))
        created_households = [h for _n, h, _r in written if h is not None]
        if created_households:
            Household.objects.bulk_create(created_households)
            caching.bump(Household)  # no post_save on bulk_create: cached aggregates must see them
        records = [r for _n, _h, r in written]
        for record in records:
            if record.household is not None:
                record.household_id = record.household.pk  # a household created just above
            record.normalise()
        AwardRecord.objects.bulk_create(records)
        caching.bump(AwardRecord)
        entries = []
        for number, household, record in written:
            if household is not None:
                entries.append(services.household_created_entry(household))
            entries.append(services.award_record_created_entry(record, {"import_row": number}))
        audit.record_entries(actor=by, entries=entries)
        return records

    return write_in_batches(preview.rows, write, progress=progress)
