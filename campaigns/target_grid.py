"""The per-unit targets grid (units × targets) as an Excel file: write the template, read it back.

Reading uses the shared Excel reader (`core.excel.read_rows`); names are matched without
diacritics or case ("ubnd xa binh lu" finds "UBND xã Bình Lư"). Numbers may be Excel numbers or
Vietnamese text ("3.130,5"). Pure: nothing here saves; `campaigns.services.target_assign_grid`
does.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.excel import read_rows
from core.formats import parse_vn_decimal
from core.search import fold_diacritics

UNIT_HEADER = "Đơn vị"


def _key(text) -> str:
    return " ".join(fold_diacritics(str(text or "")).split())


def grid_headers(targets) -> list[str]:
    """Column titles of the grid: the unit, then one per target with its unit of measure."""
    return [UNIT_HEADER, *[f"{t.name} ({t.unit_of_measure})" for t in targets]]


def _number(value) -> Decimal:
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return parse_vn_decimal(str(value))


def read_target_grid(fileobj, *, targets, units) -> tuple[dict, list[str]]:
    """Read a grid file into ({(unit_id, target_id): Decimal | None}, [error messages]).

    `targets`, `units`: the campaign's targets and participating units. A column is a target when
    its title (without the "(đơn vị tính)" tail) matches a target name; a row is a unit when its
    "Đơn vị" cell matches a unit name or short name. An empty cell removes the unit's own value.
    Unknown units, unknown columns and bad numbers are reported by row; nothing is returned
    for a file with errors.
    """
    by_target = {}
    for t in targets:
        by_target[_key(t.name)] = t
        by_target[_key(f"{t.name} ({t.unit_of_measure})")] = t
    by_unit = {}
    for u in units:
        by_unit[_key(u.name)] = u
        if getattr(u, "short_name", ""):
            by_unit.setdefault(_key(u.short_name), u)
    values, errors = {}, []
    try:
        rows = list(read_rows(fileobj))
    except Exception:  # any unreadable file gets the same clear message
        return {}, [_("Không đọc được tệp: hãy dùng tệp Excel (.xlsx) tải từ trang này.")]
    if not rows:
        return {}, [_("Tệp không có dòng số liệu nào.")]
    header_keys = {h: _key(h) for h in rows[0][1]}
    unit_col = next((h for h, k in header_keys.items() if k == _key(UNIT_HEADER)), None)
    if unit_col is None:
        return {}, [_("Không thấy cột “%(h)s” ở dòng tiêu đề.") % {"h": UNIT_HEADER}]
    columns = {h: by_target.get(k) for h, k in header_keys.items() if h != unit_col}
    unknown = [h for h, t in columns.items() if t is None]
    if unknown:
        errors.append(_("Cột không khớp chỉ tiêu nào của phong trào: %(c)s.") % {"c": "; ".join(unknown)})
    for n, row in rows:
        unit = by_unit.get(_key(row.get(unit_col)))
        if unit is None:
            errors.append(
                _("Dòng %(n)s: không thấy đơn vị “%(u)s” trong danh sách tham gia.")
                % {"n": n, "u": row.get(unit_col) or ""}
            )
            continue
        for header, target in columns.items():
            if target is None:
                continue
            cell = row.get(header)
            if cell is None or str(cell).strip() == "":
                values[(unit.pk, target.pk)] = None
                continue
            try:
                values[(unit.pk, target.pk)] = _number(cell)
            except (InvalidOperation, ValueError):
                errors.append(
                    _("Dòng %(n)s, cột “%(c)s”: “%(v)s” không phải là số.") % {"n": n, "c": header, "v": cell}
                )
    return ({} if errors else values), errors
