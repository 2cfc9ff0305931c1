"""Output and plan rules R1-R4 and key supervision R17, exact and versioned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from domain.periods import Month, months_of
from domain.rules.base import (
    ADVISORY,
    KEY_SUPERVISION,
    MAJOR_HAZARD,
    NONE,
    WARNING,
    Finding,
    RuleVersion,
    exact,
    tonnes,
)
from domain.rules.config import RulesConfig

ORDER_4 = "应急管理部令第4号 MEM Order 4"
XINZHOU = "忻州市遏制超能力生产通知 Xinzhou notice on over-capacity production"

VERSIONS = (
    RuleVersion(
        "R1", 1, date(2021, 1, 1), "年度超能力 annual output", f"{ORDER_4} 4(1)"
    ),
    RuleVersion(
        "R2", 1, date(2021, 1, 1), "月度超能力 monthly output", f"{ORDER_4} 4(1)"
    ),
    RuleVersion(
        "R3", 1, date(2021, 1, 1), "累计产量超进度 year to date", "advisory, not law"
    ),
    RuleVersion(
        "R4", 1, date(2021, 1, 1), "计划超能力 plans above capacity", f"{ORDER_4} 4(2)"
    ),
    RuleVersion("R17", 1, date(2021, 1, 1), "重点监管 key supervision", XINZHOU),
)


@dataclass(frozen=True)
class CapacityRecord:
    """A capacity as approved or designed, in force from its effective date."""

    kind: str
    tonnes: int
    effective: date


@dataclass(frozen=True)
class Plan:
    """A production plan or target for a year or a month, set by the mine or parent."""

    scope: str
    period: str
    tonnes: int
    set_by: str


def version(rule: str, on: date) -> RuleVersion | None:
    """The version of a capacity rule in force on a date, None before the first."""
    found = [v for v in VERSIONS if v.rule == rule and v.effective_from <= on]
    return max(found, key=lambda v: v.effective_from, default=None)


def capacity_in_force(records: Sequence[CapacityRecord], on: date) -> int | None:
    """The approved capacity in force on a day, or the design one if none approved."""
    for kind in ("approved", "design"):
        in_force = [
            (r.effective, i, r.tonnes)
            for i, r in enumerate(records)
            if r.kind == kind and r.effective <= on
        ]
        if in_force:
            return max(in_force)[2]
    return None


def monthly_capacities(records: Sequence[CapacityRecord], year: int) -> dict[str, int]:
    """Capacity counted for each month: the one in force on the month's first day."""
    return {
        str(m): capacity_in_force(records, m.first_day) or 0 for m in months_of(year)
    }


def annual_limit(capacities: Mapping[str, int]) -> Fraction:
    """The time-weighted annual capacity: each month counts C_month / 12."""
    return Fraction(sum(capacities.values()), 12)


def _year_output(outputs: Mapping[str, int], year: int) -> tuple[int, list[str]]:
    months = sorted(p for p in outputs if p.startswith(f"{year:04d}-"))
    return sum(outputs[p] for p in months), months


def check_month(
    records: Sequence[CapacityRecord], outputs: Mapping[str, int], month: Month
) -> Finding | None:
    """R2: a month's raw-coal output strictly above a tenth of its capacity."""
    rule = version("R2", month.first_day)
    if rule is None or str(month) not in outputs:
        return None
    output = outputs[str(month)]
    capacity = capacity_in_force(records, month.first_day) or 0
    threshold = Fraction(capacity, 10)
    hazard = output > threshold
    verdict = "超过" if hazard else "未超过"
    return Finding(
        rule="R2",
        version=rule.version,
        subject=str(month),
        outcome=MAJOR_HAZARD if hazard else NONE,
        inputs={"period": str(month), "output": output, "capacity": capacity},
        threshold=exact(threshold),
        explanation=(
            f"{month} 原煤产量 {output:,} 吨，{verdict}月度上限 {tonnes(threshold)} 吨"
            f"（核定能力 {capacity:,} 吨/年的 10%） / {month} raw-coal output "
            f"{output:,} t {'is above' if hazard else 'is within'} the monthly limit "
            f"of {tonnes(threshold)} t (10% of {capacity:,} t/a)"
        ),
    )


def check_year(
    records: Sequence[CapacityRecord],
    outputs: Mapping[str, int],
    year: int,
    config: RulesConfig,
) -> list[Finding]:
    """R1, R3 and R17 on the output reported so far in a year."""
    output, months = _year_output(outputs, year)
    if not months:
        return []
    capacities = monthly_capacities(records, year)
    limit = annual_limit(capacities)
    inputs = {
        "year": year,
        "output": output,
        "months_reported": months,
        "monthly_capacities": capacities,
        "annual_limit": exact(limit),
    }
    found = [
        _annual(year, output, limit, inputs),
        _year_to_date(year, output, limit, months, inputs, config),
        _key_supervision(year, output, limit, inputs, config),
    ]
    return [f for f in found if f is not None]


