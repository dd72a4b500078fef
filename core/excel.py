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
    The finished file is held in the response: lists over THIDUA_EXPORT_BACKGROUND_ROWS rows go
    through an `ExportJob` instead (`core.views.ExportMixin`).
    """
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    xlsx_write(response, headers, rows, title_rows=title_rows)
    return response


def xlsx_write(fileobj, headers: list[str], rows, *, title_rows=(), progress=None, total: int = 0) -> int:
    """Write a one-sheet workbook (as `xlsx_response` lays it out) to `fileobj` (a path or a
    writable binary file) in openpyxl's write-only mode: each row goes to a temporary file as it
    comes, so memory stays bounded whatever the number of rows (`rows` may be a generator over a
    queryset's `.iterator()`).

    progress: optional `progress(done, total)` called every 1,000 rows; total: the expected
    number of rows passed back to it. Returns the number of data rows written.
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
    n = 0
    for n, row in enumerate(rows, start=1):
        ws.append([_write_only_cell(ws, v) for v in row])
        if progress is not None and n % 1000 == 0:
            progress(n, total)
    wb.save(fileobj)
    return n


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


# --- Export jobs: a large list export written in the background (core.views.ExportMixin) --------
EXPORT_JOB_TASK = "core.tasks.export_job_run_task"


def export_job_create(*, by, view, query: str, filename: str):
    """Queue the export of a large list: an `ExportJob` for `by` naming the list view (`view`: the
    ExportMixin instance answering the request; its class path and URL arguments are stored) and
    the filters (`query`: the query string without `export`/`job`). The task
    (`core.tasks.export_job_run_task`) runs once the transaction commits, inline without a broker.
    Returns the job (status "pending")."""
    from core.jobs import enqueue_on_commit
    from core.models import ExportJob

    cls = type(view)
    job = ExportJob.objects.create(
        requested_by=by,
        view_path=f"{cls.__module__}.{cls.__qualname__}",
        view_kwargs=dict(view.kwargs),
        query=query,
        filename=filename,
    )
    enqueue_on_commit(EXPORT_JOB_TASK, job.pk)
    return job


def export_job_get_for_user(*, user, pk, view):
    """The export job `pk` that `user` asked for on the list view `view` (an ExportMixin
    instance); Http404 for anybody else's job, another list's or a missing one."""
    from django.shortcuts import get_object_or_404

    from core.models import ExportJob

    path = f"{type(view).__module__}.{type(view).__qualname__}"
    return get_object_or_404(ExportJob, pk=pk, requested_by=user, view_path=path)


def export_job_run(*, job_id: int) -> None:
    """Write a pending export job's file: rebuild its list view for the requesting user with the
    stored filters (so the rows are exactly those the user may see, through the view's own
    permission-scoped `get_queryset`), stream the rows from `.iterator(2000)` into a write-only
    workbook on a temporary file, store it as the job's file. Progress (percent of rows written)
    is saved every 1,000 rows; done: status "done", progress 100, `row_count`. A job that is not
    pending (already run, or delivered twice) is left alone; any error: status "failed".
    """
    import tempfile

    from django.core.files import File
    from django.http import HttpRequest, QueryDict
    from django.utils.module_loading import import_string

    from core.models import ExportJob

    if not ExportJob.claim(job_id, progress=1):
        return
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)

    def report(done: int, total: int) -> None:
        ExportJob.set_values(job_id, progress=ExportJob.running_percent(done, total))

    try:
        request = HttpRequest()
        request.method = "GET"
        request.GET = QueryDict(job.query)
        request.user = job.requested_by
        view = import_string(job.view_path)()
        view.setup(request, **job.view_kwargs)
        qs = view.get_queryset()
        total = qs.count()
        headers = [h for h, _attr in view.export_columns]
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            written = xlsx_write(
                tmp, headers, (view.export_row(o) for o in qs.iterator(2000)), progress=report, total=total
            )
            tmp.seek(0)
            job.file.save(job.filename, File(tmp), save=False)
        ExportJob.finish(job_id, row_count=written, file=job.file.name)
    except Exception as exc:
        ExportJob.fail(job_id, str(exc))
        raise
