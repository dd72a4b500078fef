from datetime import date, datetime

import pytest
from django.utils import timezone

from reports.schedule import Due, as_deadline, due_reminders, next_deadline

D = date(2026, 12, 5)
OPEN = date(2026, 11, 1)


def due(today, **kw):
    return due_reminders(deadline_day=D, opens_day=OPEN, today=today, **kw)


def test_date_deadline_is_end_of_that_day_in_vietnam():
    deadline = as_deadline(D)
    local = timezone.localtime(deadline)
    assert (local.date(), local.hour, local.minute) == (D, 23, 59)
    assert str(local.tzinfo) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 27), []),
        (date(2026, 11, 28), [Due("before", date(2026, 11, 28))]),
        (date(2026, 12, 2), [Due("before", date(2026, 11, 28))]),  # missed nothing new: same key
        (date(2026, 12, 4), [Due("before", date(2026, 12, 4))]),
        (D, [Due("on_day", D)]),
        (date(2026, 12, 7), [Due("on_day", D)]),
        (date(2026, 12, 8), [Due("overdue", date(2026, 12, 8))]),
        (date(2026, 12, 11), [Due("overdue", date(2026, 12, 11))]),
        (date(2026, 12, 14), [Due("overdue", date(2026, 12, 14)), Due("escalation", date(2026, 12, 14))]),
        (date(2026, 12, 20), [Due("overdue", date(2026, 12, 20)), Due("escalation", date(2026, 12, 14))]),
    ],
)
def test_default_policy_due_reminders(today, expected):
    assert due(today) == expected


def test_nothing_before_the_round_opens():
    assert due_reminders(deadline_day=D, opens_day=date(2026, 12, 1), today=date(2026, 11, 28)) == []


def test_no_overdue_or_escalation_when_switched_off():
    assert due(date(2026, 12, 30), overdue_every_days=0) == [Due("on_day", D)]
    assert due(date(2026, 12, 30), escalate_after=0) == [Due("overdue", date(2026, 12, 29))]


def test_yearly_and_half_yearly_next_deadline():
    deadline = as_deadline(date(2025, 12, 5))
    nxt = timezone.localtime(next_deadline(deadline, recurrence="yearly", day=5, month=12))
    assert (nxt.date(), nxt.hour) == (date(2026, 12, 5), 23)
    half = timezone.localtime(
        next_deadline(as_deadline(date(2025, 6, 30)), recurrence="half_yearly", day=31, month=None)
    )
    assert half.date() == date(2025, 12, 31)
    aware = timezone.make_aware(datetime(2025, 8, 31, 17, 0))
    assert timezone.localtime(
        next_deadline(aware, recurrence="half_yearly", day=31, month=None)
    ).date() == date(2026, 2, 28)
