"""Excel export and import helpers (openpyxl)."""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A text cell starting with one of these is a formula (or becomes one when the sheet is re-saved
# as CSV and opened again): OWASP "CSV injection". Such text is written as a string cell with
# Excel's quote prefix, so it is shown and kept as text, never evaluated.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_response(filename: str, headers: list[str], rows) -> HttpResponse:
    """THE Excel export: a one-sheet workbook as an attachment.

    `headers` are the column titles (bold); `rows` an iterable of sequences of str, int, float,
    Decimal, date, datetime or None. Every text cell starting with =, +, -, @, tab or CR is
    written as text (formula injection). Returns an HttpResponse (no-store is added by
    core.middleware.SecurityHeadersMiddleware).
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    wb.save(response)
    return response


def _cell(ws, value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float) or value is None:
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True
        return cell
    return text


def read_rows(fileobj, *, max_rows: int = 20000):
    """Yield (row_number, {header: value}) from the first sheet; headers from row 1.

    The archive is checked for a zip bomb (core.uploads.check_zip) before openpyxl opens it.
    """
    from core.uploads import check_zip

    check_zip(fileobj)
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
