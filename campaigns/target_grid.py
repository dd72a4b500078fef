"""The per-unit targets grid (units × targets) as an Excel file: the template, the preview, the values.

Read through the one Excel import scaffold (`core.importing.read_table`): the header may stand
below title rows or on two merged rows, names are matched without diacritics or case, blank rows
are skipped. A row names its unit by "Mã đơn vị" (the unit's number in thidua, written in the
template) or by name or short name (`units.importing.match_unit`). Number cells are used as
numbers, text as Vietnamese notation ("3.130,5"; "1.234" is one thousand two hundred and
thirty-four), cells formatted as % as the percent they show (`core.importing.parse_number`).
Pure: nothing here saves; `campaigns.services.target_assign_grid` does.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.formats import format_vn_decimal
from core.importing import CellError, ImportPreview, ImportRow, parse_number
from units.importing import match_unit, unit_index, unit_named

UNIT_HEADER = "Đơn vị"
CODE_HEADER = "Mã đơn vị"
CODE_ALIASES = ["Mã", "Mã số đơn vị", "Mã ĐV"]


def target_column(target) -> str:
    """A target's column title: its name and unit of measure ("Thu ngân sách (tỷ đồng)").

    The reader folds away the bracketed tail, so "thu ngan sach" finds the same column.
    """
    return f"{target.name} ({target.unit_of_measure})" if target.unit_of_measure else target.name


def grid_headers(targets) -> list[str]:
    """Column titles of the grid template: the unit's code and name, then one per target."""
    return [CODE_HEADER, UNIT_HEADER, *[target_column(t) for t in targets]]


def grid_template_rows(targets, units, goals) -> list[list]:
    """The template's rows: each unit's code, name and own assigned value per target (else empty).

    goals: {(unit_id, target_id): Goal} from `campaigns.selectors.unit_goals`; only assigned
    values are written (a commitment is not an assignment). Numbers are written as numbers.
    """
    return [
        [
            u.pk,
            u.name,
            *[
                float(g.value) if (g := goals.get((u.pk, t.pk))) and g.source == "assigned" else None
                for t in targets
            ],
        ]
        for u in units
    ]


def unit_target_problem(target, value: Decimal) -> str:
    """Why `value` cannot be a unit's own target for `target` ("" when it can).

    A target is never negative; a rate in % is at most 100 (a rate target of 150 % is a typo).
    """
    if value < 0:
        return _("Giá trị không được âm.")
    if target.unit_of_measure.strip() == "%" and value > 100:
        return _("Chỉ tiêu tỷ lệ tính bằng % không thể lớn hơn 100%.")
    return ""


def _row_unit(raw: dict, by_code: dict, names: dict):
    code, name = raw.get(CODE_HEADER, "").strip(), raw.get(UNIT_HEADER, "").strip()
    where = _("trong danh sách đơn vị tham gia phong trào")
    if code:
        unit = by_code.get(code)
        if unit is None:
            raise CellError(_("Không có đơn vị tham gia mang mã “%(v)s”.") % {"v": code})
        if name and unit not in unit_named(names, name):
            raise CellError(
                _("Mã “%(c)s” là của “%(u)s”, không phải “%(v)s”.") % {"c": code, "u": unit.name, "v": name}
            )
        return unit
    if not name:
        raise CellError(
            _("Chưa ghi đơn vị (cột “%(h)s” hoặc “%(c)s”).") % {"h": UNIT_HEADER, "c": CODE_HEADER}
        )
    return match_unit(names, name, where=where)


def target_grid_preview(*, raw_rows, targets, units, goals) -> ImportPreview:
    """Validate the grid's rows; nothing is written.

    raw_rows: [(row number, {column: text})] from `read_table` with `grid_headers` as columns.
    targets, units: the campaign's targets and participating units; goals: their current
    `unit_goals`. Each row's `values` is {target_id: Decimal | None} for the target columns the
    file has (an empty cell removes the unit's own value; a column not in the file changes
    nothing); its notes say what would change ("Thu ngân sách: 150 → 160"). Errors are Vietnamese,
    per row: unknown or ambiguous unit, a unit on two rows, a cell that is not a number, a value
    the target cannot take (`unit_target_problem`).
    """
    names = unit_index(units)
    by_code = {str(u.pk): u for u in units}
    columns = {target_column(t): t for t in targets}
    rows = [ImportRow(number=n, raw=dict(raw)) for n, raw in raw_rows]
    seen: dict[int, int] = {}
    for row in rows:
        try:
            unit = _row_unit(row.raw, by_code, names)
        except CellError as exc:
            row.errors.append(exc.message)
            continue
        if unit.pk in seen:
            row.errors.append(_("Đơn vị “%(u)s” đã có ở dòng %(n)s.") % {"u": unit.name, "n": seen[unit.pk]})
            continue
        seen[unit.pk] = row.number
        row.values = {"unit_id": unit.pk, "targets": {}}
        for column, target in columns.items():
            if column not in row.raw:
                continue
            text = row.raw[column].strip()
            try:
                value = parse_number(text, label=target.name) if text else None
            except CellError as exc:
                row.errors.append(exc.message)
                continue
            if value is not None and (why := unit_target_problem(target, value)):
                row.errors.append(f"{target.name}: {why}")
                continue
            row.values["targets"][target.pk] = value
            goal = goals.get((unit.pk, target.pk))
            before = goal.value if goal is not None and goal.source == "assigned" else None
            if before != value:
                row.notes.append(
                    _("%(t)s: %(a)s → %(b)s")
                    % {
                        "t": target.name,
                        "a": format_vn_decimal(before, 4) if before is not None else _("chưa giao"),
                        "b": format_vn_decimal(value, 4) if value is not None else _("bỏ giá trị giao riêng"),
                    }
                )
    return ImportPreview(rows=rows)


def grid_values(preview: ImportPreview) -> dict:
    """A valid preview's values for `target_assign_grid`: {(unit_id, target_id): Decimal | None}."""
    return {
        (row.values["unit_id"], target_id): value
        for row in preview.rows
        for target_id, value in row.values["targets"].items()
    }
