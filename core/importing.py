"""The one Excel import scaffold: open a workbook, find its table, read cells the way offices type them.

Every Excel import (people, award register, task ratings, initiatives, discipline, review freezes,
households, per-unit targets …) goes through here:

- `open_workbook(fileobj)` is the ONLY place a workbook is opened (read-only, bounded memory);
  upload checks (size, zip bombs) run in the upload validator before it.
- `read_table(fileobj, columns)` finds the header row anywhere in the first rows, matched
  case- and diacritic-insensitively and in any Unicode form (NFC/NFD), ignores title rows above it
  (merged "DANH SÁCH …" rows), and yields `(row number, {column: text})`.
- `cell_text`, `parse_date`, `parse_cccd`, `parse_year`, `parse_number` turn cells into values or
  raise `CellError` with a Vietnamese message that names the cause. Number cells become text in the
  Vietnamese notation ("1.234,5"), which `parse_number` (through the one parser,
  `core.formats.parse_vn_decimal`) reads back exactly; cells formatted as % give the percent shown.
- `ImportRow` / `ImportPreview` carry a preview: validate everything, write all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import format_vn_decimal, parse_vn_decimal
from core.search import fold_diacritics, normalize_text

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 10000

# Excel's day numbers: day 1 is 01/01/1900, with Lotus's fictitious 29/02/1900 (so day 60 does not
# exist and later days count from 30/12/1899). Office files never store earlier dates.
_EXCEL_EPOCH = date(1899, 12, 30)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (no header row, too many rows, not a workbook)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CellError(ValueError):
    """One cell's value cannot be used; `message` is Vietnamese and names the cause."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportRow:
    """One data row: its number in the sheet, the cells as text, the parsed values, the errors."""

    number: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # changes made while reading, shown in the preview


@dataclass
class ImportPreview:
    """All rows of a file after validation; nothing has been written."""

    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def open_workbook(fileobj):
    """Open an .xlsx for reading: read-only (streamed rows, bounded memory), values not formulas.

    The single entry point so the upload validator's checks (size, zip bomb) stand in front of
    every import. Raises whatever openpyxl raises for a file that is not a workbook; callers turn
    that into `ImportFileError` through `read_table`.
    """
    from openpyxl import load_workbook

    from core.uploads import check_zip

    check_zip(fileobj)  # zip bomb refused before openpyxl opens the archive (reads the directory only)
    return load_workbook(fileobj, read_only=True, data_only=True)


def header_key(text) -> str:
    """A header cell as a comparison key: folded (case, marks, Unicode form), letters and digits only.

    "Họ và tên" (NFC or NFD), "HỌ VÀ TÊN", " Họ  và tên (*)" -> "ho va ten".
    """
    folded = fold_diacritics(normalize_text(str(text or "")))
    folded = re.sub(r"\(.*?\)|\*", " ", folded)
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def _is_blank(values) -> bool:
    return values is None or all(v is None or str(v).strip() == "" for v in values)


# The ordinal column of official tables ("STT", "Số TT"): never data, never an unknown column.
_ORDINAL_HEADERS = {"stt", "tt", "so tt", "so thu tu"}
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


def _is_column_numbering(values) -> bool:
    """The "(1) (2) (3)" row that official forms put under a header: numbers 1, 2, 3 … in order."""
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    numbers = [m.group(1) for c in cells if (m := _COLUMN_NUMBER.match(c))]
    return (
        len(cells) >= 2
        and len(numbers) == len(cells)
        and [int(x) for x in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))
    )


def _cell_value(cell):
    """A read-only cell's value as the user sees it: a number formatted as % gives the percent shown."""
    value = getattr(cell, "value", None)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in str(getattr(cell, "number_format", "") or ""):
        return _excel_decimal(value) * 100
    return value


