"""Excel export and import helpers (openpyxl)."""

from datetime import date, datetime

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
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


def _cell(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def read_rows(fileobj, *, max_rows: int = 20000):
    """Yield (row_number, {header: value}) from the first sheet; headers from row 1."""
    wb = load_workbook(fileobj, read_only=True, data_only=True)
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
