"""The Mine aggregate: one event stream per registered mine."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.capacity_changes import MineCapacityChanges
from domain.cases import MineCases
from domain.errors import InvalidInputError, OutputAlreadyReportedError
from domain.mine_conditions import MineConditions
from domain.mine_sharing import MineSharing
from domain.periods import Month
from domain.rules.base import NONE, Finding
from domain.rules.capacity import (
    CapacityRecord,
    Plan,
    capacity_in_force,
    check_month,
    check_plans,
    check_year,
)
from domain.rules.config import RulesConfig

MINE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:mine")
AGENCIES = ("emergency", "energy", "inspectorate")
MINING_TYPES = ("underground", "surface", "underground_and_surface", "")
GAS_CLASSES = ("low", "high", "outburst", "")
STATUSES = (
    "operating",
    "mothballed",
    "proposed",
    "shelved",
    "permitted",
    "announced",
    "pre_permit",
    "suspended",
    "closed",
    "cancelled",
    "retired",
)
CAPACITY_KINDS = ("approved", "design")
PLAN_SETTERS = ("mine", "parent")
# No mine on earth produces this much raw coal in one month: a unit slip, not a report.
MONTH_CEILING = 10_000_000


def mine_id(key: str) -> UUID:
    """The stream id of a mine, derived from its registry key."""
    return uuid5(MINE_NAMESPACE, key.strip().upper())


def _choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInputError(field, f"{value!r} is not one of {allowed}")
    return value


# A hundred times China's largest mine: anything above is a typo, and would not fit
# the read models' integer columns.
MAX_TONNES = 1_000_000_000


def _tonnes(field: str, value: Any, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(field, f"{value!r} is not a whole number of tonnes")
    if value < 0 or (positive and value == 0):
        which = "positive" if positive else "zero or more"
        raise InvalidInputError(field, f"{value:,} t: must be {which}")
    if value > MAX_TONNES:
        raise InvalidInputError(field, f"{value:,} t: must be at most {MAX_TONNES:,}")
    return value


class Mine(MineSharing, MineConditions, MineCapacityChanges, MineCases):
    """A coal mine with its registry entry, capacities, plans, outputs and findings."""

    class Registered(Aggregate.Created):
        key: str
        name_zh: str
        name_en: str
        county_zh: str
        county_en: str
        prefecture: str
        province: str
        owner: str
        parent_company: str
        mining_type: str
        gas_class: str
        status: str
        source: str
        on: date

    class CapacityApproved(Aggregate.Event):
        kind: str
        tonnes: int
        effective: date
        document: str
        on: date

    class StatusChanged(Aggregate.Event):
        status: str
        reason: str
        on: date

    class PlanFiled(Aggregate.Event):
        scope: str
        period: str
        tonnes: int
        set_by: str
        on: date

    class OutputReported(Aggregate.Event):
        period: str
        tonnes: int
        agency: str
        source: str
        on: date

    class OutputCorrected(Aggregate.Event):
        period: str
        tonnes: int
        previous: int
        agency: str
        reason: str
        on: date

    class FindingRecorded(Aggregate.Event):
        finding_id: str
        rule: str
        version: int
        subject: str
        outcome: str
        inputs: dict[str, Any]
        threshold: str
        explanation: str
        cause: str
        supersedes: str | None
        on: date

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return mine_id(key)

    @classmethod
    def register(
        cls,
        *,
        key: str,
        name_zh: str,
        name_en: str,
        on: date,
        county_zh: str = "",
        county_en: str = "",
        prefecture: str = "",
        province: str = "",
        owner: str = "",
        parent_company: str = "",
        mining_type: str = "underground",
        gas_class: str = "",
        status: str = "operating",
        source: str = "",
    ) -> Mine:
        """Registers a mine under its registry key."""
        if not key.strip():
            raise InvalidInputError("key", "a mine needs a registry key")
        if not (name_zh.strip() or name_en.strip()):
            raise InvalidInputError("name", "a mine needs a Chinese or English name")
        return cls(
            key=key.strip().upper(),
            name_zh=name_zh.strip(),
            name_en=name_en.strip(),
            county_zh=county_zh,
            county_en=county_en,
            prefecture=prefecture,
            province=province,
            owner=owner,
            parent_company=parent_company,
            mining_type=_choice("mining_type", mining_type, MINING_TYPES),
            gas_class=_choice("gas_class", gas_class, GAS_CLASSES),
            status=_choice("status", status, STATUSES),
            source=source,
            on=on,
        )

    @event(Registered)
    def __init__(
        self,
        key: str,
        name_zh: str,
        name_en: str,
        county_zh: str,
        county_en: str,
        prefecture: str,
        province: str,
        owner: str,
        parent_company: str,
        mining_type: str,
        gas_class: str,
        status: str,
        source: str,
        on: date,
    ) -> None:
        self.key = key
        self.name_zh = name_zh
        self.name_en = name_en
        self.county_zh = county_zh
        self.county_en = county_en
        self.prefecture = prefecture
        self.province = province
        self.owner = owner
        self.parent_company = parent_company
        self.mining_type = mining_type
        self.gas_class = gas_class
        self.status = status
        self.status_since = on
        self.source = source
        self.registered_on = on
        self.capacities: list[dict[str, Any]] = []
        self.plans: list[dict[str, Any]] = []
        self.outputs: dict[str, int] = {}
        self.output_details: dict[str, dict[str, Any]] = {}
        self.findings: list[dict[str, Any]] = []
        self.latest_findings: dict[str, int] = {}
        self.key_supervision_since: date | None = None
        self._start_conditions()
        self._start_capacity_changes()
        self._start_cases()

    # Decisions: validate, compute, then call the event method that only assigns.

    def approve_capacity(
        self,
        *,
        kind: str,
        tonnes: int,
        effective: date,
        document: str,
        on: date,
        config: RulesConfig,
    ) -> None:
        """Records a capacity in force from a date and re-runs the affected years."""
        _choice("kind", kind, CAPACITY_KINDS)
        _tonnes("tonnes", tonnes, positive=True)
        self._approve_capacity(
            kind=kind, tonnes=tonnes, effective=effective, document=document, on=on
        )
        years = {int(p[:4]) for p in self.outputs if int(p[:4]) >= effective.year}
        months = [Month.parse(p) for p in self.outputs if p >= str(Month.of(effective))]
        cause = f"capacity {kind} {tonnes} t/a from {effective.isoformat()}"
        self._evaluate(months, years, config, cause, on, restate=True)

    @event(CapacityApproved)
    def _approve_capacity(
        self, kind: str, tonnes: int, effective: date, document: str, on: date
    ) -> None:
        self.capacities.append(
            {
                "kind": kind,
                "tonnes": tonnes,
                "effective": effective,
                "document": document,
            }
        )

    def change_status(self, *, status: str, reason: str, on: date) -> None:
        """Records a change of status (operating, mothballed, closed, ...)."""
        _choice("status", status, STATUSES)
        if status != self.status:
            self._change_status(status=status, reason=reason, on=on)

    @event(StatusChanged)
    def _change_status(self, status: str, reason: str, on: date) -> None:
        self.status = status
        self.status_since = on

    def file_plan(
        self,
        *,
        scope: str,
        period: str,
        tonnes: int,
        set_by: str,
        on: date,
        config: RulesConfig,
    ) -> None:
        """Files a production plan or target and checks it against capacity (R4)."""
        _choice("scope", scope, ("year", "month"))
        _choice("set_by", set_by, PLAN_SETTERS)
        _tonnes("tonnes", tonnes)
        if scope == "year":
            if not (period.isdigit() and len(period) == 4):
                raise InvalidInputError("period", f"{period!r} is not a year YYYY")
            year = int(period)
        else:
            year = Month.parse(period).year
        self._file_plan(scope=scope, period=period, tonnes=tonnes, set_by=set_by, on=on)
        found = check_plans(self.capacity_records(), self.plan_records(), year)
        self._record_findings(found, f"plan {scope} {period} by {set_by}", on)

    @event(PlanFiled)
    def _file_plan(
        self, scope: str, period: str, tonnes: int, set_by: str, on: date
    ) -> None:
        self.plans.append(
            {"scope": scope, "period": period, "tonnes": tonnes, "set_by": set_by}
        )

    def report_output(
        self,
        *,
        period: str,
        tonnes: int,
        agency: str,
        on: date,
        config: RulesConfig,
        source: str = "",
    ) -> bool:
        """Records a month's raw-coal output and runs the rules; False if already so."""
        month = self._check_output(period, tonnes, agency, on, config)
        if str(month) in self.outputs:
            if self.outputs[str(month)] == tonnes:
                return False
            raise OutputAlreadyReportedError(
                self.key, str(month), self.outputs[str(month)], tonnes
            )
        self._report_output(
            period=str(month), tonnes=tonnes, agency=agency, source=source, on=on
        )
        cause = f"output {month} {tonnes} t"
        self._evaluate([month], {month.year}, config, cause, on, restate=False)
        self._flag_suspended_output(str(month), tonnes, on)
        return True

    @event(OutputReported)
    def _report_output(
        self, period: str, tonnes: int, agency: str, source: str, on: date
    ) -> None:
        self.outputs[period] = tonnes
        self.output_details[period] = {
            "agency": agency,
            "on": on,
            "source": source,
            "corrections": 0,
        }

    def correct_output(
        self,
        *,
        period: str,
        tonnes: int,
        agency: str,
        reason: str,
        on: date,
        config: RulesConfig,
    ) -> bool:
        """Supersedes a month's figure and re-runs its month and year; False if same."""
        month = self._check_output(period, tonnes, agency, on, config)
        if str(month) not in self.outputs:
            raise InvalidInputError(
                "period", f"{month} has no figure to correct for mine {self.key}"
            )
        if not reason.strip():
            raise InvalidInputError("reason", "a correction must say why")
        previous = self.outputs[str(month)]
        if previous == tonnes:
            return False
        self._correct_output(
            period=str(month),
            tonnes=tonnes,
            previous=previous,
            agency=agency,
            reason=reason,
            on=on,
        )
        cause = f"correction {month} {previous} t -> {tonnes} t"
        self._evaluate([month], {month.year}, config, cause, on, restate=True)
        return True

    @event(OutputCorrected)
    def _correct_output(
        self,
        period: str,
        tonnes: int,
        previous: int,
        agency: str,
        reason: str,
        on: date,
    ) -> None:
        self.outputs[period] = tonnes
        detail = self.output_details[period]
        detail["corrections"] = detail["corrections"] + 1
        detail["agency"] = agency
        detail["on"] = on

    @event(FindingRecorded)
    def _record_finding(
        self,
        finding_id: str,
        rule: str,
        version: int,
        subject: str,
        outcome: str,
        inputs: dict[str, Any],
        threshold: str,
        explanation: str,
        cause: str,
        supersedes: str | None,
        on: date,
    ) -> None:
        self.latest_findings[f"{rule}|{subject}"] = len(self.findings)
        self.findings.append(
            {
                "finding_id": finding_id,
                "rule": rule,
                "version": version,
                "subject": subject,
                "outcome": outcome,
                "inputs": inputs,
                "threshold": threshold,
                "explanation": explanation,
                "cause": cause,
                "supersedes": supersedes,
                "on": on,
            }
        )
        if rule == "R17" and outcome != NONE and self.key_supervision_since is None:
            self.key_supervision_since = on

    # Queries the commands and the views share.

    def capacity_records(self) -> list[CapacityRecord]:
        return [
            CapacityRecord(c["kind"], c["tonnes"], c["effective"])
            for c in self.capacities
        ]

    def plan_records(self) -> list[Plan]:
        return [
            Plan(p["scope"], p["period"], p["tonnes"], p["set_by"]) for p in self.plans
        ]

    def capacity_on(self, day: date) -> int | None:
        """The capacity in force on a day (approved before design)."""
        return capacity_in_force(self.capacity_records(), day)

    def current_findings(self) -> list[dict[str, Any]]:
        """The latest finding for each rule and subject whose outcome is not none."""
        latest = [self.findings[i] for i in self.latest_findings.values()]
        return [f for f in latest if f["outcome"] != NONE]

    def year_output(self, year: int) -> int:
        return sum(t for p, t in self.outputs.items() if p.startswith(f"{year:04d}-"))

    def _check_output(
        self, period: str, tonnes: int, agency: str, on: date, config: RulesConfig
    ) -> Month:
        month = Month.parse(period)
        _tonnes("tonnes", tonnes)
        _choice("agency", agency, AGENCIES)
        # A month's output is known once the month is over, not before.
        if month.last_day >= on:
            raise InvalidInputError(
                "period",
                f"{month} has not ended by the report date {on.isoformat()}",
            )
        capacity = self.capacity_on(month.first_day)
        ceiling = MONTH_CEILING
        if capacity:
            ceiling = min(ceiling, int(capacity * config.absurd_month_share))
        if tonnes > ceiling:
            raise InvalidInputError(
                "tonnes",
                f"{tonnes:,} t in one month is absurd for mine {self.key} "
                f"(more than {ceiling:,} t)",
            )
        return month

    def _evaluate(
        self,
        months: list[Month],
        years: set[int],
        config: RulesConfig,
        cause: str,
        on: date,
        *,
        restate: bool,
    ) -> None:
        records = self.capacity_records()
        found: list[Finding] = []
        for month in sorted(months):
            finding = check_month(records, self.outputs, month)
            if finding is not None:
                found.append(finding)
        for year in sorted(years):
            found.extend(check_year(records, self.outputs, year, config))
        self._record_findings(found, cause, on, restate=restate)

    def _record_findings(
        self, found: list[Finding], cause: str, on: date, *, restate: bool = False
    ) -> list[str]:
        """Records each finding whose outcome changed; restated ones on corrections."""
        recorded = []
        for finding in found:
            index = self.latest_findings.get(f"{finding.rule}|{finding.subject}")
            previous = None if index is None else self.findings[index]
            before = NONE if previous is None else previous["outcome"]
            changed = finding.outcome != before
            restated = (
                restate
                and finding.outcome != NONE
                and previous is not None
                and previous["inputs"] != finding.inputs
            )
            if not (changed or restated):
                continue
            finding_id = f"F{len(self.findings) + 1:04d}"
            self._record_finding(
                finding_id=finding_id,
                supersedes=None if previous is None else previous["finding_id"],
                cause=cause,
                on=on,
                **finding.as_event_data(),
            )
            recorded.append(finding_id)
        self._open_cases_for(recorded, on)
        return recorded
