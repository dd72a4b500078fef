"""Excel export helpers (openpyxl). Every export goes through this module; every import goes
through `core.importing` (the one import scaffold)."""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is a formula (or becomes one when the sheet is re-saved
# as CSV and opened again): OWASP "CSV injection". Such text is written as a string cell with
# Excel's quote prefix, so it is shown and kept as text, never evaluated.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_response(filename: str, headers: list[str], rows, *, title_rows=()) -> HttpResponse:
    """A one-sheet workbook as an attachment, streamed row by row (write-only).

    `title_rows`: optional rows (sequences) written bold above the header (e.g. the unit and year
    of a grid to fill in; `core.importing.read_table` finds the header below them). `headers` are
    the column titles (bold); `rows` an iterable of sequences of str, int, float, date, datetime or
    None (anything else is written as its str()). Text starting with =, +, -, @, tab or CR is
    written as text (formula injection). No-store is added by core.middleware.NoStoreMiddleware.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    for title in title_rows:
        cells = []
        for v in title:
            c = _write_only_cell(ws, v)
            c.font = Font(bold=True)
            cells.append(c)
        ws.append(cells)
    head = []
    for h in headers:
        c = _write_only_cell(ws, h)
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([_write_only_cell(ws, v) for v in row])
    return _response(wb, filename)


def xlsx_table_response(filename: str, headers: list[str], rows, *, title_rows=(), sheet: str = "Danh sách"):
    """An .xlsx download: optional title rows (bold, e.g. campaign, round, deadline), then one
    bold header row that stays frozen when scrolling and carries an autofilter, then the rows.

    `title_rows`: strings, one per line above the table. Values go through the same cell
    conversion as `xlsx_response` (aware datetimes in Asia/Ho_Chi_Minh, formula-like text as text).
    """
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    title_rows = list(title_rows)
    for n, line in enumerate(title_rows, start=1):
        _put(ws, n, 1, line).font = Font(bold=True)
    header_row = len(title_rows) + 2 if title_rows else 1  # one blank row under the titles
    for col, h in enumerate(headers, start=1):
        _put(ws, header_row, col, h).font = Font(bold=True)
    n = 0
    for n, row in enumerate(rows, start=1):
        for col, v in enumerate(row, start=1):
            _put(ws, header_row + n, col, v)
    last_col = get_column_letter(max(len(headers), 1))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{header_row + max(n, 1)}"
    for col in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(len(str(headers[col - 1])) + 4, 12), 60)
    return _response(wb, filename)


def _response(wb, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    wb.save(response)
    return response


def _value(value):
    if isinstance(value, datetime):
        # Aware times are written as Vietnam wall-clock time (Excel has no time zones).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _as_text(cell):
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    cell.quotePrefix = True
    return cell


def _write_only_cell(ws, value):
    value = _value(value)
    cell = WriteOnlyCell(ws, value=value)
    return _as_text(cell) if _formula_like(value) else cell


def _put(ws, row: int, col: int, value):
    value = _value(value)
    cell = ws.cell(row=row, column=col, value=value)
    return _as_text(cell) if _formula_like(value) else cell
