"""Months and years as the rules count them: business periods, not timestamps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import InvalidInputError

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written YYYY-MM."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str, field: str = "period") -> Month:
        match = _PERIOD.match(str(text).strip())
        if not match:
            raise InvalidInputError(field, f"{text!r} is not a month written YYYY-MM")
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or year < 1949:
            raise InvalidInputError(field, f"{text!r} is not a real month")
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        if self.month == 12:
            return Month(self.year + 1, 1)
        return Month(self.year, self.month + 1)

    def previous(self) -> Month:
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months_of(year: int) -> list[Month]:
    return [Month(year, m) for m in range(1, 13)]
