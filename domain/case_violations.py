"""Cases on a mine, findings on site: a violation confirmed, a report unfounded, and
the follow-up recheck (回头看, R21) that may find the violation continuing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import checked_actor
from domain.case_facts import day, state_name, text, texts, whole
from domain.case_intake import CaseIntake
from domain.errors import InvalidInputError
from domain.periods import Month
from domain.rules.base import exact
from domain.rules.capacity import (
    CapacityRecord,
    annual_limit,
    capacity_in_force,
    monthly_capacities,
)
from domain.rules.config import RulesConfig
from domain.rules.penalties import annual_excess, monthly_excess


def _period_end(period: str) -> date | None:
    if period.isdigit() and len(period) == 4:
        return date(int(period), 12, 31)
    try:
        return Month.parse(period).last_day
    except InvalidInputError:
        return None


def _excess_and_capacity(
    rule: str,
    period: str,
    violation_date: date,
    records: list[CapacityRecord],
    outputs: Mapping[str, int],
    config: RulesConfig,
) -> tuple[Fraction | None, Fraction | None]:
    """The R14 default excess and the capacity it is measured against."""
    if rule == "R1" and period.isdigit() and len(period) == 4:
        # The time-weighted annual limit is C whenever capacity changed in the year.
        limit = annual_limit(monthly_capacities(records, int(period)))
        output = sum(t for p, t in outputs.items() if p.startswith(f"{period}-"))
        return annual_excess(limit, output, config), limit
    if rule == "R2" and period in outputs:
        month = Month.parse(period)
        capacity = capacity_in_force(records, month.first_day)
        if capacity:
            return monthly_excess(capacity, outputs[period], config), Fraction(capacity)
    capacity = capacity_in_force(records, violation_date)
    return None, None if capacity is None else Fraction(capacity)


class CaseViolations(CaseIntake):
    """Violations confirmed on site or at the recheck, and reports found unfounded."""

    # Mine's ledger, which the R14 default excess is measured on.
    outputs: dict[str, int]
    capacity_records: Callable[[], list[CapacityRecord]]

    class ViolationConfirmed(Aggregate.Event):
        case_id: str
        state: str
        violation_id: str
        rule: str
        period: str
        violation_date: date
        excess_tonnes: str
        capacity: str
        evidence: list[str]
        counts_as_hazard: bool
        source: str
        actor: dict[str, str]
        on: date

    class ReportFoundUnfounded(Aggregate.Event):
        case_id: str
        state: str
        reasons: list[str]
        actor: dict[str, str]
        on: date

    class RecheckDone(Aggregate.Event):
        case_id: str
        state: str
        violation_continues: bool
        findings: list[str]
        actor: dict[str, str]
        on: date

    def violation(self, case: Mapping[str, Any], violation_id: str) -> dict[str, Any]:
        """One violation of a case by its id."""
        for violation in case["violations"]:
            if violation["violation_id"] == violation_id:
                return violation
        raise InvalidInputError(
            "violation_id", f"{violation_id!r} is not a violation of {case['case_id']}"
        )

    def confirm_violation(
        self,
        case_id: str,
        *,
        state: str,
        rule: str,
        period: str,
        evidence: Any,
        actor: Mapping[str, str],
        on: date,
        config: RulesConfig,
        violation_date: date | None = None,
        excess_tonnes: int | None = None,
    ) -> str:
        """Confirms a violation: rule, period, excess tonnes and evidence; its id."""
        return self._new_violation(
            self.case(case_id),
            state=state_name(state),
            rule=text("rule", rule),
            period=text("period", period),
            evidence=texts("evidence", evidence, required=True),
            who=checked_actor(actor),
            on=on,
            config=config,
            violation_date=violation_date,
            excess_tonnes=excess_tonnes,
            source="inspection",
        )

    def _new_violation(
        self,
        case: dict[str, Any],
        *,
        state: str,
        rule: str,
        period: str,
        evidence: list[str],
        who: dict[str, str],
        on: date,
        config: RulesConfig,
        violation_date: date | None,
        excess_tonnes: int | None,
        source: str,
    ) -> str:
        when = violation_date or min(_period_end(period) or on, on)
        if day("violation_date", when) > on:
            raise InvalidInputError("violation_date", f"{when} is after {on}")
        excess, capacity = _excess_and_capacity(
            rule, period, when, self.capacity_records(), self.outputs, config
        )
        if excess_tonnes is not None:
            excess = Fraction(whole("excess_tonnes", excess_tonnes, minimum=1))
        # The finding that opened a case is its first violation: count it once.
        first_of_finding = source == "inspection" and bool(case["finding_ids"])
        counts = not (first_of_finding and not case["violations"])
        violation_id = f"{case['case_id']}-V{len(case['violations']) + 1}"
        self._confirm_violation(
            case_id=case["case_id"],
            state=state,
            violation_id=violation_id,
            rule=rule,
            period=period,
            violation_date=when,
            excess_tonnes="" if excess is None else exact(excess),
            capacity="" if capacity is None else exact(capacity),
            evidence=evidence,
            counts_as_hazard=counts,
            source=source,
            actor=who,
            on=on,
        )
        if counts:
            self._escalate_if_due(case["case_id"], [violation_id], on)
        return violation_id

    @event(ViolationConfirmed)
    def _confirm_violation(
        self,
        case_id: str,
        state: str,
        violation_id: str,
        rule: str,
        period: str,
        violation_date: date,
        excess_tonnes: str,
        capacity: str,
        evidence: list[str],
        counts_as_hazard: bool,
        source: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["violations"].append(
            {
                "violation_id": violation_id,
                "rule": rule,
                "period": period,
                "violation_date": violation_date,
                "excess_tonnes": excess_tonnes,
                "capacity": capacity,
                "evidence": evidence,
                "counts_as_hazard": counts_as_hazard,
                "source": source,
                "actor": dict(actor),
                "on": on,
            }
        )
        self._log(case_id, "violation_confirmed", actor, on, violation_id=violation_id)

    def find_unfounded(
        self,
        case_id: str,
        *,
        state: str,
        reasons: Any,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records that the inspection found the report unfounded, and why."""
        case = self.case(case_id)
        self._find_unfounded(
            case_id=case["case_id"],
            state=state_name(state),
            reasons=texts("reasons", reasons, required=True),
            actor=checked_actor(actor),
            on=on,
        )

    @event(ReportFoundUnfounded)
    def _find_unfounded(
        self,
        case_id: str,
        state: str,
        reasons: list[str],
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["unfounded"] = {"reasons": reasons, "actor": dict(actor), "on": on}
        self._log(case_id, "found_unfounded", actor, on)

    def record_recheck(
        self,
        case_id: str,
        *,
        state: str,
        violation_continues: bool,
        findings: Any,
        actor: Mapping[str, str],
        on: date,
        config: RulesConfig,
        violation: Mapping[str, Any] | None = None,
    ) -> str | None:
        """Records the recheck (R21); a continuing violation is a new violation."""
        case, who = self.case(case_id), checked_actor(actor)
        if bool(violation_continues) != (violation is not None):
            raise InvalidInputError(
                "violation",
                "a continuing violation, and only it, describes the new one",
            )
        self._record_recheck(
            case_id=case["case_id"],
            state=state_name(state),
            violation_continues=bool(violation_continues),
            findings=texts("findings", findings, required=True),
            actor=who,
            on=on,
        )
        if violation is None:
            return None
        return self._new_violation(
            case,
            state=state,
            rule=text("rule", violation.get("rule")),
            period=text("period", violation.get("period")),
            evidence=texts("evidence", violation.get("evidence"), required=True),
            who=who,
            on=on,
            config=config,
            violation_date=violation.get("violation_date"),
            excess_tonnes=violation.get("excess_tonnes"),
            source="recheck",
        )

    @event(RecheckDone)
    def _record_recheck(
        self,
        case_id: str,
        state: str,
        violation_continues: bool,
        findings: list[str],
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["rechecks"].append(
            {
                "violation_continues": violation_continues,
                "findings": findings,
                "actor": dict(actor),
                "on": on,
            }
        )
        self._log(case_id, "rechecked", actor, on, continues=violation_continues)
