"""`python manage.py bench`: province-scale data, then page timings and query counts.

Run it on a scratch database (`make bench` uses bench-output/bench.sqlite3; for PostgreSQL
set DATABASE_URL to an empty database). It prints a Markdown table for the README.
"""

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.generate import (
    ReportScale,
    Scale,
    WorkflowScale,
    generate,
    generate_reports,
    generate_workflow,
)
from units.models import Unit

PAGES = [
    ("Danh sách cá nhân, trang 1", "units:person-list", {}),
    ("Tìm cá nhân “nguyen van” (không dấu)", "units:person-list", {"q": "nguyen van"}),
    ("Danh sách cá nhân, trang cuối (OFFSET sâu)", "units:person-list", {"page": "last"}),
    ("Cây đơn vị", "units:unit-list", {}),
    ("Sổ khen thưởng, trang 1", "awards:register", {}),
    ("Sổ khen thưởng: tìm “hoang thi lan”", "awards:register", {"q": "hoang thi lan"}),
    ("Sổ khen thưởng: năm 2020", "awards:register", {"year": "2020"}),
    ("Danh sách phong trào", "campaigns:campaign-list", {}),
]
# The workflow pages (issue 17): (label, url name, kwargs key in the generated ids, params).
WORKFLOW_PAGES = [
    ("Danh sách tờ trình", "awards:batch-list", None, {}),
    ("Tờ trình 500 đối tượng (thẩm định)", "awards:batch-detail", "batch", {}),
    ("Tờ trình 500 đối tượng, trang cuối", "awards:batch-detail", "batch", {"page": "last"}),
    ("Tờ trình 500 đối tượng: bảng hạn mức", "awards:batch-quota", "batch", {}),
    ("Danh sách phiên họp Hội đồng", "awards:session-list", None, {}),
    ("Phiên họp 300 nội dung, phiếu bầu", "awards:session-detail", "session", {}),
    ("Danh sách quyết định", "awards:decision-list", None, {}),
    ("Quyết định, phụ lục 1.000 dòng", "awards:decision-detail", "decision", {}),
]
# Statistics pages over the whole register (issue 17): (label, url name, kwargs key, params);
# the key "root" is the province (the top unit).
STATS_PAGES = [
    ("Công bằng trong khen thưởng (5 năm)", "awards:fairness", None, {}),
    ("Xếp loại: tổng hợp các đơn vị", "awards:rating-overview", None, {}),
    ("Đến hạn khen thưởng: cấp tỉnh", "awards:due", "root", {}),
    ("Chi tiết đơn vị: cấp tỉnh", "units:unit-detail", "root", {}),
    ("Danh sách hộ gia đình", "awards:household-list", None, {}),
]
# The report rounds, cockpit and dashboard (issue 17): (label, url name, kwargs from the report
# ids, params, who opens it: "secretariat" = bench-noivu, "unit_head" = bench-thutruong).
REPORT_PAGES = [
    ("Danh sách kỳ báo cáo", "reports:round-list", None, {}, "secretariat"),
    ("Kỳ báo cáo, 1.481 đơn vị", "reports:round-detail", "round", {}, "secretariat"),
    ("Theo dõi nộp báo cáo, một kỳ", "reports:tracker", "campaign", {"round": "round_pk"}, "secretariat"),
    ("Theo dõi nộp báo cáo, cả phong trào", "reports:tracker", "campaign", {}, "secretariat"),
    ("Theo dõi: quá hạn chưa nộp", "reports:tracker", "campaign", {"state": "overdue"}, "secretariat"),
    ("Báo cáo của đơn vị (tiếp nhận)", "reports:submission-detail", "submission", {}, "secretariat"),
    ("Nhật ký nhắc nhở", "reports:delivery-list", None, {}, "secretariat"),
    ("Trang chủ, văn phòng", "home", None, {}, "secretariat"),
    ("Biểu đồ thống kê", "dashboard", None, {}, "secretariat"),
    ("Bảng thống kê", "statistics", None, {}, "secretariat"),
    ("Kỳ báo cáo của đơn vị (thủ trưởng)", "reports:my-rounds", None, {}, "unit_head"),
    ("Nhập báo cáo (thủ trưởng)", "reports:submission-edit", "edit", {}, "unit_head"),
    ("Trang chủ, thủ trưởng", "home", None, {}, "unit_head"),
]


