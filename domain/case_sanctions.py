"""Cases on a mine, sanctions: documents, penalties (R12-R14) and rewards (R20)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import checked_actor
from domain.case_facts import DOCUMENT_KINDS, state_name, text, whole
from domain.case_violations import CaseViolations
from domain.errors import InvalidInputError, RuleRefusedError
from domain.registers import DocumentNumber
from domain.rules.base import exact
from domain.rules.config import RulesConfig
from domain.rules.penalties import (
    check_fines,
    check_single_fine,
    informant_reward,
    penalty_law,
    suspension_days,
)


def _suspension(
    violation: Mapping[str, Any], days: int | None, config: RulesConfig
) -> tuple[int, str]:
    """R14 days from the violation's excess; an officer's days only without one."""
    excess = Fraction(violation["excess_tonnes"] or 0)
    capacity = Fraction(violation["capacity"] or 0)
    if excess > 0 and capacity > 0:
        length = suspension_days(capacity, excess, config)
        if days is not None and days != length.days:
            raise RuleRefusedError(
                "R14",
                f"停产整顿天数应为 {length.days} 天，不是 {days} 天 / suspension must "
                f"be {length.days} days, not {days}: {length.explanation}",
                violation_id=violation["violation_id"],
            )
        return length.days, length.explanation
    if days is None:
        raise InvalidInputError(
            "suspension_days",
            "违法行为没有超产吨数，须给出停产整顿天数 / the violation has no excess "
            "tonnes for R14: give the suspension days",
        )
    # Ten years: a longer suspension is a closure, and a typo would overflow dates.
    whole("suspension_days", days, minimum=1, maximum=3650)
    return days, f"停产整顿 {days} 天（执法人员确定）/ {days} days set by the officer"


class CaseSanctions(CaseViolations):
    """Numbered documents, penalty decisions, rewards, notification, announcement."""

    class EnforcementDocumentIssued(Aggregate.Event):
        case_id: str
        number: str
        number_zh: str
        agency: str
        year: int
        sequence: int
        kind: str
        title: str
        violation_id: str
        actor: dict[str, str]
        on: date

    class PenaltyDecided(Aggregate.Event):
        case_id: str
        state: str
        decision_id: str
        violation_id: str
        agency: str
        law_version: int
        law: str
        company_fine: int
        person_fine: int
        suspension_days: int
        suspension_basis: str
        explanation: str
        actor: dict[str, str]
        on: date

    class RewardRecorded(Aggregate.Event):
        case_id: str
        receipt: str
        decision_id: str
        fine_yuan: int
        rate: str
        amount_yuan: int
        limit_applied: str | None
        rule: str
        version: int
        explanation: str
        on: date

    def issue_document(
        self,
        case_id: str,
        *,
        number: DocumentNumber,
        title: str,
        actor: Mapping[str, str],
        on: date,
        violation_id: str = "",
    ) -> str:
        """Records a numbered enforcement document the officer's agency issued."""
        case, who = self.case(case_id), checked_actor(actor)
        if number.kind == "penalty_decision":
            raise InvalidInputError(
                "kind", "a penalty decision is issued by deciding it"
            )
        if violation_id:
            self.violation(case, violation_id)
        self._issue(
            case, number, text("title", title, required=False), violation_id, who, on
        )
        return number.number

    def _issue(
        self,
        case: Mapping[str, Any],
        number: DocumentNumber,
        title: str,
        violation_id: str,
        who: dict[str, str],
        on: date,
    ) -> None:
        if number.kind not in DOCUMENT_KINDS:
            raise InvalidInputError("kind", f"{number.kind!r} is not a document kind")
        if number.agency != who["agency"] or number.year != on.year:
            raise InvalidInputError(
                "number", f"{number.number} is not a {on.year} {who['agency']} number"
            )
        self._issue_document(
            case_id=case["case_id"],
            number=number.number,
            number_zh=number.number_zh,
            agency=number.agency,
            year=number.year,
            sequence=number.sequence,
            kind=number.kind,
            title=title or DOCUMENT_KINDS[number.kind][1],
            violation_id=violation_id,
            actor=who,
            on=on,
        )

    @event(EnforcementDocumentIssued)
    def _issue_document(
        self,
        case_id: str,
        number: str,
        number_zh: str,
        agency: str,
        year: int,
        sequence: int,
        kind: str,
        title: str,
        violation_id: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        self.cases[case_id]["documents"].append(
            {
                "number": number,
                "number_zh": number_zh,
                "agency": agency,
                "year": year,
                "sequence": sequence,
                "kind": kind,
                "title": title,
                "violation_id": violation_id,
                "on": on,
            }
        )
        self._log(case_id, "document_issued", actor, on, number=number)

    def decide_penalty(
        self,
        case_id: str,
        *,
        state: str,
        number: DocumentNumber,
        violation_id: str,
        company_fine: int,
        person_fine: int,
        actor: Mapping[str, str],
        on: date,
        config: RulesConfig,
        suspension_days: int | None = None,
        second_tier_report: bool = False,
    ) -> str:
        """Decides a penalty under the law of the violation date (R12-R14); its id."""
        case, who = self.case(case_id), checked_actor(actor)
        violation = self.violation(case, violation_id)
        if number.kind != "penalty_decision":
            raise InvalidInputError(
                "number", f"{number.number} is not a penalty number"
            )
        company = whole("company_fine", company_fine)
        person = whole("person_fine", person_fine)
        earlier = self.penalty_decisions()
        fined = any(p.violation_id == violation_id and p.fine_yuan for p in earlier)
        law = penalty_law(violation["violation_date"])
        if company or person or not fined:
            check_single_fine(violation_id, earlier)
            reason = check_fines(
                violation["violation_date"], company, person
            ).explanation
        else:
            reason = (
                f"该违法行为已处罚款，本决定不再罚款 / {violation_id} was already "
                "fined: this decision imposes no fine (R13)"
            )
        days, basis = _suspension(violation, suspension_days, config)
        self._issue(case, number, "", violation_id, who, on)
        self._decide_penalty(
            case_id=case["case_id"],
            state=state_name(state),
            decision_id=number.number,
            violation_id=violation_id,
            agency=who["agency"],
            law_version=law.version,
            law=law.basis,
            company_fine=company,
            person_fine=person,
            suspension_days=days,
            suspension_basis=basis,
            explanation=reason,
            actor=who,
            on=on,
        )
        self._reward_first_informant(
            case, number.number, company + person, on, config, second_tier_report
        )
        self._escalate_if_due(case["case_id"], [number.number], on)
        return number.number

    @event(PenaltyDecided)
    def _decide_penalty(
        self,
        case_id: str,
        state: str,
        decision_id: str,
        violation_id: str,
        agency: str,
        law_version: int,
        law: str,
        company_fine: int,
        person_fine: int,
        suspension_days: int,
        suspension_basis: str,
        explanation: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["penalties"].append(
            {
                "decision_id": decision_id,
                "violation_id": violation_id,
                "agency": agency,
                "law_version": law_version,
                "law": law,
                "company_fine": company_fine,
                "person_fine": person_fine,
                "suspension_days": suspension_days,
                "suspension_basis": suspension_basis,
                "explanation": explanation,
                "on": on,
            }
        )
        self._log(case_id, "penalty_decided", actor, on, decision_id=decision_id)

    def _reward_first_informant(
        self,
        case: Mapping[str, Any],
        decision_id: str,
        fine: int,
        on: date,
        config: RulesConfig,
        second_tier: bool,
    ) -> None:
        # R20: one reward per case, to the first informant who can be reached.
        rewardable = [t for t in case["tipoffs"] if t["rewardable"]]
        if not fine or case["rewards"] or not rewardable:
            return
        first = min(rewardable, key=lambda t: (t["received_on"], t["receipt"]))
        reward = informant_reward(fine, second_tier, config)
        self._record_reward(
            case_id=case["case_id"],
            receipt=first["receipt"],
            decision_id=decision_id,
            fine_yuan=fine,
            rate=exact(reward.rate),
            amount_yuan=reward.amount_yuan,
            limit_applied=reward.limit_applied,
            rule=reward.rule,
            version=reward.version,
            explanation=reward.explanation,
            on=on,
        )

    @event(RewardRecorded)
    def _record_reward(
        self,
        case_id: str,
        receipt: str,
        decision_id: str,
        fine_yuan: int,
        rate: str,
        amount_yuan: int,
        limit_applied: str | None,
        rule: str,
        version: int,
        explanation: str,
        on: date,
    ) -> None:
        self.cases[case_id]["rewards"].append(
            {
                "receipt": receipt,
                "decision_id": decision_id,
                "fine_yuan": fine_yuan,
                "rate": rate,
                "amount_yuan": amount_yuan,
                "limit_applied": limit_applied,
                "rule": rule,
                "version": version,
                "explanation": explanation,
                "on": on,
            }
        )
