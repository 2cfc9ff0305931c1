"""Day arithmetic for deadlines and windows; the holiday calendar is passed in.

Periods count as PRC civil law counts them (Civil Code Art 201-202): the start day is
not counted, the period ends at the end of its last day, and a period in months ends
on the same day of the month, or on the month's last day when that day is missing.
"""

from __future__ import annotations

import calendar as gregorian
from datetime import date, timedelta
from typing import Protocol

from domain.errors import InvalidInputError


class WorkdayCalendar(Protocol):
    """Tells which days are working days; knows whether the official list covers one."""

    def is_workday(self, day: date) -> bool:
        """True on a working day, make-up working days included."""
        ...

    def covers(self, day: date) -> bool:
        """True when the official holiday calendar is known for the day."""
        ...


def add_calendar_days(start: date, n: int) -> date:
    """The n-th calendar day after start; start itself is not counted."""
    if n < 0:
        raise InvalidInputError("n", f"a period cannot be negative, got {n}")
    return start + timedelta(days=n)


def add_working_days(start: date, n: int, calendar: WorkdayCalendar) -> date:
    """The n-th working day after start; start itself is not counted."""
    if n < 0:
        raise InvalidInputError("n", f"a period cannot be negative, got {n}")
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day


def add_months(start: date, n: int) -> date:
    """The same day n months later, or that month's last day when the day is missing."""
    month_index = start.year * 12 + start.month - 1 + n
    year, month = divmod(month_index, 12)
    last_day = gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def uncovered_days(start: date, end: date, calendar: WorkdayCalendar) -> list[date]:
    """Days after start up to end for which the official calendar is not known."""
    span = (end - start).days
    days = (start + timedelta(days=i) for i in range(1, span + 1))
    return [day for day in days if not calendar.covers(day)]