def _excel_decimal(value) -> Decimal:
    """An Excel number as the Decimal it shows: 15 significant digits (0.1 + 0.2 -> 0.3)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(f"{value:.15g}")


def read_table(
    fileobj,
    columns: Sequence[str],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    required: Sequence[str] = (),
    max_rows: int = MAX_ROWS,
    search_rows: int = HEADER_SEARCH_ROWS,
    unknown: list[str] | None = None,
) -> list[tuple[int, dict[str, str]]]:
    """Read the first sheet's table into `[(row number, {column: cell text})]`.

    columns: the canonical header names (as the import page and template show them).
    aliases: other spellings per canonical column ({"Số CCCD": ["CCCD", "Số căn cước"]}).
    required: columns that must be present in the header row (default: at least two columns).
    unknown: when a list is given, the header cells that name no column are appended to it (a
    group title merged above known columns is not one of them, nor "STT"), for the preview to show.
    The header row is the first of the first `search_rows` rows that names the required columns
    (or, without `required`, the row naming the most columns, at least two); rows above it (titles,
    merged cells, blank rows) are ignored, and so are blank rows below it and unknown columns.
    A header on two or three rows (merged cells: "Đơn vị" spanning two rows beside a "Chỉ tiêu"
    title over the target columns) is read as one: a following row that names further columns
    extends the header. A "(1) (2) (3)" column-numbering row right under the header is skipped.
    Cells come back as text through `cell_text` (dates as dd/mm/yyyy, whole numbers without ".0",
    other numbers as "1.234,5"); a number formatted as % comes back as the percent it shows
    (0.971 -> "97,1").
    Raises ImportFileError (Vietnamese message) when the file is no workbook, has no header row
    or more than `max_rows` data rows.
    """
    lookup: dict[str, str] = {}
    for col in columns:
        lookup[header_key(col)] = col
        for alias in (aliases or {}).get(col, ()):
            lookup[header_key(alias)] = col
    try:
        wb = open_workbook(fileobj)
    except ValidationError as exc:  # the upload check (zip bomb, not a zip) names the cause
        raise ImportFileError(" ".join(exc.messages)) from exc
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise ImportFileError(_("Không đọc được tệp Excel (tệp hỏng hoặc không phải tệp .xlsx).")) from exc
    try:
        ws = wb.worksheets[0]
        mapping = None
        header_ends = 0  # the last row that may still continue the header (merged, multi-row)
        other_headers: dict[int, str] = {}
        data: list[tuple[int, dict[str, str]]] = []
        need = {header_key(c) for c in required}
        for n, cells in enumerate(ws.iter_rows(), start=1):
            values = [_cell_value(c) for c in cells]
            if mapping is None:
                if n > search_rows:
                    break
                if _is_blank(values):
                    continue
                found = {i: lookup[header_key(v)] for i, v in enumerate(values) if header_key(v) in lookup}
                keys = {header_key(c) for c in found.values()}
                if (need and need <= keys) or (not need and len(set(found.values())) >= min(2, len(columns))):
                    mapping, header_ends = found, n + 2
                    other_headers = {i: cell_text(v) for i, v in enumerate(values) if header_key(v)}
                continue
            if _is_blank(values):
                continue
            if n <= header_ends:
                more = {
                    i: lookup[header_key(v)]
                    for i, v in enumerate(values)
                    if header_key(v) in lookup
                    and i not in mapping
                    and lookup[header_key(v)] not in mapping.values()
                }
                if more:
                    mapping.update(more)
                    other_headers.update({i: cell_text(v) for i, v in enumerate(values) if header_key(v)})
                    continue
                header_ends = 0
                if _is_column_numbering(values):
                    continue
            if len(data) >= max_rows:
                raise ImportFileError(
                    _("Tệp có quá %(n)s dòng dữ liệu; hãy chia thành nhiều tệp.")
                    % {"n": f"{max_rows:,}".replace(",", ".")}
                )
            data.append((n, {col: cell_text(values[i]) for i, col in mapping.items() if i < len(values)}))
        if mapping is None:
            raise ImportFileError(
                _(
                    "Không tìm thấy dòng tiêu đề trong %(n)s dòng đầu của trang tính thứ nhất; "
                    "cần các cột: %(cols)s."
                )
                % {"n": search_rows, "cols": ", ".join(required or columns)}
            )
    except ImportFileError:
        raise
    except Exception as exc:  # a corrupt sheet fails while streaming
        raise ImportFileError(_("Không đọc được tệp Excel (tệp hỏng hoặc không phải tệp .xlsx).")) from exc
    finally:
        wb.close()
    if unknown is not None:
        unknown.extend(
            text
            for i, text in sorted(other_headers.items())
            if i not in mapping and header_key(text) not in _ORDINAL_HEADERS
        )
    return data


def cell_text(value) -> str:
    """A cell as text: dates as dd/mm/yyyy, whole numbers without ".0", text NFC with look-alikes fixed.

    Other numbers (float, Decimal) in the Vietnamese notation, 15 significant digits as Excel shows
    them: 1234.5 -> "1.234,5", 1.234 -> "1,234" (never "1.234", which reads as one thousand two
    hundred and thirty-four). Ð/ð (Latin eth) and Ɖ (African D), typed for Đ/đ, become Đ/đ
    (`core.search.normalize_text`).
    """
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = _excel_decimal(value) if isinstance(value, float) else value
        if number == number.to_integral_value():
            return str(int(number))
        return format_vn_decimal(number.normalize(), as_is=True)
    return normalize_text(str(value))


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{2}|\d{4})$")


def _full_year(yy: int) -> int:
    """A two-digit year: the latest year ending in those digits that is not in the future."""
    this_year = timezone.localdate().year
    year = this_year - this_year % 100 + yy
    return year - 100 if year > this_year else year


def parse_date(value, *, label: str = "Ngày") -> date:
    """A date as offices write it, from a cell or its text.

    Accepts real date cells; "15/03/1990", "15/3/90", "15.03.1990", "15-03-1990", "1990-03-15";
    "ngày 15 tháng 3 năm 1990" (any case, marks or Unicode form); and Excel day numbers
    (32947 -> 15/03/1990, five digits: 27/05/1927 to 13/10/2173). A two-digit year is the latest
    such year not in the future (Asia/Ho_Chi_Minh). `label` names the column in the message.
    Raises CellError with a Vietnamese message; a four-digit number is named as a year.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    where = _("“%(col)s” ") % {"col": label}
    folded = re.sub(r"\s+", " ", fold_diacritics(text)).strip().rstrip(".")
    try:
        if m := _DMY.match(folded):
            d, mth, y = (int(g) for g in m.groups())
            return date(_full_year(y) if len(m.group(3)) == 2 else y, mth, d)
        if m := _YMD.match(folded):
            y, mth, d = (int(g) for g in m.groups())
            return date(y, mth, d)
        if m := _WORDS.match(folded):
            d, mth, y = (int(g) for g in m.groups())
            return date(_full_year(y) if len(m.group(3)) == 2 else y, mth, d)
    except ValueError:
        raise CellError(_("%(where)skhông phải ngày có thật: %(v)s.") % {"where": where, "v": text}) from None
    if re.fullmatch(r"\d{5}(\.0+)?", folded):
        # An Excel day number: the cell was a date formatted as General or Number.
        return _EXCEL_EPOCH + timedelta(days=int(float(folded)))
    if re.fullmatch(r"\d{4}", folded):
        raise CellError(_("%(where)scần ngày/tháng/năm, không chỉ năm: %(v)s.") % {"where": where, "v": text})
    raise CellError(
        _("%(where)skhông đúng dạng ngày/tháng/năm: %(v)s (ví dụ: 15/03/1990).") % {"where": where, "v": text}
    )


