"""Excel export and import helpers (openpyxl)."""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, headers: list[str], rows, *, title_rows=()) -> HttpResponse:
    """An .xlsx download: optional bold title rows, then the bold header row, then `rows`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    from openpyxl.cell import WriteOnlyCell

    for title in title_rows:
        cells = []
        for v in title:
            c = WriteOnlyCell(ws, value=v)
            c.font = Font(bold=True)
            cells.append(c)
        ws.append(cells)

    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([_cell(v) for v in row])
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    wb.save(response)
    return response


def xlsx_table_response(filename: str, headers: list[str], rows, *, title_rows=(), sheet: str = "Danh sách"):
    """An .xlsx download: optional title rows (bold, e.g. campaign, round, deadline), then one
    bold header row that stays frozen when scrolling and carries an autofilter, then the rows.

    `title_rows`: strings, one per line above the table. Values go through the same cell
    conversion as `xlsx_response` (aware datetimes in Asia/Ho_Chi_Minh, text as text).
    """
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    title_rows = list(title_rows)
    for n, line in enumerate(title_rows, start=1):
        ws.cell(row=n, column=1, value=_cell(line)).font = Font(bold=True)
    header_row = len(title_rows) + 2 if title_rows else 1  # one blank row under the titles
    for col, h in enumerate(headers, start=1):
        ws.cell(row=header_row, column=col, value=_cell(h))
    for col in range(1, len(headers) + 1):
        ws.cell(row=header_row, column=col).font = Font(bold=True)
    n = 0
    for n, row in enumerate(rows, start=1):
        for col, v in enumerate(row, start=1):
            ws.cell(row=header_row + n, column=col, value=_cell(v))
    last_col = get_column_letter(max(len(headers), 1))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{header_row + max(n, 1)}"
    for col in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(len(str(headers[col - 1])) + 4, 12), 60)
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    wb.save(response)
    return response


def _cell(value):
    if isinstance(value, datetime):
        # Aware times are written as Vietnam wall-clock time (Excel has no time zones).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def read_rows(fileobj, *, max_rows: int = 20000):
    """Yield (row_number, {header: value}) from the first sheet; headers from row 1.

    Prefer `core.importing.read_table` (header found anywhere, Unicode forms, office dates); this
    raw reader opens the workbook through the same `open_workbook`."""
    from core.importing import open_workbook

    wb = open_workbook(fileobj)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        return
    keys = [str(h).strip() if h is not None else "" for h in header]
    for n, values in enumerate(rows, start=2):
        if n > max_rows + 1:
            raise ValueError("too many rows")
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield n, {k: v for k, v in zip(keys, values, strict=False) if k}
