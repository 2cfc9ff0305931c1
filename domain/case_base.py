"""A mine's book of cases: the case records, escalation and the government's decision.

The case modules form one line of bases under Mine (CaseBook, CaseIntake,
CaseSanctions, MineCases) so that each stays small; every event is nested in the
class that applies it. Cases are plain dicts so that snapshots stay `vars(mine)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_facts import (
    AGENCIES,
    CLOSED,
    GOVERNMENT,
    GOVERNMENT_OUTCOMES,
    SYSTEM_ACTOR,
    actor,
    text,
)
from domain.errors import CaseNotFoundError, InvalidInputError
from domain.rules.base import MAJOR_HAZARD
from domain.rules.penalties import (
    EscalationTrigger,
    HazardFinding,
    PenaltyDecision,
    escalation_triggers,
)

# Plans above capacity (R4) are a hazard, but no coal was produced because of them.
NOT_PRODUCING_RULES = frozenset({"R4"})


def _once(clause: str, production_ids: Sequence[str]) -> str:
    # A case goes up once per clause, but once per month produced while suspended.
    return f"{clause}:{','.join(production_ids)}"


def checked_actor(
    who: Mapping[str, str], *, also: tuple[str, ...] = ()
) -> dict[str, str]:
    """An actor given to a public step: an officer of the three agencies, or `also`."""
    return actor(who.get("officer", ""), who.get("agency", ""), allowed=AGENCIES + also)


class CaseBook(Aggregate):
    """The cases of one mine, and their escalation to the municipal government."""

    # Mine's own state, which the case steps read.
    key: str
    findings: list[dict[str, Any]]

    class CaseEscalated(Aggregate.Event):
        case_id: str
        escalation_id: str
        rule: str
        version: int
        clause: str
        anchored_on: date | None
        finding_ids: list[str]
        penalty_ids: list[str]
        production_ids: list[str]
        reason: str
        actor: dict[str, str]
        on: date

    class GovernmentDecided(Aggregate.Event):
        case_id: str
        escalation_id: str
        outcome: str
        decision: str
        document: str
        actor: dict[str, str]
        on: date

    def _start_cases(self) -> None:
        self.cases: dict[str, dict[str, Any]] = {}
        self.cased_findings: dict[str, str] = {}

    def case(self, case_id: str) -> dict[str, Any]:
        """One case of this mine by its id."""
        found = self.cases.get(case_id.strip().upper())
        if found is None:
            raise CaseNotFoundError(case_id)
        return found

    def _log(
        self, case_id: str, step: str, who: Mapping[str, str], on: date, **facts: Any
    ) -> None:
        # Called only from event bodies: the history is part of the applied state.
        case = self.cases[case_id]
        entry = {"step": step, "state": case["state"], "actor": dict(who), "on": on}
        case["history"].append({**entry, **facts})

    def escalate(
        self, case_id: str, *, reason: str, actor: Mapping[str, str], on: date
    ) -> str:
        """An officer refers a case to the municipal government, saying why."""
        case = self.case(case_id)
        escalation_id = f"{case['case_id']}-E{len(case['escalations']) + 1}"
        self._escalate(
            case_id=case["case_id"],
            escalation_id=escalation_id,
            rule="",
            version=0,
            clause="manual",
            anchored_on=None,
            finding_ids=[],
            penalty_ids=[],
            production_ids=[],
            reason=text("reason", reason),
            actor=checked_actor(actor),
            on=on,
        )
        return escalation_id

    def record_government_decision(
        self,
        case_id: str,
        *,
        outcome: str,
        decision: str,
        document: str,
        actor: Mapping[str, str],
        on: date,
        escalation_id: str | None = None,
    ) -> str:
        """Records the government's decision (审定决策) on a pending escalation."""
        case = self.case(case_id)
        pending = [e["escalation_id"] for e in case["escalations"] if not e["decision"]]
        chosen = escalation_id or (pending[0] if pending else "")
        if chosen not in pending:
            raise InvalidInputError(
                "escalation_id", f"{chosen!r} is not pending on case {case_id}"
            )
        if outcome not in GOVERNMENT_OUTCOMES:
            raise InvalidInputError(
                "outcome", f"{outcome!r} is not one of {GOVERNMENT_OUTCOMES}"
            )
        self._decide_escalation(
            case_id=case["case_id"],
            escalation_id=chosen,
            outcome=outcome,
            decision=text("decision", decision),
            document=text("document", document, required=False),
            actor=checked_actor(actor, also=(GOVERNMENT,)),
            on=on,
        )
        return chosen

    @event(CaseEscalated)
    def _escalate(
        self,
        case_id: str,
        escalation_id: str,
        rule: str,
        version: int,
        clause: str,
        anchored_on: date | None,
        finding_ids: list[str],
        penalty_ids: list[str],
        production_ids: list[str],
        reason: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        self.cases[case_id]["escalations"].append(
            {
                "escalation_id": escalation_id,
                "rule": rule,
                "version": version,
                "clause": clause,
                "anchored_on": anchored_on,
                "finding_ids": list(finding_ids),
                "penalty_ids": list(penalty_ids),
                "production_ids": list(production_ids),
                "reason": reason,
                "actor": dict(actor),
                "on": on,
                "decision": None,
            }
        )
        self._log(case_id, "escalated", actor, on, escalation_id=escalation_id)

    @event(GovernmentDecided)
    def _decide_escalation(
        self,
        case_id: str,
        escalation_id: str,
        outcome: str,
        decision: str,
        document: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        for escalation in self.cases[case_id]["escalations"]:
            if escalation["escalation_id"] == escalation_id:
                escalation["decision"] = {
                    "outcome": outcome,
                    "decision": decision,
                    "document": document,
                    "actor": dict(actor),
                    "on": on,
                }
        self._log(case_id, "government_decided", actor, on, escalation_id=escalation_id)

    # R16: escalation the rules decide on their own.

    def hazards(self) -> list[HazardFinding]:
        """Distinct major hazards: findings that are no restatement, and violations."""
        by_id = {f["finding_id"]: f for f in self.findings}
        found = [
            HazardFinding(
                f["finding_id"], f["on"], f["rule"] not in NOT_PRODUCING_RULES
            )
            for f in self.findings
            if f["outcome"] == MAJOR_HAZARD
            and by_id.get(f["supersedes"] or "", {}).get("outcome") != MAJOR_HAZARD
        ]
        return found + [
            HazardFinding(v["violation_id"], v["on"])
            for case in self.cases.values()
            for v in case["violations"]
            if v["counts_as_hazard"]
        ]

    def penalty_decisions(self) -> list[PenaltyDecision]:
        """Every penalty decision on this mine's cases, as R13, R16 and R18 see it."""
        return [
            PenaltyDecision(
                id=p["decision_id"],
                decided_on=p["on"],
                agency=p["agency"],
                violation_id=p["violation_id"],
                case_id=case["case_id"],
                fine_yuan=p["company_fine"] + p["person_fine"],
            )
            for case in self.cases.values()
            for p in case["penalties"]
        ]

    def _escalate_if_due(
        self,
        case_id: str,
        new_ids: Sequence[str],
        on: date,
        triggers: Sequence[EscalationTrigger] | None = None,
    ) -> None:
        """Escalates a case for each R16 clause that a new event completes."""
        case = self.cases[case_id]
        if case["state"] == CLOSED:
            return
        if triggers is None:
            triggers = escalation_triggers(
                self.hazards(), self.penalty_decisions(), [], on
            )
        done = {_once(e["clause"], e["production_ids"]) for e in case["escalations"]}
        for trigger in triggers:
            counted = trigger.finding_ids + trigger.penalty_ids + trigger.production_ids
            once = _once(trigger.clause, trigger.production_ids)
            if once in done or not set(new_ids) & set(counted):
                continue
            done.add(once)
            self._escalate(
                case_id=case_id,
                escalation_id=f"{case_id}-E{len(case['escalations']) + 1}",
                rule=trigger.rule,
                version=trigger.version,
                clause=trigger.clause,
                anchored_on=trigger.anchored_on,
                finding_ids=list(trigger.finding_ids),
                penalty_ids=list(trigger.penalty_ids),
                production_ids=list(trigger.production_ids),
                reason=trigger.explanation,
                actor=dict(SYSTEM_ACTOR),
                on=on,
            )
