from io import StringIO

import pytest
from django.core.management import call_command

from reports.models import ReminderDelivery, ReportRound, ReportSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_demo_rounds_loaded_once(demo):
    rounds = ReportRound.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert ReportRound.objects.count() == rounds == 2
    sub = ReportSubmission.objects.get()
    assert (sub.unit.name, sub.status, sub.is_late) == ("Ủy ban nhân dân xã Sơn Bình", "accepted", False)
    assert sub.figures.count() == 5


def test_send_reminders_on_demo_data_sends_then_sends_none(demo, mailoutbox):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    count = ReminderDelivery.objects.count()
    assert count > 0
    assert f"Đã tạo {count} lượt nhắc; đã gửi {count};" in out.getvalue()
    assert set(ReminderDelivery.objects.values_list("recipient__username", flat=True)) == {
        "truongdonvi",
        "canbo",
    }
    assert set(ReminderDelivery.objects.values_list("kind", "status")) == {("overdue", "sent")}
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Đã tạo 0 lượt nhắc; đã gửi 0;" in out.getvalue()
    assert ReminderDelivery.objects.count() == count
