"""Penalty rules R12-R20: fine ranges, one fine per violation, suspension length,
escalation to closure, the bar on capacity changes and informant rewards.

Every window here counts as PRC civil law counts periods (Civil Code Art 201-202): the
first day is not counted, so a later date is "within N days" of an earlier one when
it is at most N days after it, and "within 3 months" when it is on or before the same
day 3 months later (the month's last day when that day is missing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from domain.calendar import add_months
from domain.errors import InvalidInputError, RuleRefusedError
from domain.rules.base import RuleBook, RuleVersion, exact, tonnes
from domain.rules.config import RulesConfig

ORDER_446 = (
    "国务院令第446号《国务院关于预防煤矿生产安全事故的特别规定》 / "
    "State Council Order 446, Special Provisions on Preventing Coal Mine Accidents"
)
ORDER_774 = (
    "国务院令第774号《煤矿安全生产条例》 / "
    "State Council Order 774, Coal Mine Safety Production Regulations"
)
# The Xinzhou notice's own date is not on file; 2021-01-01 is when MEM Order 4 made
# over-capacity a major hazard, the earliest day the local measures can speak of.
XINZHOU_NOTICE = (
    "忻州市遏制煤矿超能力生产工作通知（生效日期待核实） / "
    "Xinzhou notice on curbing over-capacity production (date to be confirmed)"
)

_HAZARD_FINES = "重大隐患生产的罚款 / fines for producing with a major hazard"
VERSIONS: tuple[RuleVersion, ...] = (
    RuleVersion("R12", 1, date(2005, 9, 3), _HAZARD_FINES, ORDER_446),
    RuleVersion("R12", 2, date(2024, 5, 1), _HAZARD_FINES, ORDER_774),
    RuleVersion(
        rule="R13",
        version=1,
        effective_from=date(2021, 7, 15),
        title="一事不再罚款 / one fine per violation",
        basis="《行政处罚法》第二十九条 / Administrative Penalty Law Art 29 (2021)",
    ),
    RuleVersion(
        rule="R14",
        version=1,
        effective_from=date(2021, 1, 1),
        title="停产整顿天数 / suspension length",
        basis="本地做法，公式为我方解读 / local practice; the formula is our reading",
    ),
    RuleVersion(
        rule="R15",
        version=1,
        effective_from=date(2024, 5, 1),
        title="验收与公告时限 / acceptance and announcement deadlines",
        basis=ORDER_774,
    ),
    RuleVersion(
        rule="R16",
        version=1,
        effective_from=date(2024, 5, 1),
        title="提请关闭 / escalation to a closure request",
        basis="《煤矿安全生产条例》第七十条；《安全生产法》第一百一十三条 / "
        "Order 774 Art 70; Work Safety Law Art 113",
    ),
    RuleVersion(
        rule="R18",
        version=1,
        effective_from=date(2021, 1, 1),
        title="核增核减限制 / bar on capacity changes",
        basis=XINZHOU_NOTICE,
    ),
    RuleVersion(
        rule="R20",
        version=1,
        effective_from=date(2021, 1, 1),
        title="举报奖励 / informant reward",
        basis=XINZHOU_NOTICE,
    ),
)
RULES = RuleBook(VERSIONS)


def current_version(rule: str) -> RuleVersion:
    """The latest version of one of the rules in this module."""
    return max((v for v in VERSIONS if v.rule == rule), key=lambda v: v.effective_from)


def _whole_yuan(field: str, value: object) -> int:
    # Money arrives from forms and files; a float or a bool must not slip through.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(field, f"must be a whole number of yuan, got {value!r}")
    return value


def _decimal(value: Fraction) -> str:
    # A terminating decimal reads better than a fraction and is just as exact.
    for places in range(7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole, part = divmod(abs(scaled.numerator), 10**places)
            sign = "-" if scaled < 0 else ""
            return f"{sign}{whole:,}" + (f".{part:0{places}d}" if places else "")
    return exact(value)


# --- R12: fine ranges -------------------------------------------------------------


@dataclass(frozen=True)
class FineRange:
    """An inclusive range of yuan that a law allows for one fine."""

    low: int
    high: int

    def contains(self, amount: int) -> bool:
        """True when the amount lies within the range, bounds included."""
        return self.low <= amount <= self.high

    def __str__(self) -> str:
        return f"{self.low:,}-{self.high:,}"


# Keyed by R12 version; Order 774 kept the amounts of Order 446.
COMPANY_FINES = {1: FineRange(500_000, 2_000_000), 2: FineRange(500_000, 2_000_000)}
PERSON_FINES = {1: FineRange(30_000, 150_000), 2: FineRange(30_000, 150_000)}
LAW_NAMES = {1: ("国务院令第446号", "Order 446"), 2: ("国务院令第774号", "Order 774")}


@dataclass(frozen=True)
class PenaltyCheck:
    """Fines that passed R12, with the law that was applied to them."""

    rule: str
    version: int
    law: str
    violation_date: date
    company_fine: int
    person_fine: int
    explanation: str


def penalty_law(violation_date: date) -> RuleVersion:
    """The version of R12 (Order 446 or Order 774) in force on the violation date."""
    law = RULES.in_force("R12", violation_date)
    if law is None:
        raise InvalidInputError(
            "violation_date", f"{violation_date} is before Order 446 took effect"
        )
    return law


def check_fines(
    violation_date: date, company_fine: int, person_fine: int
) -> PenaltyCheck:
    """Refuses fines outside the R12 ranges of the law in force on the violation day."""
    company_fine = _whole_yuan("company_fine", company_fine)
    person_fine = _whole_yuan("person_fine", person_fine)
    law = penalty_law(violation_date)
    law_zh, law_en = LAW_NAMES[law.version]
    fines = (
        ("企业罚款", "company fine", company_fine, COMPANY_FINES[law.version]),
        ("主要负责人罚款", "person fine", person_fine, PERSON_FINES[law.version]),
    )
    problems = [
        f"{zh} {amount:,} 元不在 {allowed} 元范围内（{law_zh}，违法行为发生于 "
        f"{violation_date}） / {en} of {amount:,} yuan is outside {allowed} yuan under "
        f"{law_en}, in force on the violation date {violation_date}"
        for zh, en, amount, allowed in fines
        if not allowed.contains(amount)
    ]
    if problems:
        raise RuleRefusedError(
            "R12", "; ".join(problems), law=law_en, violation_date=violation_date
        )
    return PenaltyCheck(
        rule="R12",
        version=law.version,
        law=law_en,
        violation_date=violation_date,
        company_fine=company_fine,
        person_fine=person_fine,
        explanation=f"适用{law_zh}（违法行为发生于 {violation_date}）：企业罚款 "
        f"{company_fine:,} 元、主要负责人罚款 {person_fine:,} 元均在法定范围内 / "
        f"{law_en} applies (violation on {violation_date}): company fine "
        f"{company_fine:,} yuan and person fine {person_fine:,} yuan are within range",
    )


# --- R13: one fine per violation ---------------------------------------------------


@dataclass(frozen=True)
class PenaltyDecision:
    """A penalty decision (行政处罚决定书) as the penalty rules need to see it."""

    id: str
    decided_on: date
    agency: str
    violation_id: str
    case_id: str
    fine_yuan: int


def check_single_fine(
    violation_id: str, existing_fines: Sequence[PenaltyDecision]
) -> None:
    """Refuses a fine on a violation that any agency has already fined (R13)."""
    # A decision with no fine (a suspension alone) does not use up the one fine.
    earlier = [
        p for p in existing_fines if p.violation_id == violation_id and p.fine_yuan > 0
    ]
    if earlier:
        first = min(earlier, key=lambda p: (p.decided_on, p.id))
        raise RuleRefusedError(
            "R13",
            f"违法行为 {violation_id} 已由 {first.agency} 以处罚决定 {first.id}"
            f"（{first.decided_on}）罚款 {first.fine_yuan:,} 元，不得再次罚款 / "
            f"violation {violation_id} was already fined {first.fine_yuan:,} yuan by "
            f"{first.agency} in penalty decision {first.id} on {first.decided_on}; "
            "a second fine is refused",
            violation_id=violation_id,
            penalty_decision_id=first.id,
            agency=first.agency,
        )


# --- R14: suspension length --------------------------------------------------------

ROUNDINGS = ("ceil", "floor", "half_up")


@dataclass(frozen=True)
class SuspensionLength:
    """Days of suspension from an excess, with every input needed to replay it."""

    rule: str
    version: int
    days: int
    capacity: Fraction
    excess: Fraction
    working_days: int
    rounding: str
    exact_days: Fraction
    explanation: str


def annual_excess(
    capacity: int | Fraction, output_year: int, config: RulesConfig
) -> Fraction:
    """The default R14 annual excess: O_year − C."""
    if config.suspension_annual_basis != "capacity":
        raise InvalidInputError(
            "suspension_annual_basis",
            f"unknown basis {config.suspension_annual_basis!r}; known: 'capacity'",
        )
    return Fraction(output_year) - Fraction(capacity)


def monthly_excess(
    capacity: int | Fraction, output_month: int, config: RulesConfig
) -> Fraction:
    """The default R14 monthly excess: O_month − C × share (0.10), kept exact."""
    return Fraction(output_month) - Fraction(capacity) * config.suspension_monthly_share


def _rounded(value: Fraction, rounding: str) -> int:
    if rounding == "ceil":
        return math.ceil(value)
    if rounding == "floor":
        return math.floor(value)
    if rounding == "half_up":
        return math.floor(value + Fraction(1, 2))
    raise InvalidInputError(
        "suspension_rounding", f"unknown rounding {rounding!r}; known: {ROUNDINGS}"
    )


def suspension_days(
    capacity: int | Fraction, excess_tonnes: int | Fraction, config: RulesConfig
) -> SuspensionLength:
    """R14: rounding(excess ÷ (C ÷ working days)) days, computed exactly."""
    capacity, excess = Fraction(capacity), Fraction(excess_tonnes)
    if capacity <= 0:
        raise InvalidInputError("capacity", f"must be positive, got {exact(capacity)}")
    if excess <= 0:
        raise InvalidInputError(
            "excess_tonnes", f"no excess to suspend: {exact(excess)}"
        )
    working_days, rounding = config.suspension_working_days, config.suspension_rounding
    # excess ÷ (C ÷ d) is excess × d ÷ C: one exact division, no rounded daily rate.
    exact_days = excess * working_days / capacity
    days = _rounded(exact_days, rounding)
    unit = "day" if days == 1 else "days"
    formula = f"{rounding}({tonnes(excess)} × {working_days} ÷ {tonnes(capacity)})"
    return SuspensionLength(
        rule="R14",
        version=current_version("R14").version,
        days=days,
        capacity=capacity,
        excess=excess,
        working_days=working_days,
        rounding=rounding,
        exact_days=exact_days,
        explanation=f"停产整顿 {days} 天 / suspension of {days} {unit}: {formula} = "
        f"{rounding}({_decimal(exact_days)})",
    )


# --- R16: escalation to a closure request ------------------------------------------

TWO_HAZARDS_IN_3_MONTHS = "order_774_art_70"
PENALTIES_IN_180_DAYS = "work_safety_law_art_113_180_days"
PENALTIES_IN_365_DAYS = "work_safety_law_art_113_365_days"
PRODUCTION_WHILE_SUSPENDED = "production_during_suspension"
CLAUSE_TEXTS = {
    TWO_HAZARDS_IN_3_MONTHS: "《煤矿安全生产条例》第七十条：3 个月内 2 次发现"
    "重大事故隐患仍进行生产 / Order 774 Art 70: two major hazards while producing "
    "within 3 months",
    PENALTIES_IN_180_DAYS: "《安全生产法》第一百一十三条：存在重大事故隐患，"
    "180 日内 3 次受到行政处罚 / Work Safety Law Art 113: a major hazard and 3 "
    "penalty decisions within 180 days",
    PENALTIES_IN_365_DAYS: "《安全生产法》第一百一十三条：存在重大事故隐患，"
    "一年内 4 次受到行政处罚 / Work Safety Law Art 113: a major hazard and 4 "
    "penalty decisions within 365 days",
    PRODUCTION_WHILE_SUSPENDED: "停产整顿期间擅自生产 / production recorded during "
    "a suspension",
}
# (clause, penalty decisions needed, window in days) for Work Safety Law Art 113.
PENALTY_WINDOWS = ((PENALTIES_IN_180_DAYS, 3, 180), (PENALTIES_IN_365_DAYS, 4, 365))


@dataclass(frozen=True)
class HazardFinding:
    """A major accident hazard found at the mine, and whether it was producing then."""

    id: str
    found_on: date
    while_producing: bool = True


@dataclass(frozen=True)
class SuspendedProduction:
    """Production recorded on a day the mine was under a suspension order."""

    id: str
    produced_on: date
    suspension_id: str


@dataclass(frozen=True)
class EscalationTrigger:
    """One reason to ask for closure, naming the clause and the events it counted."""

    rule: str
    version: int
    clause: str
    anchored_on: date
    finding_ids: tuple[str, ...]
    penalty_ids: tuple[str, ...]
    production_ids: tuple[str, ...]
    explanation: str


def _trigger(
    clause: str,
    anchored_on: date,
    findings: Iterable[HazardFinding] = (),
    penalties: Iterable[PenaltyDecision] = (),
    production: Iterable[SuspendedProduction] = (),
) -> EscalationTrigger:
    finding_ids = tuple(f.id for f in sorted(findings, key=lambda f: f.found_on))
    penalty_ids = tuple(p.id for p in sorted(penalties, key=lambda p: p.decided_on))
    production_ids = tuple(p.id for p in production)
    counted = ", ".join(finding_ids + penalty_ids + production_ids)
    return EscalationTrigger(
        rule="R16",
        version=current_version("R16").version,
        clause=clause,
        anchored_on=anchored_on,
        finding_ids=finding_ids,
        penalty_ids=penalty_ids,
        production_ids=production_ids,
        explanation=f"应提请关闭（{anchored_on}）：{CLAUSE_TEXTS[clause]}；"
        f"计入 / counted: {counted}",
    )


def _art_70_triggers(
    findings: Sequence[HazardFinding], on: date
) -> list[EscalationTrigger]:
    producing = [f for f in findings if f.while_producing and f.found_on <= on]
    windows = (
        (day, [f for f in producing if f.found_on <= day <= add_months(f.found_on, 3)])
        for day in sorted({f.found_on for f in producing})
    )
    return [
        _trigger(TWO_HAZARDS_IN_3_MONTHS, day, findings=counted)
        for day, counted in windows
        if len(counted) >= 2
    ]


def _art_113_triggers(
    findings: Sequence[HazardFinding], penalties: Sequence[PenaltyDecision], on: date
) -> list[EscalationTrigger]:
    hazards = [f for f in findings if f.found_on <= on]
    decided = [p for p in penalties if p.decided_on <= on]
    anchors = sorted({f.found_on for f in hazards} | {p.decided_on for p in decided})
    triggers = []
    for clause, needed, days in PENALTY_WINDOWS:
        for day in anchors:
            start = day - timedelta(days=days)
            counted = [p for p in decided if start <= p.decided_on <= day]
            found = [f for f in hazards if start <= f.found_on <= day]
            if len(counted) >= needed and found:
                triggers.append(_trigger(clause, day, found, counted))
    return triggers


def escalation_triggers(
    findings: Sequence[HazardFinding],
    penalties: Sequence[PenaltyDecision],
    suspension_output_events: Sequence[SuspendedProduction],
    on: date,
) -> list[EscalationTrigger]:
    """Every R16 reason to request closure among events dated on or before `on`.

    Each window ends on the date D of an event it counts, includes D, and yields one
    trigger per such D. Art 113: the window starts on D − 180 (or D − 365) days, so
    decisions 180 days apart count together and 181 days apart do not; the major
    hazard must be found inside the same window. Art 70: a producing finding dated F
    counts when D ≤ F + 3 calendar months, clamped to the month's end (2025-11-30 +
    3 months = 2026-02-28). Findings not made while producing count only for Art 113.
    """
    production = [e for e in suspension_output_events if e.produced_on <= on]
    triggers = _art_70_triggers(findings, on) + _art_113_triggers(
        findings, penalties, on
    )
    triggers += [
        _trigger(PRODUCTION_WHILE_SUSPENDED, e.produced_on, production=[e])
        for e in production
    ]
    return sorted(triggers, key=lambda t: (t.anchored_on, t.clause))


# --- R18: bar on capacity changes ----------------------------------------------------


@dataclass(frozen=True)
class BarDecision:
    """Whether R18 bars a capacity change on a day, and which penalties it counted."""

    rule: str
    version: int
    on: date
    window_from: date
    barred: bool
    penalty_ids: tuple[str, ...]
    explanation: str

    def raise_if_barred(self) -> None:
        """Refuses a capacity increase or decrease when the mine is barred."""
        if self.barred:
            raise RuleRefusedError(
                "R18", self.explanation, on=self.on, penalty_ids=self.penalty_ids
            )


def capacity_change_bar(
    penalties: Sequence[PenaltyDecision], on: date, config: RulesConfig
) -> BarDecision:
    """R18: barred by enough over-capacity penalty decisions dated in the window.

    The window runs from `on` − 365 days to `on`, both included (configurable): two
    decisions 365 days apart count together, 366 days apart do not.
    """
    window_from = on - timedelta(days=config.capacity_bar_window_days)
    counted = sorted(
        (p for p in penalties if window_from <= p.decided_on <= on),
        key=lambda p: (p.decided_on, p.id),
    )
    needed = config.capacity_bar_min_penalties
    barred = len(counted) >= needed
    verdict_zh, verdict_en = "可以启动核增核减", "a capacity change is allowed"
    if barred:
        verdict_zh, verdict_en = "不得启动核增核减", "a capacity change is barred"
    listed = "; ".join(
        f"{p.id} ({p.decided_on}, {p.agency}, case {p.case_id}, {p.fine_yuan:,} yuan)"
        for p in counted
    )
    return BarDecision(
        rule="R18",
        version=current_version("R18").version,
        on=on,
        window_from=window_from,
        barred=barred,
        penalty_ids=tuple(p.id for p in counted),
        explanation=f"{verdict_zh}：{window_from} 至 {on} 超能力生产处罚决定 "
        f"{len(counted)} 份（达 {needed} 份即限制） / {verdict_en}: {len(counted)} "
        f"over-capacity penalty decisions from {window_from} to {on} (bar at "
        f"{needed}); 计入 / counted: {listed or '无 none'}",
    )


# --- R20: informant reward -----------------------------------------------------------


@dataclass(frozen=True)
class RewardDecision:
    """An informant reward in whole yuan, with the rate and any limit applied."""

    rule: str
    version: int
    fine_yuan: int
    rate: Fraction
    exact_reward: Fraction
    amount_yuan: int
    limit_applied: str | None
    explanation: str


def informant_reward(
    fine_yuan: int, second_tier: bool, config: RulesConfig
) -> RewardDecision:
    """R20: the fine × rate rounded half up to whole yuan, then held to min and max."""
    fine = _whole_yuan("fine_yuan", fine_yuan)
    if fine <= 0:
        raise InvalidInputError("fine_yuan", f"no fine to reward from: {fine}")
    rate = config.reward_rate_second_tier if second_tier else config.reward_rate
    exact_reward = fine * rate
    # The limits are whole yuan, so limiting before or after rounding gives one amount.
    rounded = math.floor(exact_reward + Fraction(1, 2))
    amount = min(max(rounded, config.reward_min_yuan), config.reward_max_yuan)
    limit: str | None = None
    limit_text = ""
    if exact_reward < config.reward_min_yuan:
        limit, limit_text = "minimum", f"，按下限 / raised to the minimum {amount:,}"
    elif exact_reward > config.reward_max_yuan:
        limit, limit_text = "maximum", f"，按上限 / held to the maximum {amount:,}"
    return RewardDecision(
        rule="R20",
        version=current_version("R20").version,
        fine_yuan=fine,
        rate=rate,
        exact_reward=exact_reward,
        amount_yuan=amount,
        limit_applied=limit,
        explanation=f"举报奖励 {amount:,} 元 / informant reward of {amount:,} yuan: "
        f"{_decimal(rate * 100)}% × {fine:,} = {_decimal(exact_reward)}{limit_text}",
    )
