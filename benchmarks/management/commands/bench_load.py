"""`python manage.py bench_load`: Locust against gunicorn on the data `bench` generated.

Run it with production settings on PostgreSQL (see README, "Benchmark"): it starts gunicorn
(5 sync workers) on a free local port, logs in one secretariat, one unit head and one council
member (second factor confirmed in the session), runs a mixed scenario with think time and then
a closed loop of 5 clients per page, and prints p50 / p95 / p99 and throughput per page.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from benchmarks.management.commands.bench import _report_ids, _workflow_ids, verified_client
from core.roles import Role
from units.models import RoleGrant, Unit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Chạy tải (Locust) vào gunicorn trên dữ liệu do lệnh bench sinh ra."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=5)
        parser.add_argument("--mixed-users", type=int, default=15)
        parser.add_argument("--mixed-seconds", type=int, default=30)
        parser.add_argument("--closed-clients", type=int, default=5)
        parser.add_argument("--closed-seconds", type=int, default=10)
        parser.add_argument("--output", default="")

    def handle(self, *args, **o):
        User = get_user_model()
        try:
            secretariat = User.objects.get(username="bench-noivu")
        except User.DoesNotExist as exc:
            raise CommandError("Chạy `manage.py bench` trước để sinh dữ liệu.") from exc
        ids = _workflow_ids()
        report = _report_ids()
        province = Unit.objects.get(pk=1)
        commune = Unit.objects.filter(depth=1, level__code="commune").order_by("pk").first()
        head = self._user("bench-thutruong", Role.UNIT_HEAD, commune)
        member = self._user("bench-hoidong", Role.COUNCIL_MEMBER, province)
        from nominations.models import Council, CouncilSession

        for council in Council.objects.all():
            council.members.add(member)
        for session in CouncilSession.objects.all():
            session.attendees.add(member)
        r = reverse
        roles = {
            "secretariat": (
                secretariat,
                [
                    ("Sổ khen thưởng, trang 1", r("awards:register")),
                    ("Cây đơn vị", r("units:unit-list")),
                    ("Danh sách cá nhân", r("units:person-list")),
                    ("Danh sách phong trào", r("campaigns:campaign-list")),
                    ("Danh sách tờ trình", r("awards:batch-list")),
                    ("Tờ trình 500 đối tượng", r("awards:batch-detail", kwargs={"pk": ids["batch"]})),
                    ("Danh sách quyết định", r("awards:decision-list")),
                    ("Quyết định 1.000 dòng", r("awards:decision-detail", kwargs={"pk": ids["decision"]})),
                    ("Trang chủ (văn phòng)", r("home")),
                    ("Danh sách kỳ báo cáo", r("reports:round-list")),
                    ("Kỳ báo cáo 1.481 đơn vị", r("reports:round-detail", kwargs=report["round"])),
                    ("Theo dõi nộp báo cáo", r("reports:tracker", kwargs=report["campaign"])),
                ],
            ),
            "unit_head": (
                head,
                [("Báo cáo của đơn vị", r("reports:my-rounds")), ("Trang chủ (thủ trưởng)", r("home"))],
            ),
            "council": (
                member,
                [
                    ("Danh sách phiên họp", r("awards:session-list")),
                    ("Phiên họp 300 nội dung", r("awards:session-detail", kwargs={"pk": ids["session"]})),
                ],
            ),
        }
        plan_roles = {}
        for role, (user, pages) in roles.items():
            client = verified_client(user)
            for label, path in pages:
                status = client.get(path).status_code
                if status != 200:
                    raise CommandError(f"{label} ({role}): HTTP {status}")
            plan_roles[role] = {"cookie": client.cookies[settings.SESSION_COOKIE_NAME].value, "pages": pages}
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable,
                "-m",
                "gunicorn",
                "thidua.wsgi",
                "-w",
                str(o["workers"]),
                "-b",
                f"127.0.0.1:{port}",
            ],
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_for(host)
            self._warm_up(host, plan_roles, rounds=2 * o["workers"])
            plan = {
                "host": host,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "roles": plan_roles,
                "mixed_users": o["mixed_users"],
                "mixed_seconds": o["mixed_seconds"],
                "closed_clients": o["closed_clients"],
                "closed_seconds": o["closed_seconds"],
            }
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.load"],
                input=json.dumps(plan),
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        result = json.loads(done.stdout)
        text = self._tables(result, o)
        for error in result.get("errors", []):
            self.stderr.write(f"Lỗi: {error}")
        self.stdout.write(text)
        if o["output"]:
            Path(o["output"]).write_text(text, encoding="utf-8")

    def _user(self, username, role, unit):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            RoleGrant.objects.create(user=user, unit=unit, role=role, valid_from=date(2020, 1, 1))
        return user

    def _warm_up(self, host, plan_roles, rounds):
        """Request every page `rounds` times before measuring, so each gunicorn worker has
        loaded its templates and opened its connections: the figures are the steady state, not
        the first request of a freshly forked worker."""
        for spec in plan_roles.values():
            cookie = f"{settings.SESSION_COOKIE_NAME}={spec['cookie']}"
            for _label, path in spec["pages"]:
                for _ in range(rounds):
                    request = urllib.request.Request(host + path, headers={"Cookie": cookie})  # noqa: S310
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local
                        response.read()

    def _wait_for(self, host):
        for _ in range(120):
            try:
                urllib.request.urlopen(host + "/", timeout=2)  # noqa: S310 - local server
                return
            except OSError as exc:
                if getattr(exc, "code", None):  # any HTTP answer means the server is up
                    return
                time.sleep(0.5)
        raise CommandError("gunicorn không khởi động được.")

    def _tables(self, result, o):
        def table(rows, title):
            tree = next((row["p95"] for row in rows if row["page"] == "Cây đơn vị"), None) or 1
            out = [
                f"\n{title}\n",
                "| Trang | Yêu cầu | Lỗi | p50 (ms) | p95 (ms) | p99 (ms) | yêu cầu/s | p95 / cây đơn vị |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            out += [
                f"| {r['page']} | {r['requests']} | {r['failures']} | {r['p50']:.0f} | {r['p95']:.0f} "
                f"| {r['p99']:.0f} | {r['rps']:.1f} | {r['p95'] / tree:.1f} |"
                for r in rows
            ]
            return "\n".join(out) + "\n"

        return table(
            result["mixed"],
            f"Tải hỗn hợp: {o['mixed_users']} người dùng (văn phòng, thủ trưởng, thành viên Hội đồng), "
            f"nghỉ 1–3 s giữa hai trang, {o['mixed_seconds']} s; gunicorn {o['workers']} worker",
        ) + table(
            result["closed"],
            f"Vòng kín: {o['closed_clients']} client liên tục mỗi trang, {o['closed_seconds']} s mỗi trang",
        )