def _annual(year: int, output: int, limit: Fraction, inputs: dict) -> Finding | None:
    rule = version("R1", date(year, 1, 1))
    if rule is None:
        return None
    hazard_at = limit * Fraction(11, 10)
    if output >= hazard_at:
        outcome, zh, en = MAJOR_HAZARD, "达到或超过", "reaches or exceeds"
    elif output > limit:
        outcome, zh, en = WARNING, "超过能力但低于", "is above capacity but below"
    else:
        outcome, zh, en = NONE, "低于", "is below"
    return Finding(
        rule="R1",
        version=rule.version,
        subject=str(year),
        outcome=outcome,
        inputs=inputs,
        threshold=exact(hazard_at),
        explanation=(
            f"{year} 年累计原煤产量 {output:,} 吨，{zh}年度能力的 110%"
            f"（{tonnes(hazard_at)} 吨） / {year} output {output:,} t {en} 110% of "
            f"the annual capacity ({tonnes(hazard_at)} t)"
        ),
    )


def _year_to_date(
    year: int,
    output: int,
    limit: Fraction,
    months: list[str],
    inputs: dict,
    config: RulesConfig,
) -> Finding | None:
    rule = version("R3", date(year, 1, 1))
    through = Month.parse(months[-1]).month
    if rule is None or limit == 0:
        return None
    threshold = limit * (Fraction(through, 12) + config.ytd_margin)
    ahead = output >= threshold
    share = f"{through}/12 + {exact(config.ytd_margin)}"
    return Finding(
        rule="R3",
        version=rule.version,
        subject=str(year),
        outcome=ADVISORY if ahead else NONE,
        inputs={**inputs, "through_month": through, "margin": exact(config.ytd_margin)},
        threshold=exact(threshold),
        explanation=(
            f"截至 {year} 年 {through} 月累计产量 {output:,} 吨，"
            f"{'已' if ahead else '未'}超过进度线 {tonnes(threshold)} 吨"
            f"（年度能力 × ({share})） / output to month {through} of {year} is "
            f"{output:,} t, {'at or above' if ahead else 'below'} the pace line of "
            f"{tonnes(threshold)} t (annual capacity × ({share}))"
        ),
    )


def _key_supervision(
    year: int, output: int, limit: Fraction, inputs: dict, config: RulesConfig
) -> Finding | None:
    rule = version("R17", date(year, 1, 1))
    if rule is None:
        return None
    threshold = limit * config.key_supervision_factor
    over = output >= threshold
    factor = exact(config.key_supervision_factor)
    return Finding(
        rule="R17",
        version=rule.version,
        subject=str(year),
        outcome=KEY_SUPERVISION if over else NONE,
        inputs={**inputs, "factor": factor},
        threshold=exact(threshold),
        explanation=(
            f"{year} 年累计产量 {output:,} 吨，{'达到' if over else '未达到'}"
            f"年度能力 × {factor}（{tonnes(threshold)} 吨），"
            f"{'列入' if over else '不列入'}重点监管 / {year} output {output:,} t "
            f"{'reaches' if over else 'is below'} {factor} × annual capacity "
            f"({tonnes(threshold)} t): {'key supervision' if over else 'no change'}"
        ),
    )


def check_plans(
    records: Sequence[CapacityRecord], plans: Sequence[Plan], year: int
) -> list[Finding]:
    """R4: an annual plan above capacity, or monthly plans summing above it."""
    rule = version("R4", date(year, 1, 1))
    if rule is None:
        return []
    capacities = monthly_capacities(records, year)
    limit = annual_limit(capacities)
    findings = []
    for set_by in ("mine", "parent"):
        annual = [p for p in plans if p.scope == "year" and p.period == str(year)]
        for plan in [p for p in annual if p.set_by == set_by][-1:]:
            findings.append(_plan(rule, f"{year}/annual/{set_by}", plan.tonnes, limit))
    monthly = {
        p.period: p.tonnes
        for p in plans
        if p.scope == "month" and p.period.startswith(f"{year:04d}-")
    }
    if monthly:
        total = sum(monthly.values())
        findings.append(_plan(rule, f"{year}/monthly", total, limit, sorted(monthly)))
    return findings


def _plan(
    rule: RuleVersion,
    subject: str,
    planned: int,
    limit: Fraction,
    months: list[str] | None = None,
) -> Finding:
    above = planned > limit
    what_zh = "月度计划合计" if months else "年度计划"
    what_en = "monthly plans sum to" if months else "annual plan is"
    return Finding(
        rule="R4",
        version=rule.version,
        subject=subject,
        outcome=MAJOR_HAZARD if above else NONE,
        inputs={"planned": planned, "annual_limit": exact(limit), "months": months},
        threshold=exact(limit),
        explanation=(
            f"{subject} {what_zh} {planned:,} 吨，{'超过' if above else '未超过'}"
            f"年度能力 {tonnes(limit)} 吨 / {subject} {what_en} {planned:,} t, "
            f"{'above' if above else 'within'} the annual capacity of {tonnes(limit)} t"
        ),
    )
