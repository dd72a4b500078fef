"""The demo is coherent on any load date: this year's campaign launched, one round overdue (or, on
1-2 January, just due), one open, reminders to send — asserted for dates that have broken it."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Campaign
from core.models import Notification
from reports.models import ReminderDelivery, ReportRound, ReportSubmission

pytestmark = pytest.mark.django_db

# The 2026 world: xã Tam Đường's campaign and rounds.
UNIT_ACCOUNTS = {"hieutruong", "canbo_truong"}  # Trường Tiểu học Bình Lư: has not reported the interim round
ALL_ACCOUNTS = UNIT_ACCOUNTS | {
    "hieutruong2"
}  # + Trường THCS thị trấn Tam Đường (reported the interim round)
# Past the interim deadline, the units nobody can be reminded in are told to the secretariats over
# the launching commune: its office and, inherited, the province's Sở Nội vụ.
NO_ACCOUNT = {"no_account": {"vanphong_tamduong", "sonoivu"}}

# load date (09:00 ICT) -> (interim deadline, final deadline, {kind: recipients} of the first sweep)
DEMO_DATES = {
    # The interim round was due on 1 January (never before the campaign's start): the on-the-day
    # reminder, missed yesterday, is caught up; no overdue reminder yet (every 3 days).
    date(2026, 1, 2): (date(2026, 1, 1), date(2026, 12, 5), {"on_day": UNIT_ACCOUNTS, **NO_ACCOUNT}),
    date(2026, 6, 30): (date(2026, 6, 25), date(2026, 12, 5), {"overdue": UNIT_ACCOUNTS, **NO_ACCOUNT}),
    date(2026, 7, 1): (date(2026, 6, 26), date(2026, 12, 5), {"overdue": UNIT_ACCOUNTS, **NO_ACCOUNT}),
    # 5 December is 6 days away: the 7-days-before reminder of the final round is due for everyone.
    date(2026, 11, 29): (
        date(2026, 11, 24),
        date(2026, 12, 5),
        {"overdue": UNIT_ACCOUNTS, "before": ALL_ACCOUNTS, **NO_ACCOUNT},
    ),
    # Loaded on 5 December, the final round is given two weeks.
    date(2026, 12, 5): (date(2026, 11, 30), date(2026, 12, 19), {"overdue": UNIT_ACCOUNTS, **NO_ACCOUNT}),
    # Loaded on 31 December, the final round closes that evening (the campaign's last day).
    date(2026, 12, 31): (
        date(2026, 12, 26),
        date(2026, 12, 31),
        # ... and so does registration: Bình Lư, not registered yet, is reminded on the last day.
        {"overdue": UNIT_ACCOUNTS, "on_day": ALL_ACCOUNTS, "registration": UNIT_ACCOUNTS, **NO_ACCOUNT},
    ),
    date(2028, 2, 29): (date(2028, 2, 24), date(2028, 12, 5), {"overdue": UNIT_ACCOUNTS, **NO_ACCOUNT}),
}


def _load():
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("day", list(DEMO_DATES), ids=str)
def test_demo_is_coherent_on_any_load_date(day):
    interim_deadline, final_deadline, expected = DEMO_DATES[day]
    with time_machine.travel(
        timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
        + timedelta(hours=9),
        tick=False,
    ):
        assert timezone.localdate() == day
        _load()
        campaign = Campaign.objects.get(
            year=day.year,
            status=Campaign.Status.LAUNCHED,
            launching_unit__name="Ủy ban nhân dân xã Tam Đường",
        )
        assert day <= campaign.registration_deadline <= campaign.period_end == date(day.year, 12, 31)
        rounds = {r.kind: r for r in ReportRound.objects.filter(campaign=campaign)}
        assert timezone.localdate(rounds["interim"].deadline) == interim_deadline
        assert timezone.localdate(rounds["final"].deadline) == final_deadline
        assert rounds["final"].deadline > timezone.now()
        assert campaign.period_start <= timezone.localdate(rounds["interim"].opens_at)
        sub = ReportSubmission.objects.get(round=rounds["interim"])
        assert (sub.unit.name, sub.status, sub.is_late) == (
            "Trường THCS thị trấn Tam Đường",
            "accepted",
            False,
        )

        out = StringIO()
        call_command("send_reminders", stdout=out)
        sent: dict[str, set[str]] = {}
        for kind, username in ReminderDelivery.objects.values_list("kind", "recipient__username"):
            sent.setdefault(kind, set()).add(username)
        assert sent == expected
        count = ReminderDelivery.objects.count()
        assert f"Đã tạo {count} lượt nhắc; đã gửi {count};" in out.getvalue()
        # Demo accounts have no e-mail address: each reminder reaches its recipient in the app;
        # the units without accounts reach the secretariat as ONE digest.
        digests = (
            ReminderDelivery.objects.filter(kind="no_account")
            .order_by()
            .values("recipient", "batch")
            .distinct()
        )
        unit_rows = ReminderDelivery.objects.exclude(kind="no_account").count()
        assert Notification.objects.filter(kind__startswith="report.reminder.").count() == unit_rows + len(
            digests
        )
        assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}

        out = StringIO()
        call_command("send_reminders", stdout=out)
        assert "Đã tạo 0 lượt nhắc; đã gửi 0;" in out.getvalue()
        assert ReminderDelivery.objects.count() == count


@pytest.mark.time_machine("2026-03-16T09:00:00+07:00")  # the 2026 world needs a day after 1/7/2025
def test_demo_rounds_loaded_once():
    _load()
    rounds = ReportRound.objects.count()
    _load()
    assert ReportRound.objects.count() == rounds == 2
    sub = ReportSubmission.objects.get()
    assert (sub.unit.name, sub.status, sub.is_late) == ("Trường THCS thị trấn Tam Đường", "accepted", False)
    assert sub.figures.count() == 5