def parse_cccd(value) -> str:
    """A CCCD (citizen identity card) number as 12 digits.

    Spaces and dots are dropped. Every CCCD starts with 0 (the province code 001–096, Circular
    59/2021/TT-BCA Art. 7), so a number Excel stored as a number lost its leading zero(s): 11 or
    10 digits get them back. Raises CellError naming the cause otherwise (9 digits: an old CMND).
    """
    text = re.sub(r"[\s.\-]", "", cell_text(value))
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise CellError(_("Số CCCD “%(v)s” chỉ gồm chữ số.") % {"v": text})
    if len(text) in (10, 11):
        return text.zfill(12)
    if len(text) == 9:
        raise CellError(
            _("Số “%(v)s” có 9 chữ số (chứng minh nhân dân cũ); cần số CCCD 12 chữ số.") % {"v": text}
        )
    if len(text) != 12:
        raise CellError(_("Số CCCD “%(v)s” phải gồm đúng 12 chữ số.") % {"v": text})
    return text


def parse_year(value, *, label: str = "Năm") -> int:
    """A four-digit year between 1945 and 2100 (a date cell gives its year). Raises CellError."""
    if isinstance(value, datetime | date):
        return value.year
    text = cell_text(value)
    if text.isdigit() and 1945 <= int(text) <= 2100:
        return int(text)
    raise CellError(_("%(col)s “%(v)s” không hợp lệ.") % {"col": label, "v": text})