class Command(BaseCommand):
    help = "Sinh dữ liệu quy mô tỉnh và đo thời gian các trang chính."

    def add_arguments(self, parser):
        parser.add_argument("--small", action="store_true", help="Quy mô nhỏ (để kiểm thử lệnh).")
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--output", default="")
        parser.add_argument("--no-io", action="store_true", help="Bỏ phần đo xuất/nhập Excel 10.000 dòng.")

    def handle(self, *args, small=False, repeat=15, output="", **options):
        scale = Scale.small() if small else Scale()
        started = time.perf_counter()
        if Unit.objects.exists():
            self.stdout.write("Dữ liệu đã có, dùng lại.")
            user = get_user_model().objects.get(username="bench-noivu")
        else:
            self.stdout.write(f"Sinh dữ liệu ({connection.vendor})…")
            user = generate(scale, out=self.stdout.write)["user"]
            generate_workflow(
                WorkflowScale.small() if small else WorkflowScale(), user=user, out=self.stdout.write
            )
            generate_reports(
                ReportScale.small() if small else ReportScale(), user=user, out=self.stdout.write
            )
            _after_bulk_load()
        if not _has_report_rounds():  # data generated before the report rounds existed
            generate_reports(
                ReportScale.small() if small else ReportScale(), user=user, out=self.stdout.write
            )
            _after_bulk_load()
        self.stdout.write(f"  xong sau {time.perf_counter() - started:.1f} s")
        client = verified_client(user)
        rows = [self._measure(client, label, reverse(name), params, repeat) for label, name, params in PAGES]
        ids = _workflow_ids()
        for label, name, key, params in WORKFLOW_PAGES:
            url = reverse(name, kwargs={"pk": ids[key]}) if key else reverse(name)
            rows.append(self._measure(client, label, url, params, repeat))
        for label, name, key, params in STATS_PAGES:
            url = reverse(name, kwargs={"pk": _root_unit_pk()}) if key else reverse(name)
            rows.append(self._measure(client, label, url, params, repeat))
        report_ids = _report_ids()
        clients = {"secretariat": client, "unit_head": verified_client(report_ids["unit_head"])}
        for label, name, key, params, who in REPORT_PAGES:
            url = reverse(name, kwargs=report_ids[key]) if key else reverse(name)
            params = {k: report_ids.get(v, v) for k, v in params.items()}
            rows.append(self._measure(clients[who], label, url, params, repeat))
        rows.append(self._eligibility(repeat=3))
        table = self._table(rows)
        if not small and not options.get(
            "no_io"
        ):  # issue 17 item 3: each measure in a child process (its own RSS)
            from benchmarks.io_bench import io_rows, io_table

            table += io_table(io_rows())
        self.stdout.write(table)
        if output:
            Path(output).write_text(table, encoding="utf-8")

    def _measure(self, client, label, url, params, repeat):
        client.get(url, params)  # warm up caches
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{label}: HTTP {response.status_code}")
        reset_queries()  # DEBUG clears the log at each request start; begin from an empty log
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, params)
        return (label, len(ctx), statistics.median(times), _p95(times))

    def _eligibility(self, repeat):
        """1,000 nominees (Advanced Worker and grassroots fighter, 2025): load histories + evaluate."""
        from datetime import date

        from awards.eligibility import Nominee, evaluate_many
        from awards.histories import load_histories
        from awards.rules import load_rulebook
        from units.models import Person

        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:1000])
        nominees = [
            Nominee(
                subject_kind="individual",
                subject_id=pk,
                year=2025,
                award="grassroots_fighter" if i % 10 == 0 else "advanced_worker",
            )
            for i, pk in enumerate(ids)
        ]
        times, queries = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                evaluate_many(
                    nominees, date(2026, 1, 15), rules=load_rulebook(), histories=load_histories(nominees)
                )
            times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx)
        return (
            f"Xét điều kiện {len(nominees)} người đề nghị (tải lịch sử + đánh giá)",
            queries,
            statistics.median(times),
            max(times),
        )

    def _table(self, rows):
        """Markdown table; the last column is p95 over the unit-tree page's p95 in the same run."""
        tree = next((p95 for label, _q, _p50, p95 in rows if label == "Cây đơn vị"), None) or 1
        head = (
            f"Database: {connection.vendor} · Django {__import__('django').get_version()} · "
            f"DEBUG={settings.DEBUG}\n\n| Trang / thao tác | Truy vấn SQL | Trung vị (ms) | p95 (ms) "
            "| p95 / cây đơn vị |\n|---|---:|---:|---:|---:|\n"
        )
        return head + "".join(
            f"| {label} | {q} | {p50:.0f} | {p95:.0f} | {p95 / tree:.1f} |\n" for label, q, p50, p95 in rows
        )


