"""A date deadline ends at 23:59:59 in Asia/Ho_Chi_Minh, whatever the server's own time zone.

Each date-sensitive rule is checked at 23:59 ICT on the deadline day and at 00:00 ICT the next day
(16:59 and 17:00 UTC), with the process's time zone set to UTC as on a typical server.
"""

import os
import time
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import COLLECTIVE_TITLE_CHOICES, Campaign
from campaigns.tests.factories import CampaignFactory
from reports import services as report_services
from reports.models import ReminderDelivery
from reports.reminders import reminders_schedule_due
from reports.schedule import as_deadline

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 11, 20)
ICT = timezone.get_fixed_timezone(7 * 60)
LAST_MINUTE = datetime(2026, 11, 20, 23, 59, tzinfo=ICT)  # 16:59 UTC on 20/11
NEXT_MIDNIGHT = datetime(2026, 11, 21, 0, 0, tzinfo=ICT)  # 17:00 UTC on 20/11: still the 20th in UTC


@pytest.fixture(autouse=True)
def server_in_utc():
    """The process's own time zone is UTC (as on most servers); only Django's TIME_ZONE is ICT."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_the_deadline_is_the_end_of_the_vietnamese_day():
    assert as_deadline(DEADLINE) == datetime(2026, 11, 20, 23, 59, 59, tzinfo=ICT)
    with time_machine.travel(NEXT_MIDNIGHT, tick=False):
        assert date.today() == DEADLINE  # the server's own calendar still says 20/11 ...
        assert timezone.localdate() == date(2026, 11, 21)  # ... thidua's says 21/11


@pytest.fixture
def registration_campaign(jurisdiction, secretariat):
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=ICT), tick=False):
        c = CampaignFactory(launching_unit=jurisdiction.district, registration_deadline=DEADLINE)
        c.participants.set([jurisdiction.commune_a])
        return campaign_services.campaign_transition(campaign=c, to=Campaign.Status.LAUNCHED, by=secretariat)


@pytest.fixture
def draft_registration(registration_campaign, unit_head_a, jurisdiction):
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=ICT), tick=False):
        reg = campaign_services.registration_start(
            campaign=registration_campaign, unit=jurisdiction.commune_a, by=unit_head_a
        )
        return campaign_services.registration_save(
            registration=reg,
            by=unit_head_a,
            version=reg.version,
            collective_title=COLLECTIVE_TITLE_CHOICES[0][0],
        )


def test_registration_open_until_2359_ict_on_the_deadline(draft_registration, unit_head_a):
    with time_machine.travel(LAST_MINUTE, tick=False):
        reg = campaign_services.registration_submit(registration=draft_registration, by=unit_head_a)
    assert reg.status == "submitted"


def test_registration_closed_at_0000_ict_the_next_day(draft_registration, unit_head_a):
    with time_machine.travel(NEXT_MIDNIGHT, tick=False), pytest.raises(ValidationError) as exc:
        campaign_services.registration_submit(registration=draft_registration, by=unit_head_a)
    assert "Đã quá hạn đăng ký thi đua (hạn cuối: 20/11/2026)" in str(exc.value)
    draft_registration.refresh_from_db()
    assert draft_registration.status == "draft"


@pytest.fixture
def report_round(registration_campaign, secretariat):
    """A round due on 20/11 (a date, so 23:59:59 ICT), opened on 1/11."""
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=ICT), tick=False):
        return report_services.round_create(
            campaign=registration_campaign,
            by=secretariat,
            title="Báo cáo tháng 11",
            opens_at=date(2026, 11, 1),
            deadline=DEADLINE,
        )


@pytest.mark.parametrize(("instant", "late"), [(LAST_MINUTE, False), (NEXT_MIDNIGHT, True)])
def test_report_on_time_until_2359_ict(report_round, unit_head_a, jurisdiction, instant, late):
    with time_machine.travel(instant, tick=False):
        sub = report_services.submission_start(
            round=report_round, unit=jurisdiction.commune_a, by=unit_head_a
        )
        sub = report_services.submission_save(
            submission=sub, by=unit_head_a, version=sub.version, narrative="Kết quả tháng 11."
        )
        sub = report_services.submission_submit(submission=sub, by=unit_head_a)
    assert sub.is_late is late


@pytest.mark.parametrize(
    ("instant", "kind"),
    [
        # 23:30 ICT on 19/11: one day before the deadline.
        (datetime(2026, 11, 19, 23, 30, tzinfo=ICT), "before"),
        # 00:30 ICT on 20/11 is still 19/11 in UTC: already the deadline day in Viet Nam.
        (datetime(2026, 11, 20, 0, 30, tzinfo=ICT), "on_day"),
    ],
)
def test_reminder_day_is_the_vietnamese_day(report_round, unit_head_a, instant, kind):
    with time_machine.travel(instant, tick=False):
        reminders_schedule_due(enqueue=False)
    row = ReminderDelivery.objects.get(recipient=unit_head_a, round=report_round)
    assert row.kind == kind
    assert row.due_date == timezone.localtime(instant).date()
    # The unit has not registered either (deadline 20/11): its registration reminder keeps the same day.
    registration = ReminderDelivery.objects.get(recipient=unit_head_a, kind="registration")
    assert registration.due_date == timezone.localtime(instant).date()
