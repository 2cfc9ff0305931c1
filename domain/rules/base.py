"""What every rule shares: its versions, its findings and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

NONE = "none"
WARNING = "warning"
ADVISORY = "advisory"
MAJOR_HAZARD = "major_hazard"
KEY_SUPERVISION = "key_supervision"
TIGHT_SUCCESSION = "tight_succession"
STOP_AND_RECTIFY = "stop_and_rectify"

OUTCOME_LABELS = {
    NONE: "无 none",
    WARNING: "预警 warning",
    ADVISORY: "提示 advisory",
    MAJOR_HAZARD: "重大事故隐患 major hazard",
    KEY_SUPERVISION: "重点监管 key supervision",
    TIGHT_SUCCESSION: "采掘接续紧张 tight succession",
    STOP_AND_RECTIFY: "停产整改 stop and rectify",
}


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule, with the day from which it applies."""

    rule: str
    version: int
    effective_from: date
    title: str
    basis: str


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule on one subject, with everything needed to replay it."""

    rule: str
    version: int
    subject: str
    outcome: str
    inputs: dict[str, Any]
    threshold: str
    explanation: str

    def as_event_data(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "version": self.version,
            "subject": self.subject,
            "outcome": self.outcome,
            "inputs": self.inputs,
            "threshold": self.threshold,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class RuleBook:
    """Every version of every rule; picks the one in force on a date."""

    versions: tuple[RuleVersion, ...] = field(default_factory=tuple)

    def in_force(self, rule: str, on: date) -> RuleVersion | None:
        candidates = [
            v for v in self.versions if v.rule == rule and v.effective_from <= on
        ]
        return max(candidates, key=lambda v: v.effective_from, default=None)


def exact(value: Fraction | int) -> str:
    """Writes an exact number so that a reader and a replay see the same value."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def tonnes(value: Fraction | int) -> str:
    """Formats tonnes for an explanation, keeping fractions visible."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f} ({exact(value)})"
