"""Issue 17 item 3, measured: exporting 10,000 register rows and importing a 10,000-row people
file and a 10,000-row award-register file, each in its own process (`manage.py bench_io`), so
that its peak RSS is its own.

`bench` runs `bench_io` once per measure in a child process and prints wall time and memory:
the process's peak RSS (`ru_maxrss`) and its growth over the RSS after Django started.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from awards.views import AwardRecordListView

BENCH_USER = "bench-noivu"
ROWS = 10_000


class RegisterExportSample(AwardRecordListView):
    """The register export of the bench user, cut to its first `ROWS` rows in register order (the
    export job runs this view exactly as it runs the register's own: `core.excel.export_job_run`)."""

    def get_queryset(self):
        return super().get_queryset()[:ROWS]


def rss_mb() -> float:
    """This process's resident set now, in MB (from /proc; 0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MB (`ru_maxrss` is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_register(n: int = ROWS) -> dict:
    """Run the export job of the first `n` register rows for the bench user, as the worker does.

    Returns {"rows": rows written, "phases": {"job": seconds}, "bytes": file size}. The job and
    its file are deleted afterwards (the bench database stays as it was).
    """
    from django.contrib.auth import get_user_model

    from core.excel import export_job_run
    from core.models import ExportJob

    global ROWS
    ROWS = n
    user = get_user_model().objects.get(username=BENCH_USER)
    job = ExportJob.objects.create(
        requested_by=user,
        view_path=f"{__name__}.RegisterExportSample",
        query="",
        filename="so-khen-thuong.xlsx",
    )
    try:
        t0 = time.perf_counter()
        export_job_run(job_id=job.pk)
        seconds = time.perf_counter() - t0
        job.refresh_from_db()
        if job.status != ExportJob.Status.DONE:
            raise RuntimeError(f"export job failed: {job.message}")
        return {"rows": job.row_count, "phases": {"job": seconds}, "bytes": job.file.size}
    finally:
        if job.file:
            job.file.delete(save=False)
        job.delete()


def people_file(path: Path, n: int = ROWS) -> None:
    """Write an n-row people file naming units the bench user manages (unambiguous names only),
    with CCCD numbers no generated person has (prefix 099)."""
    from collections import Counter

    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from units.importing import _unit_key
    from units.permissions import managed_units

    user = get_user_model().objects.get(username=BENCH_USER)
    units = list(managed_units(user).values_list("name", "short_name"))
    keys = Counter(k for name, short in units for k in {_unit_key(name), _unit_key(short)} - {""})
    names = [name for name, short in units if keys[_unit_key(name)] == 1 and keys[_unit_key(short)] <= 1]
    names = names[:500]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DS")
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị", "Chức vụ"])
    for i in range(n):
        ws.append(
            [
                f"Nguyễn Thị Nhập {i}",
                "Nữ" if i % 2 else "Nam",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
                f"0999{i:08d}",
                names[i % len(names)],
                "Chuyên viên",
            ]
        )
    wb.save(path)


def award_file(path: Path, n: int = ROWS) -> None:
    """Write an n-row award-register file for the bench user: "Giấy khen" (not annual) of 2025 to
    people found by their CCCD, each row with its own decision number so none is a duplicate."""
    from collections import Counter

    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from core.search import fold_diacritics
    from units.models import Person
    from units.permissions import managed_units

    user = get_user_model().objects.get(username=BENCH_USER)
    units = managed_units(user)
    keys = Counter(
        k
        for n_, s in units.values_list("name", "short_name")
        for k in {fold_diacritics(n_), fold_diacritics(s)} - {""}
    )
    people = [
        (name, cccd, unit)
        for name, cccd, unit in Person.objects.filter(unit__in=units, cccd__isnull=False)
        .order_by("pk")
        .values_list("full_name", "cccd", "unit__name")
        if keys[fold_diacritics(unit)] == 1
    ][:n]
    from awards.importing import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("SO")
    ws.append(["SỔ KHEN THƯỞNG"])
    ws.append(COLUMNS)
    for i in range(n):
        name, cccd, unit = people[i % len(people)]
        row = {
            "Đối tượng": "Cá nhân",
            "Họ và tên": name,
            "Số CCCD": cccd,
            "Đơn vị": unit,
            "Danh hiệu, hình thức": "Giấy khen",
            "Năm": "2025",
            "Số quyết định": f"{i + 1}/QĐ-NHAP",
            "Ngày quyết định": "15/01/2026",
            "Cấp quyết định": "Chủ tịch UBND tỉnh Mẫu",
        }
        ws.append([row.get(c, "") for c in COLUMNS])
    wb.save(path)


#: what `bench_io import` can import: {kind: (import module, import page scope, commit service)}
IMPORTS = {
    "people": ("units.importing", "people_import_rows", "units.importing.people_import_commit"),
    "awards": ("awards.importing", "award_import_rows", "awards.importing.award_import_commit"),
}


def import_file(path: Path, kind: str = "people") -> dict:
    """Import the file at `path` (`kind` of `IMPORTS`) for the bench user as the import page and
    its background job do: read (read-only) and validate, store the rows in an ImportJob (the
    upload request), then the job's commit (all rows in one transaction). Everything is rolled
    back at the end.

    Returns {"rows": rows written, "phases": {"upload": s, "commit": s}}.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils.module_loading import import_module

    from core.importing import import_job_create, import_job_run, import_job_start, read_table
    from core.models import ImportJob

    module_path, scope, commit_path = IMPORTS[kind]
    importing = import_module(module_path)
    preview_of = importing.people_import_preview if kind == "people" else importing.award_import_preview
    user = get_user_model().objects.get(username=BENCH_USER)

    class Rollback(Exception):
        pass

    result = {}
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            unknown: list[str] = []
            with path.open("rb") as f:
                raw = read_table(
                    f,
                    importing.COLUMNS,
                    aliases=importing.ALIASES,
                    required=importing.REQUIRED,
                    unknown=unknown,
                )
            preview = preview_of(by=user, raw_rows=raw)
            del raw
            job = import_job_create(
                by=user, scope=scope, preview=preview, unknown_columns=unknown, commit_path=commit_path
            )
            errors = [(r.number, r.errors) for r in preview.rows if r.errors][:3]
            del preview
            upload = time.perf_counter() - t0
            if errors:
                raise RuntimeError(f"bench import file has errors: {errors}")
            import_job_start(job=job)  # queued on commit, which never comes (rolled back)
            t0 = time.perf_counter()
            import_job_run(job_id=job.pk)  # what the worker runs
            commit = time.perf_counter() - t0
            job.refresh_from_db()
            if job.status != ImportJob.Status.DONE:
                raise RuntimeError(f"import job failed: {job.message}")
            result = {"rows": job.written_count, "phases": {"upload": upload, "commit": commit}}
            raise Rollback
    except Rollback:
        pass
    return result


def measure(what: str, path: str = "", n: int = ROWS) -> dict:
    """Run one measure in this process ("export", "import" of people, "import-awards") and add its
    memory figures: {"baseline_mb", "peak_mb"}."""
    baseline = rss_mb()
    if what == "export":
        result = export_register(n)
    else:
        result = import_file(Path(path), "awards" if what == "import-awards" else "people")
    result.update(baseline_mb=baseline, peak_mb=peak_rss_mb())
    return result


def run_in_child(what: str, *, n: int = ROWS, path: str = "") -> dict:
    """Run `manage.py bench_io <what>` in a child process (same settings and database) and return
    its JSON result with the wall time seen from here ("wall")."""
    args = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_io", what, "--rows", str(n)]
    if path:
        args += ["--path", path]
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"bench_io {what} failed:\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def io_rows(n: int = ROWS) -> list[tuple[str, dict]]:
    """Both measures, each in its own child process: [(label, result)]."""
    count = f"{n:,}".replace(",", ".")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nhap-ca-nhan.xlsx"
        people_file(path, n)
        awards_path = Path(tmp) / "nhap-so-khen-thuong.xlsx"
        award_file(awards_path, n)
        return [
            (f"Xuất Excel {count} dòng sổ khen thưởng (tác vụ nền)", run_in_child("export", n=n)),
            (
                f"Nhập Excel {count} cá nhân (tải lên: đọc, kiểm tra, lưu tạm; ghi: tác vụ nền)",
                run_in_child("import", n=n, path=str(path)),
            ),
            (
                f"Nhập Excel {count} dòng sổ khen thưởng (tải lên: đọc, kiểm tra, lưu tạm; ghi: tác vụ nền)",
                run_in_child("import-awards", n=n, path=str(awards_path)),
            ),
        ]


_PHASES = {"job": "tác vụ", "upload": "tải lên", "commit": "ghi"}


def io_table(rows: list[tuple[str, dict]]) -> str:
    """Markdown table of the measures: rows, phases (s), peak RSS and its growth (MB)."""
    head = (
        "\n| Xuất / nhập | Dòng | Thời gian (s) | Đỉnh RSS (MB) | Tăng RSS (MB) |\n|---|---:|---|---:|---:|\n"
    )
    lines = []
    for label, r in rows:
        phases = "; ".join(f"{_PHASES.get(k, k)} {v:.1f}".replace(".", ",") for k, v in r["phases"].items())
        growth = r["peak_mb"] - r["baseline_mb"]
        rows = f"{r['rows']:,}".replace(",", ".")
        lines.append(f"| {label} | {rows} | {phases} | {r['peak_mb']:.0f} | {growth:.0f} |\n")
    return head + "".join(lines)
