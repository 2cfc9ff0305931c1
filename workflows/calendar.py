"""Working-day calendars: the official Chinese one, and weekends only as a fallback."""

from __future__ import annotations

from datetime import date

import chinese_calendar


class WeekendsOnlyCalendar:
    """Monday to Friday are working days; knows no official holidays."""

    def is_workday(self, day: date) -> bool:
        """True from Monday to Friday."""
        return day.weekday() < 5

    def covers(self, day: date) -> bool:
        """Always False: this calendar does not know the official holidays."""
        return False


class ChineseWorkdayCalendar:
    """The State Council holiday calendar; weekends only for years it does not know."""

    def __init__(self) -> None:
        self._fallback = WeekendsOnlyCalendar()

    def is_workday(self, day: date) -> bool:
        """True on a working day, make-up working days included."""
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # The package ships only the years already announced (2004-2026 in 1.11).
            return self._fallback.is_workday(day)

    def covers(self, day: date) -> bool:
        """True when the package knows the official holidays of the day's year."""
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True
