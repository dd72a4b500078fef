"""The reminder chaos test (issue 15): real Celery workers and two beats on a private Redis, a
slow local SMTP server that counts what it accepts, workers killed and Redis restarted.

It proves: every due reminder reaches the mail server; an e-mail is repeated only where a row
records a send cut off inside the SMTP exchange (`unconfirmed_sends`); and it prints the
measured window (the time from "entering the SMTP exchange" committed to "sent" committed),
the only time in which a crash can duplicate an e-mail. README, "Reminders", quotes a run.
"""

import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from core.roles import Role
from reports import services
from reports.models import ReminderDelivery, ReminderSendAttempt
from reports.tests.test_worker import _database_url, wait_until
from units.tests.factories import LevelFactory, RoleGrantFactory, UnitFactory, UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # Not frozen with time_machine on purpose: the workers are other processes on the wall clock.
    pytest.mark.real_clock("Celery workers and beats are subprocesses on the wall clock"),
]

SMTP_ACCEPT_SECONDS = 0.3  # the slow mail server of the finding
UNITS = 40  # x 2 users = 80 reminders


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlowSink:
    """A local SMTP server (aiosmtpd) that takes SMTP_ACCEPT_SECONDS to accept each message
    and keeps the Message-ID of everything it accepted."""

    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command otherwise

        self.accepted: list[str] = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(SMTP_ACCEPT_SECONDS)
                msg = message_from_bytes(envelope.original_content or envelope.content)
                with sink.lock:
                    sink.accepted.append(msg["Message-ID"])
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


class PrivateRedis:
    """A redis-server of the test's own (the shared one must never be restarted)."""

    def __init__(self, tmp: Path):
        if not shutil.which("redis-server"):
            (pytest.fail if os.environ.get("CI") else pytest.skip)("redis-server is not installed")
        self.port, self.dir, self.proc = _free_port(), tmp, None
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_until(lambda: _pings(client), 10, "redis-server to start")

    def kill(self):
        self.proc.kill()  # SIGKILL: everything queued and unacknowledged is lost
        self.proc.wait(timeout=10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


class Proc:
    """A celery worker or beat in its own process group (SIGKILL reaches its children)."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self.file = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "thidua", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.file.close()


@pytest.fixture
def many_overdue(db):
    district = UnitFactory(name="Ủy ban nhân dân huyện Thử", level=LevelFactory(code="district", rank=2))
    communes = [UnitFactory(name=f"Ủy ban nhân dân xã Thử {i}", parent=district) for i in range(UNITS)]
    secretariat = UserFactory(username="c_noivu", email="noivu@example.vn")
    RoleGrantFactory(user=secretariat, unit=district, role=Role.SECRETARIAT)
    for i, unit in enumerate(communes):
        for role in (Role.UNIT_HEAD, Role.UNIT_CLERK):
            user = UserFactory(username=f"c_{role}_{i}", email=f"{role}{i}@example.vn")
            RoleGrantFactory(user=user, unit=unit, role=role)
    campaign = CampaignFactory(launching_unit=district, status=Campaign.Status.LAUNCHED)
    campaign.participants.set(communes)
    return services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo sơ kết",
        opens_at=timezone.localdate() - timedelta(days=30),
        deadline=timezone.localdate() - timedelta(days=4),
    )


def test_chaos_every_reminder_arrives_and_every_duplicate_is_on_record(many_overdue, tmp_path):
    started = time.monotonic()
    sink = SlowSink()
    redis = PrivateRedis(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reports.tests.chaos_settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis.url,
        "CELERY_RESULT_BACKEND": "",
        "THIDUA_CHAOS_SMTP_PORT": str(sink.port),
    }
    env.pop("REDIS_URL", None)
    procs: list[Proc] = []

    def worker(name):
        p = Proc(
            [
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{name}-{os.getpid()}@%h",
            ],
            env,
            tmp_path / f"{name}.log",
        )
        procs.append(p)
        return p

    def beat(name):
        p = Proc(
            [
                "beat",
                "--loglevel=INFO",
                "-s",
                str(tmp_path / f"{name}-schedule"),
                "--pidfile",
                str(tmp_path / f"{name}.pid"),
            ],
            env,
            tmp_path / f"{name}.log",
        )
        procs.append(p)
        return p

    sent = lambda: ReminderDelivery.objects.filter(status="sent").count()  # noqa: E731
    try:
        a, b = worker("wa"), worker("wb")
        beat("beat1"), beat("beat2")  # two beats: every sweep runs twice
        wait_until(lambda: sent() >= 10, 30, "the first reminders to go out")
        a.kill()  # mid-run, with sends in flight
        a = worker("wa2")
        wait_until(lambda: sent() >= 30, 30, "more reminders")
        redis.kill()  # the broker loses every queued and unacknowledged message
        time.sleep(1.0)
        redis.start()
        wait_until(lambda: sent() >= 45, 30, "sending to resume after the Redis restart")
        b.kill()
        b = worker("wb2")
        total = ReminderDelivery.objects.count()
        wait_until(lambda: total >= UNITS * 2 and sent() == total, 40, "every reminder to be sent")
        time.sleep(1.5)  # let any straggler (there must be none that sends) finish
    finally:
        for p in procs:
            p.stop()
        redis.kill()
        sink.stop()

    rows = ReminderDelivery.objects.all()
    assert rows.count() == UNITS * 2
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    received = Counter(sink.accepted)
    assert set(received) == set(rows.values_list("message_id", flat=True))  # every reminder arrived
    duplicates = sum(n - 1 for n in received.values())
    possible = rows.aggregate(n=Sum("unconfirmed_sends"))["n"]
    # Every repeated e-mail is on record: a send cut off inside the SMTP exchange.
    assert duplicates <= possible
    for mid, n in received.items():
        if n > 1:
            assert rows.get(message_id=mid).unconfirmed_sends >= n - 1
    windows = [
        (a.finished_at - a.smtp_at).total_seconds()
        for a in ReminderSendAttempt.objects.filter(phase="sent", smtp_at__isnull=False)
    ]
    phases = Counter(ReminderSendAttempt.objects.values_list("phase", flat=True))
    print(
        f"\nchaos: {len(rows)} reminders, {len(sink.accepted)} e-mails accepted, {duplicates} duplicates, "
        f"{possible} sends on record as possibly duplicated; attempts {dict(phases)}; "
        f"window median {statistics.median(windows):.3f} s, max {max(windows):.3f} s; "
        f"run {time.monotonic() - started:.1f} s"
    )