def verified_client(user) -> Client:
    """A test client logged in as `user` with a confirmed second factor in its session, as after
    the TOTP step: production settings enforce MFA for the secretariat (core/mfa.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _workflow_ids() -> dict:
    from nominations.models import CouncilSession, Decision

    return {
        "batch": 1,
        "session": CouncilSession.objects.order_by("pk").values_list("pk", flat=True).first(),
        "decision": Decision.objects.order_by("pk").values_list("pk", flat=True).first(),
    }


def _root_unit_pk() -> int:
    """The province's pk (the top unit of the generated tree)."""
    return Unit.objects.order_by("depth", "pk").values_list("pk", flat=True).first()


def _has_report_rounds() -> bool:
    from reports.models import ReportRound

    return ReportRound.objects.filter(created_by__username="bench-noivu").exists()


def _report_ids() -> dict:
    """The generated report data the REPORT_PAGES open: the first generated round (its campaign,
    a submitted report), the unit head `bench-thutruong` and a report of its units it can edit
    (URL kwargs dicts; "round_pk" a query value)."""
    from django.contrib.auth import get_user_model

    from reports.models import ReportRound, ReportSubmission
    from units.permissions import own_units

    rnd = ReportRound.objects.filter(created_by__username="bench-noivu").order_by("pk").first()
    head = get_user_model().objects.get(username="bench-thutruong")
    sub = ReportSubmission.objects.filter(round=rnd, status="submitted").order_by("pk").first()
    editable = (
        ReportSubmission.objects.filter(
            status__in=ReportSubmission.EDITABLE,
            unit__in=own_units(head),
            round__closed_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    return {
        "round": {"pk": rnd.pk},
        "round_pk": rnd.pk,
        "campaign": {"campaign_pk": rnd.campaign_id},
        "submission": {"pk": sub.pk},
        "edit": {"pk": editable.round_id, "unit_pk": editable.unit_id},
        "unit_head": head,
    }


def _after_bulk_load() -> None:
    """After rows were written with explicit ids: move every id sequence past the largest id
    (PostgreSQL would otherwise hand out id 1 to the next row an import or a form writes), then
    VACUUM ANALYZE so the planner has statistics and index-only scans see all-visible pages.
    The bulk load sent no signals: every cached aggregate is marked stale (a cache kept from an
    earlier bench database would otherwise be served)."""
    from django.apps import apps
    from django.core.management.color import no_style

    from core import caching

    caching.bump_all()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
        # VACUUM cannot run inside a transaction (the test suite runs the command in one).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
