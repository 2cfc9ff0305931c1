"""The numbers DOMAIN.md marks configurable, with the defaults it gives."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from domain.errors import InvalidInputError


@dataclass(frozen=True)
class RulesConfig:
    """Configurable limits; an administrator overrides them in a TOML file."""

    # R3: how far cumulative output may run ahead of the elapsed share of the year.
    ytd_margin: Fraction = Fraction(1, 20)
    # A monthly figure above this share of the annual capacity is refused as absurd.
    absurd_month_share: Fraction = Fraction(1)
    # R5 minimum reserve periods by mine class.
    development_min_years: dict[str, int] = field(
        default_factory=lambda: {"severe": 5, "high": 4, "other": 3}
    )
    preparation_min_months: dict[str, int] = field(
        default_factory=lambda: {"complex": 14, "other": 12}
    )
    extraction_min_months: dict[str, int] = field(
        default_factory=lambda: {"multiple_longwall": 5, "single_longwall": 3}
    )
    reserve_output_basis: str = "capacity"
    # R10: a shift headcount at or above this multiple of its limit is a hazard.
    headcount_factor: Fraction = Fraction(6, 5)
    # R14: suspension days = rounding(excess / (C / working_days)).
    suspension_working_days: int = 330
    suspension_rounding: str = "ceil"
    suspension_annual_basis: str = "capacity"
    suspension_monthly_share: Fraction = Fraction(1, 10)
    # R15 deadlines.
    resumption_acceptance_days: int = 20
    announcement_working_days: int = 5
    recheck_due_days: int = 30
    # R17: key supervision and inspection frequency.
    key_supervision_factor: Fraction = Fraction(3, 2)
    key_supervision_inspection_months: int = 1
    normal_inspection_months: int = 3
    # R18: the bar on capacity changes.
    capacity_bar_window_days: int = 365
    capacity_bar_min_penalties: int = 2
    # R19: each agency shares month M by the end of this day of month M+1.
    sharing_deadline_day: int = 2
    sharing_deadline_on_holiday: str = "keep"
    # R20 informant rewards.
    reward_rate: Fraction = Fraction(15, 100)
    reward_rate_second_tier: Fraction = Fraction(12, 100)
    reward_min_yuan: int = 3_000
    reward_max_yuan: int = 300_000

    def as_dict(self) -> dict[str, Any]:
        return {
            name: str(value) if isinstance(value, Fraction) else value
            for name, value in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> RulesConfig:
        """Builds a config from plain values (TOML), naming any unknown or bad key."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        defaults = cls()
        changes: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                raise InvalidInputError(name, "unknown rule setting")
            current = getattr(defaults, name)
            try:
                if isinstance(current, Fraction):
                    changes[name] = Fraction(str(value))
                elif isinstance(current, dict):
                    changes[name] = {
                        **current,
                        **{str(k): int(v) for k, v in dict(value).items()},
                    }
                else:
                    changes[name] = type(current)(value)
            except (TypeError, ValueError, ZeroDivisionError) as error:
                raise InvalidInputError(name, f"bad value {value!r}") from error
        return dataclasses.replace(defaults, **changes)
