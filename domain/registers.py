"""Number series that never repeat or skip: documents per agency and year, receipts.

A register is its own aggregate, saved in the same transaction as the case that uses
a number, so two officers taking a number at once conflict and one of them retries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.case_facts import AGENCIES, DOCUMENT_KINDS
from domain.errors import InvalidInputError

REGISTER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:register")
TIPOFF_SERIES = "tipoff"
SERIES_PREFIXES = {
    "emergency": ("忻应急", "EMG"),
    "energy": ("忻能源", "ENE"),
    "inspectorate": ("晋矿安监四", "INS"),
    TIPOFF_SERIES: ("忻遏超举", "TIP"),
}


def register_id(series: str, year: int) -> UUID:
    """The stream id of one series in one year."""
    return uuid5(REGISTER_NAMESPACE, f"{series}|{year}")


@dataclass(frozen=True)
class DocumentNumber:
    """A number taken from an agency's register: 忻应急罚〔2025〕7号 / EMG-2025-0007."""

    agency: str
    year: int
    sequence: int
    kind: str

    @property
    def number(self) -> str:
        return f"{SERIES_PREFIXES[self.agency][1]}-{self.year}-{self.sequence:04d}"

    @property
    def number_zh(self) -> str:
        prefix, char = SERIES_PREFIXES[self.agency][0], DOCUMENT_KINDS[self.kind][0]
        return f"{prefix}{char}〔{self.year}〕{self.sequence}号"


def receipt_numbers(year: int, sequence: int) -> tuple[str, str]:
    """A tip-off receipt number, in English and in Chinese."""
    prefix_zh, prefix = SERIES_PREFIXES[TIPOFF_SERIES]
    return f"{prefix}-{year}-{sequence:06d}", f"{prefix_zh}〔{year}〕{sequence}号"


class DocumentRegister(Aggregate):
    """One agency's enforcement documents (or the tip-off receipts) in one year."""

    class Opened(Aggregate.Created):
        series: str
        year: int

    class NumberTaken(Aggregate.Event):
        sequence: int
        reference: str
        on: date

    @staticmethod
    def create_id(series: str, year: int, **_: Any) -> UUID:
        return register_id(series, year)

    @classmethod
    def open(cls, series: str, year: int) -> DocumentRegister:
        """Starts the series of a year at zero."""
        if series not in SERIES_PREFIXES:
            raise InvalidInputError("agency", f"{series!r} is not one of {AGENCIES}")
        return cls(series=series, year=year)

    @event(Opened)
    def __init__(self, series: str, year: int) -> None:
        self.series = series
        self.year = year
        self.last = 0
        self.taken: list[dict[str, Any]] = []

    def take(self, reference: str, on: date) -> int:
        """Takes the next number for a case or tip-off; numbers are never given back."""
        if on.year != self.year:
            raise InvalidInputError("on", f"{on} is not in the {self.year} series")
        self._take(sequence=self.last + 1, reference=reference, on=on)
        return self.last

    @event(NumberTaken)
    def _take(self, sequence: int, reference: str, on: date) -> None:
        self.last = sequence
        self.taken.append({"sequence": sequence, "reference": reference, "on": on})