def parse_number(value, *, label: str = "Số") -> Decimal:
    """A number as the user meant it, from a cell or its text, as a Decimal.

    Number cells (int, float, Decimal) are used as they are (a float to the 15 significant digits
    Excel shows). Text goes through the one Vietnamese parser (`core.formats.parse_vn_decimal`):
    "3.130,5" -> 3130.5, "1,5" -> 1.5, "1.234" -> 1234 (dot groups thousands), "2.5" -> 2.5;
    a trailing "%" is dropped ("97,1 %" -> 97.1). `cell_text` writes number cells in the same
    notation, so a number read through `read_table` comes back exactly (1.234 -> "1,234" -> 1.234).
    `label` names the column in the message. Raises CellError for text that is not a number.
    """
    if isinstance(value, bool):
        raise CellError(_("“%(col)s”: “%(v)s” không phải là số.") % {"col": label, "v": value})
    if isinstance(value, int | float):
        return _excel_decimal(value)
    if isinstance(value, Decimal):
        return value
    text = cell_text(value).rstrip()
    if text.endswith("%"):
        text = text[:-1]
    try:
        return parse_vn_decimal(text)
    except ValueError:
        raise CellError(
            _("“%(col)s”: “%(v)s” không phải là số (ví dụ 3.130,5).") % {"col": label, "v": cell_text(value)}
        ) from None


def match_choice(value, choices: Mapping[str, str], *, label: str) -> str:
    """Map a cell to a choice by its folded label or code ({"hoan thanh tot nhiem vu": "good"}).

    choices: {label or code: value}; keys are folded here. Raises CellError listing the labels.
    """
    folded = {header_key(k): v for k, v in choices.items()}
    key = header_key(value)
    if key in folded:
        return folded[key]
    raise CellError(_("%(col)s “%(v)s” không hợp lệ.") % {"col": label, "v": cell_text(value)})


#: The rows an import commit writes at a time (one bulk insert and one audit append each).
IMPORT_BATCH = 500


def write_in_batches(
    rows: Sequence[ImportRow], write: Callable[[Sequence[ImportRow]], list], *, progress=None
) -> list:
    """Write the checked rows of an import `IMPORT_BATCH` at a time, in sheet order.

    rows: the preview's rows (all valid); write: `write(batch)` writes one batch (its checks, one
    bulk insert, `core.caching.bump` since a bulk insert sends no signals, one chained
    `core.audit.record_many`/`record_entries`) and returns the objects it created, in order;
    progress: optional `progress(done, total)` called after each batch (a background import
    job's progress). Returns every created object in order; raises what `write` raises (the
    caller's transaction then writes nothing).
    """
    total = len(rows)
    created: list = []
    for start in range(0, total, IMPORT_BATCH):
        created.extend(write(rows[start : start + IMPORT_BATCH]))
        if progress is not None:
            progress(len(created), total)
    return created


def rows_for_session(raw_rows: Sequence[tuple[int, Mapping]]) -> list[tuple[int, dict[str, str]]]:
    """Rows as text only, to keep in the session between preview and confirmation."""
    return [(n, {k: cell_text(v) for k, v in row.items()}) for n, row in raw_rows]


def iter_errors(preview: ImportPreview) -> Iterator[tuple[int, str]]:
    """(row number, message) for every error of a preview, in sheet order."""
    for row in preview.rows:
        for message in row.errors:
            yield row.number, message


# --- Import jobs: the rows between preview and confirmation, and the background commit -------
IMPORT_JOB_TASK = "core.tasks.import_job_run_task"
_ROW_BATCH = 1000


def _progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:progress"


