"""Cases on a mine after the penalty: the suspension and the resumption (R14, R15)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import checked_actor
from domain.case_facts import state_name, text, texts
from domain.case_sanctions import CaseSanctions
from domain.errors import InvalidInputError
from domain.rules.deadlines import suspension_end


class CaseSuspensions(CaseSanctions):
    """The suspension a penalty decided, and the mine's resumption after it."""

    class SuspensionStarted(Aggregate.Event):
        case_id: str
        state: str
        suspension_id: str
        decision_id: str
        order_number: str
        days: int
        ends_on: date
        actor: dict[str, str]
        on: date

    class ResumptionApplied(Aggregate.Event):
        case_id: str
        state: str
        application: str
        actor: dict[str, str]
        on: date

    class ResumptionAccepted(Aggregate.Event):
        case_id: str
        state: str
        inspectors: list[str]
        notes: str
        actor: dict[str, str]
        on: date

    class ResumptionRejected(Aggregate.Event):
        case_id: str
        state: str
        reasons: list[str]
        actor: dict[str, str]
        on: date

    def start_suspension(
        self,
        case_id: str,
        *,
        state: str,
        decision_id: str,
        order_number: str,
        actor: Mapping[str, str],
        on: date,
    ) -> str:
        """Starts the suspension a penalty decided, under a suspension order; its id."""
        case, who = self.case(case_id), checked_actor(actor)
        decision = next(
            (p for p in case["penalties"] if p["decision_id"] == decision_id), None
        )
        if decision is None or not decision["suspension_days"]:
            raise InvalidInputError(
                "decision_id", f"{decision_id!r} orders no suspension on {case_id}"
            )
        orders = [
            d["number"] for d in case["documents"] if d["kind"] == "suspension_order"
        ]
        if order_number not in orders:
            raise InvalidInputError(
                "order_number",
                f"{order_number!r} is not a suspension order of {case_id}",
            )
        days = decision["suspension_days"]
        suspension_id = f"{case['case_id']}-S{len(case['suspensions']) + 1}"
        self._start_suspension(
            case_id=case["case_id"],
            state=state_name(state),
            suspension_id=suspension_id,
            decision_id=decision_id,
            order_number=order_number,
            days=days,
            ends_on=suspension_end(on, days).due,
            actor=who,
            on=on,
        )
        return suspension_id

    @event(SuspensionStarted)
    def _start_suspension(
        self,
        case_id: str,
        state: str,
        suspension_id: str,
        decision_id: str,
        order_number: str,
        days: int,
        ends_on: date,
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["suspensions"].append(
            {
                "suspension_id": suspension_id,
                "decision_id": decision_id,
                "order_number": order_number,
                "days": days,
                "starts_on": on,
                "ends_on": ends_on,
                "lifted_on": None,
            }
        )
        self._log(case_id, "suspension_started", actor, on, suspension_id=suspension_id)

    def apply_resumption(
        self,
        case_id: str,
        *,
        state: str,
        application: str,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records the mine's application to resume after rectification."""
        case = self.case(case_id)
        self._apply_resumption(
            case_id=case["case_id"],
            state=state_name(state),
            application=text("application", application),
            actor=checked_actor(actor),
            on=on,
        )

    @event(ResumptionApplied)
    def _apply_resumption(
        self,
        case_id: str,
        state: str,
        application: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["resumptions"].append(
            {"applied_on": on, "application": application, "outcome": None}
        )
        self._log(case_id, "resumption_applied", actor, on)

    def accept_resumption(
        self,
        case_id: str,
        *,
        state: str,
        inspectors: Any,
        notes: str,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records the acceptance inspection that lets the mine resume."""
        case = self.case(case_id)
        self._accept_resumption(
            case_id=case["case_id"],
            state=state_name(state),
            inspectors=texts("inspectors", inspectors, required=True),
            notes=text("notes", notes, required=False),
            actor=checked_actor(actor),
            on=on,
        )

    @event(ResumptionAccepted)
    def _accept_resumption(
        self,
        case_id: str,
        state: str,
        inspectors: list[str],
        notes: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["resumptions"][-1].update(
            outcome="accepted", decided_on=on, inspectors=inspectors, notes=notes
        )
        case["suspensions"][-1]["lifted_on"] = on
        self._log(case_id, "resumption_accepted", actor, on)

    def reject_resumption(
        self,
        case_id: str,
        *,
        state: str,
        reasons: Any,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records an acceptance inspection that failed: the suspension goes on."""
        case = self.case(case_id)
        self._reject_resumption(
            case_id=case["case_id"],
            state=state_name(state),
            reasons=texts("reasons", reasons, required=True),
            actor=checked_actor(actor),
            on=on,
        )

    @event(ResumptionRejected)
    def _reject_resumption(
        self,
        case_id: str,
        state: str,
        reasons: list[str],
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["resumptions"][-1].update(
            outcome="rejected", decided_on=on, reasons=reasons
        )
        self._log(case_id, "resumption_rejected", actor, on)
