"""Reminders through a REAL Celery worker (subprocess) on Redis and the same test database.

Proves, end to end: two sweeps at once never send a duplicate; a worker killed in the middle of
a send (SIGKILL) loses nothing: after a restart the due reminder is delivered, exactly once.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from core.roles import Role
from reports import services
from reports.models import ReminderDelivery
from reports.reminders import reminders_schedule_due
from thidua.celery import app as celery_app
from units.tests.factories import LevelFactory, RoleGrantFactory, UnitFactory, UserFactory

REDIS_URL = os.environ.get("THIDUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")

# Tests marked real_clock read the wall clock on purpose (other processes cannot share a frozen
# time_machine clock); the others read the test clock the root conftest freezes with time_machine.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # The Celery worker is another process: it cannot share the test's frozen clock, so both sides
    # run on the wall clock (every date here is relative to it).
    pytest.mark.real_clock("a real Celery worker subprocess reads the wall clock"),
]


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        # CI (and .ci/run) always has Redis: there a missing broker is a failure, not a skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"Redis not reachable at {REDIS_URL}")
    return client


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, log: Path, mail_dir: Path, *, pool="solo", concurrency=1, delay=0.0, lease=300):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "reports.tests.worker_settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "THIDUA_TEST_EMAIL_DIR": str(mail_dir),
            "THIDUA_REMINDER_TEST_DELAY": str(delay),
            "THIDUA_REMINDER_LEASE_SECONDS": str(lease),
        }
        env.pop("REDIS_URL", None)
        self.log = log
        self.log_file = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "thidua",
                "worker",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"reports-test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches every child
        )
        self.wait_for_log("ready.", timeout=30)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float, count: int = 1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.text().count(needle) >= count:
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited:\n{self.text()[-3000:]}")
            time.sleep(0.1)
        raise AssertionError(f"no {needle!r} in worker log after {timeout}s:\n{self.text()[-3000:]}")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log_file.close()

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self.log_file.close()


def _reset_celery_pools():
    from kombu import pools

    pools.reset()  # kombu keeps connection and producer pools globally, keyed by broker URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """This process publishes to Redis (tests otherwise run Celery eagerly)."""
    client = _redis()
    client.flushdb()
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    conf.broker_url, conf.task_always_eager = REDIS_URL, False
    _reset_celery_pools()
    yield client
    conf.broker_url, conf.task_always_eager = saved
    _reset_celery_pools()
    client.flushdb()


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(**kwargs):
        w = Worker(tmp_path / f"worker{len(started)}.log", tmp_path / "mail", **kwargs)
        started.append(w)
        return w

    (tmp_path / "mail").mkdir()
    yield start
    for w in started:
        w.stop()


def sent_mail(tmp_path) -> list[str]:
    """Recipients of every e-mail the file backend wrote."""
    out = []
    for f in sorted((tmp_path / "mail").glob("*.log")):
        out += [line[4:].strip() for line in f.read_text().splitlines() if line.startswith("To: ")]
    return out


@pytest.fixture
def overdue_round(db):
    """A round overdue by 4 days: one overdue reminder per unit user is due today."""
    district = UnitFactory(name="Ủy ban nhân dân huyện Thử", level=LevelFactory(code="district", rank=2))
    communes = [UnitFactory(name=f"Ủy ban nhân dân xã Thử {i}", parent=district) for i in (1, 2)]
    secretariat = UserFactory(username="w_noivu", email="noivu@example.vn")
    RoleGrantFactory(user=secretariat, unit=district, role=Role.SECRETARIAT)
    users = []
    for i, unit in enumerate(communes):
        for role in (Role.UNIT_HEAD, Role.UNIT_CLERK):
            user = UserFactory(username=f"w_{role}_{i}", email=f"{role}{i}@example.vn")
            RoleGrantFactory(user=user, unit=unit, role=role)
            users.append(user)
    campaign = CampaignFactory(launching_unit=district, status=Campaign.Status.LAUNCHED)
    campaign.participants.set(communes)
    rnd = services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo sơ kết",
        opens_at=timezone.localdate() - timedelta(days=30),
        deadline=timezone.localdate() - timedelta(days=4),
    )
    return rnd, users


def sweep_in_thread():
    try:
        reminders_schedule_due()
    finally:
        connection.close()  # this thread's own connection


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_concurrent_sweeps_send_each_reminder_exactly_once(overdue_round, broker, workers, tmp_path):
    from reports.tasks import reminder_deliver_task, reminders_sweep_task

    _rnd, users = overdue_round
    worker = workers(pool="prefork", concurrency=2)
    # Three sweeps at the same moment: two in the worker's two processes, one here.
    reminders_sweep_task.delay()
    reminders_sweep_task.delay()
    here = threading.Thread(target=sweep_in_thread)
    here.start()
    here.join()
    # ...and every reminder's delivery task twice more, as a redelivered message would be: the
    # worker's two processes now race for the same rows.
    for pk in ReminderDelivery.objects.values_list("pk", flat=True):
        reminder_deliver_task.delay(pk)
        reminder_deliver_task.delay(pk)
    wait_until(
        lambda: ReminderDelivery.objects.filter(status="sent").count() == len(users), 45, "all reminders sent"
    )
    # 2 sweeps + 3 delivery tasks per reminder, all finished; only one per reminder sent it
    worker.wait_for_log(" succeeded in ", timeout=30, count=2 + 3 * len(users))
    assert worker.text().count(": 'sent'") == len(users)
    wait_until(lambda: broker.llen("celery") == 0, 10, "an empty queue")
    time.sleep(1.0)  # let any duplicate task (there must be none that sends) finish
    assert ReminderDelivery.objects.count() == len(users)
    assert sorted(sent_mail(tmp_path)) == sorted(u.email for u in users)


def test_worker_killed_mid_send_delivers_after_restart_exactly_once(
    overdue_round, broker, workers, tmp_path, settings
):
    rnd, users = overdue_round
    target = users[0]
    ReminderDelivery.objects.all().delete()
    rnd.units.set([rnd.units.order_by("pk").first()])  # one unit...
    for u in users[1:]:
        u.is_active = False  # ...and one recipient: one due reminder
        u.save()
    worker = workers(pool="solo", delay=30)
    created = reminders_schedule_due().created
    assert len(created) == 1
    worker.wait_for_log("reminder_deliver_task", timeout=20)
    time.sleep(2.0)  # inside the (slowed) SMTP exchange, the row claimed
    worker.kill()
    row = ReminderDelivery.objects.get()
    assert (row.status, row.sent_at) == ("sending", None)
    assert list(row.send_attempts.values_list("phase", flat=True)) == ["smtp"]
    assert sent_mail(tmp_path) == []

    workers(pool="solo", lease=1)
    settings.THIDUA_REMINDER_STUCK_SECONDS = 1
    settings.THIDUA_REMINDER_LEASE_SECONDS = 1
    time.sleep(1.1)
    again = reminders_schedule_due()  # the next beat: finds the row stuck unsent, enqueues it again
    assert (again.created, again.enqueued) == ([], [row.pk])
    wait_until(lambda: ReminderDelivery.objects.get().status == "sent", 30, "the reminder to be sent")
    reminders_schedule_due()  # and yet another sweep changes nothing
    time.sleep(1.0)
    assert sent_mail(tmp_path) == [target.email]
    assert ReminderDelivery.objects.count() == 1
    row.refresh_from_db()
    # the killed attempt was inside the SMTP exchange: on record as a possible duplicate
    assert row.unconfirmed_sends == 1
    assert list(row.send_attempts.values_list("phase", flat=True)) == ["unconfirmed", "sent"]
