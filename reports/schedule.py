"""Pure date rules: deadlines, recurrences and which reminder is due on a given day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def end_of_day(day: date) -> datetime:
    """A date deadline means the end of that day in Asia/Ho_Chi_Minh (the site's time zone)."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def start_of_day(day: date) -> datetime:
    """00:00 of `day` in the site's time zone (aware datetime)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def as_deadline(value: date | datetime) -> datetime:
    """A deadline as an aware datetime: a date means 23:59:59 of that day (Asia/Ho_Chi_Minh)."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return end_of_day(value)


def safe_date(year: int, month: int, day: int) -> date:
    """date(year, month, day), the last day of the month when `day` is past it (31/6 -> 30/6)."""
    return date(year, month, 1) + relativedelta(day=day)


def next_deadline(deadline: datetime, *, recurrence: str, day: int | None, month: int | None) -> datetime:
    """The next occurrence of a recurring deadline, keeping its local time of day."""
    local = timezone.localtime(deadline)
    if recurrence == "yearly":
        nxt = safe_date(local.year + 1, month or local.month, day or local.day)
    elif recurrence == "half_yearly":
        nxt = local.date() + relativedelta(months=6, day=day or local.day)
    else:
        raise ValueError(recurrence)
    return timezone.make_aware(datetime.combine(nxt, local.time().replace(tzinfo=None)))


def days_left(deadline: datetime, today: date) -> int:
    """Whole days from `today` to the deadline's local date (negative once it has passed)."""
    return (timezone.localdate(deadline) - today).days


def days_overdue(deadline: datetime, today: date) -> int:
    """Days past the deadline, as every page, reminder and digest shows it (0 if not past).

    The ONE function for "quá hạn N ngày": local dates in Asia/Ho_Chi_Minh, so a deadline of
    23:59:59 on 20/11 is 1 day overdue on 21/11.
    """
    return max(0, -days_left(deadline, today))


# The reminder schedule's defaults, in one place (a round's ReminderPolicy overrides them):
# remind 7 and 1 days before the deadline, on the day, every 3 days once overdue, and tell the
# standing office after 2 overdue reminders (usual practice; configurable per round).
DEFAULT_DAYS_BEFORE = (7, 1)
DEFAULT_ON_THE_DAY = True
DEFAULT_OVERDUE_EVERY_DAYS = 3
DEFAULT_ESCALATE_AFTER = 2


@dataclass(frozen=True)
class Due:
    kind: str  # ReminderDelivery.Kind value
    due_date: date


def due_reminders(
    *,
    deadline_day: date,
    opens_day: date,
    today: date,
    days_before=DEFAULT_DAYS_BEFORE,
    on_the_day=DEFAULT_ON_THE_DAY,
    overdue_every_days=DEFAULT_OVERDUE_EVERY_DAYS,
    escalate_after=DEFAULT_ESCALATE_AFTER,
) -> list[Due]:
    """The reminders a not-yet-reported unit should have received by `today`.

    Only the latest scheduled reminder (before the deadline, on the day, or overdue) is due: a
    sweep that missed its day catches up on the next run, and an older one overtaken by a newer
    one is not sent any more. An escalation (to the secretariat and the unit's head) becomes due
    once, on the overdue date that follows `escalate_after` overdue reminders.
    """
    schedule: list[Due] = []
    for n in sorted({int(n) for n in days_before if int(n) > 0}, reverse=True):
        schedule.append(Due("before", deadline_day - timedelta(days=n)))
    if on_the_day:
        schedule.append(Due("on_day", deadline_day))
    if overdue_every_days and today > deadline_day:
        k = (today - deadline_day).days // overdue_every_days
        if k >= 1:
            schedule.append(Due("overdue", deadline_day + timedelta(days=k * overdue_every_days)))
    passed = [d for d in schedule if opens_day <= d.due_date <= today]
    out = passed[-1:]
    if overdue_every_days and escalate_after:
        escalation_day = deadline_day + timedelta(days=overdue_every_days * (escalate_after + 1))
        if escalation_day <= today:
            out.append(Due("escalation", escalation_day))
    return out
