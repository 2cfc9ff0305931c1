"""Deadlines of a case (R15, the recheck) and the end of a suspension (R14).

A deadline is met when the act is done on or before its due day: periods start the day
after the event (Civil Code Art 201), so "within 20 days" of 1 March is due 21 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.calendar import (
    WorkdayCalendar,
    add_calendar_days,
    add_working_days,
    uncovered_days,
)
from domain.errors import InvalidInputError
from domain.rules.base import RuleVersion
from domain.rules.config import RulesConfig
from domain.rules.penalties import XINZHOU_NOTICE, current_version

RESUMPTION_ACCEPTANCE = "resumption_acceptance"
ANNOUNCE_SUSPENSION_ORDER = "announce_suspension_order"
ANNOUNCE_CLOSURE_ORDER = "announce_closure_order"
ANNOUNCE_RESUMPTION = "announce_resumption"
RECHECK = "recheck"
SUSPENSION_END = "suspension_end"
ANNOUNCED_ACTS = {
    ANNOUNCE_SUSPENSION_ORDER: ("停产整顿指令", "suspension order"),
    ANNOUNCE_CLOSURE_ORDER: ("关闭指令", "closure order"),
    ANNOUNCE_RESUMPTION: ("复产", "resumption"),
}
# R21 belongs to the case life cycle; its recheck deadline is computed here.
RECHECK_RULE = RuleVersion(
    rule="R21",
    version=1,
    effective_from=date(2021, 1, 1),
    title="回头看 / follow-up recheck",
    basis=XINZHOU_NOTICE,
)

DUE, OVERDUE, MET, LATE = "due", "overdue", "met", "late"


@dataclass(frozen=True)
class Deadline:
    """When something must be done by, why, and whether a fallback calendar was used."""

    kind: str
    rule: str
    version: int
    starts_after: date
    due: date
    basis_zh: str
    basis_en: str
    fallback_calendar: bool = False

    @property
    def basis(self) -> str:
        """The explanation for people: Chinese first, English beside."""
        return f"{self.basis_zh} / {self.basis_en}"


def resumption_acceptance_deadline(applied_on: date, config: RulesConfig) -> Deadline:
    """R15: acceptance must finish within N calendar days (20) of the application."""
    days = config.resumption_acceptance_days
    due = add_calendar_days(applied_on, days)
    return Deadline(
        kind=RESUMPTION_ACCEPTANCE,
        rule="R15",
        version=current_version("R15").version,
        starts_after=applied_on,
        due=due,
        basis_zh=f"复产申请于 {applied_on} 提出，{days} 个自然日内完成验收，截止 {due}",
        basis_en=f"resumption applied for on {applied_on}; acceptance within {days} "
        f"calendar days, due {due}",
    )


def announcement_deadline(
    kind: str, decided_on: date, calendar: WorkdayCalendar, config: RulesConfig
) -> Deadline:
    """R15: a suspension, closure or resumption is announced within N working days."""
    if kind not in ANNOUNCED_ACTS:
        raise InvalidInputError("kind", f"{kind!r} is not announced under R15")
    act_zh, act_en = ANNOUNCED_ACTS[kind]
    days = config.announcement_working_days
    due = add_working_days(decided_on, days, calendar)
    years = sorted({day.year for day in uncovered_days(decided_on, due, calendar)})
    listed_zh, listed_en = "、".join(map(str, years)), ", ".join(map(str, years))
    fallback_zh = f"；{listed_zh} 年官方节假日安排未知，仅按周末推算" if years else ""
    fallback_en = f"; {listed_en} holidays unknown, weekends only" if years else ""
    return Deadline(
        kind=kind,
        rule="R15",
        version=current_version("R15").version,
        starts_after=decided_on,
        due=due,
        basis_zh=f"{act_zh}于 {decided_on} 作出，{days} 个工作日内公告（含法定节假日"
        f"及调休上班日），截止 {due}{fallback_zh}",
        basis_en=f"{act_en} made on {decided_on}; announce within {days} working "
        f"days (public holidays and make-up working days count), due {due}"
        f"{fallback_en}",
        fallback_calendar=bool(years),
    )


def recheck_deadline(accepted_on: date, config: RulesConfig) -> Deadline:
    """The follow-up recheck is due N calendar days (30) after resumption acceptance."""
    days = config.recheck_due_days
    due = add_calendar_days(accepted_on, days)
    return Deadline(
        kind=RECHECK,
        rule=RECHECK_RULE.rule,
        version=RECHECK_RULE.version,
        starts_after=accepted_on,
        due=due,
        basis_zh=f"复产验收于 {accepted_on} 通过，{days} 个自然日内完成回头看，"
        f"截止 {due}",
        basis_en=f"resumption accepted on {accepted_on}; follow-up recheck within "
        f"{days} calendar days, due {due}",
    )


def suspension_end(starts_on: date, days: int) -> Deadline:
    """The last day of a suspension of `days` days counted from after `starts_on`."""
    due = add_calendar_days(starts_on, days)
    return Deadline(
        kind=SUSPENSION_END,
        rule="R14",
        version=current_version("R14").version,
        starts_after=starts_on,
        due=due,
        basis_zh=f"停产整顿 {days} 天，自 {starts_on} 次日起算，至 {due} 止",
        basis_en=f"suspension of {days} days counted from the day after {starts_on}, "
        f"ending on {due}",
    )


def status_as_of(deadline: Deadline, done_on: date | None, as_of: date) -> str:
    """'met' or 'late' once done by `as_of`; otherwise 'due' or 'overdue'."""
    # An act dated after `as_of` had not happened yet on that day (time travel).
    if done_on is not None and done_on <= as_of:
        return MET if done_on <= deadline.due else LATE
    return DUE if as_of <= deadline.due else OVERDUE