def import_job_create(*, by, scope: str, preview: ImportPreview, unknown_columns=(), commit_path: str = ""):
    """Store a validated file as an `ImportJob` with one `ImportJobRow` per data row (in batches of
    1,000 inserts), so that nothing but the job's id has to be kept in the session.

    by: the user who uploaded; scope: the import page's key (its `session_key`); preview: the
    `ImportPreview` of every row; unknown_columns: header cells that named no column (shown again
    on every preview page); commit_path: the dotted path of the service that commits the rows in a
    background job (`import_job_run`), empty when the page commits in the request.
    The user's earlier unconfirmed uploads on the same page are deleted with their rows (a new
    upload replaces them). Returns the job (status "previewed").
    """
    from core.models import ImportJob, ImportJobRow

    ImportJob.objects.filter(requested_by=by, scope=scope, status=ImportJob.Status.PREVIEWED).delete()
    job = ImportJob.objects.create(
        requested_by=by,
        scope=scope,
        commit_path=commit_path,
        row_count=len(preview.rows),
        error_count=preview.error_count,
        unknown_columns=list(unknown_columns),
    )
    batch = []
    for row in preview.rows:
        batch.append(
            ImportJobRow(
                job=job,
                number=row.number,
                raw=row.raw,
                errors=[str(e) for e in row.errors],
                notes=[str(n) for n in row.notes],
                has_errors=bool(row.errors),
            )
        )
        if len(batch) >= _ROW_BATCH:
            ImportJobRow.objects.bulk_create(batch)
            batch = []
    ImportJobRow.objects.bulk_create(batch)
    return job


def import_job_get_for_user(*, user, pk, scope: str):
    """The import job `pk` uploaded by `user` on the import page `scope`; Http404 for anybody
    else's job, another page's job or a missing one (a job is only ever its uploader's)."""
    from django.shortcuts import get_object_or_404

    from core.models import ImportJob

    return get_object_or_404(ImportJob, pk=pk, requested_by=user, scope=scope)


def import_job_raw_rows(job) -> list[tuple[int, dict[str, str]]]:
    """The job's rows as the import services take them: `[(row number, {column: text})]`, in
    sheet order, read from the database in chunks of 1,000."""
    return [
        (n, raw) for n, raw in job.rows.order_by("number").values_list("number", "raw").iterator(_ROW_BATCH)
    ]


def import_job_progress(job) -> int:
    """The job's progress in percent (0–100): the running commit's last report (kept in the cache,
    since the commit's own transaction hides its writes) or the stored figure."""
    from django.core.cache import cache

    if job.status == job.Status.RUNNING:
        return int(cache.get(_progress_key(job.pk), job.progress))
    return job.progress


def import_job_start(*, job) -> None:
    """Queue the background commit of a previewed, valid job (status "pending"); the task
    (`core.tasks.import_job_run_task`) runs once the current transaction commits, at once
    without a broker. Raises ValidationError when the job is not a valid preview."""
    from core.jobs import enqueue_on_commit
    from core.models import ImportJob

    updated = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.PREVIEWED, error_count=0, row_count__gt=0
    ).update(status=ImportJob.Status.PENDING, updated_at=timezone.now())
    if not updated or not job.commit_path:
        raise ValidationError(_("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
    job.status = ImportJob.Status.PENDING
    enqueue_on_commit(IMPORT_JOB_TASK, job.pk)


def import_job_finish(*, job, written: int) -> None:
    """Mark `job` done with `written` rows written (progress 100) and drop its stored rows."""
    from core.models import ImportJob

    ImportJob.finish(job.pk, written_count=written)
    job.rows.all().delete()
    job.status, job.progress, job.written_count = ImportJob.Status.DONE, 100, written


def import_job_run(*, job_id: int) -> None:
    """Commit a pending job in the background: call its `commit_path` service with
    `by=<uploader>, raw_rows=<stored rows>, progress=<callback>` (the service validates every row
    again and writes all rows or none in one transaction, reporting progress as it goes). Done:
    status "done", progress 100, `written_count`, stored rows deleted. A ValidationError (a row
    that became invalid since the preview): status "failed" with its message, nothing written.
    A job that is not pending (already run, or run twice by the broker) is left alone.
    """
    from django.core.cache import cache
    from django.utils.module_loading import import_string

    from core.exceptions import error_text
    from core.models import ImportJob

    if not ImportJob.claim(job_id, progress=1):
        return
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    key = _progress_key(job_id)

    def report(done: int, total: int) -> None:
        cache.set(key, ImportJob.running_percent(done, total), 3600)

    try:
        written = import_string(job.commit_path)(
            by=job.requested_by, raw_rows=import_job_raw_rows(job), progress=report
        )
    except ValidationError as exc:
        ImportJob.fail(job_id, error_text(exc))
        return
    except Exception as exc:
        ImportJob.fail(job_id, str(exc))
        raise
    finally:
        cache.delete(key)
    import_job_finish(job=job, written=len(written))
