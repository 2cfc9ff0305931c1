"""Case commands from suspension to closure, escalation, and `advance` by trigger."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from domain.case_facts import GOVERNMENT, case_mine_key
from domain.errors import InvalidInputError
from workflows.case_guards import pending_decisions, pending_orders
from workflows.case_machine import triggers
from workflows.case_steps import CaseSteps
from workflows.case_store import officer

Who = Mapping[str, str]
# Fields that arrive as ISO text from the CLI or JSON and are dates in the domain.
DATE_FIELDS = ("planned_for", "violation_date")


class CaseService(CaseSteps):
    """Opens cases and carries them through their life cycle to closure."""

    def open_case(
        self,
        mine_key: str,
        *,
        origin: str,
        summary: str,
        actor: Who,
        reference: str = "",
        finding_ids: Iterable[str] = (),
        expected_version: int | None = None,
        **tipoff: Any,
    ) -> dict[str, Any]:
        """Opens a case on a mine from any of the five origins."""
        if origin == "tipoff":
            receipt = self.receive_tipoff(
                content=summary, mine_key=mine_key, received_by=actor, **tipoff
            )
            if receipt.case_id is None:
                raise InvalidInputError(
                    "mine_key", f"no mine {mine_key!r}: kept as {receipt.receipt}"
                )
            return self.case(receipt.case_id)
        mine = self.mine(mine_key)
        self.check_version(mine, expected_version)
        loaded = mine.version
        case_id = mine.open_case(
            origin=origin,
            summary=summary,
            actor=officer(actor),
            on=self.today(),
            reference=reference,
            finding_ids=finding_ids,
        )
        self._save(case_id, loaded, mine)
        return self.case(case_id)

    def start_suspension(
        self,
        case_id: str,
        *,
        actor: Who,
        decision_id: str = "",
        order_number: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Starts the decided suspension (R14 days) under its suspension order."""
        return self._step(
            case_id,
            "start_suspension",
            actor,
            expected_version,
            lambda s: s.mine.start_suspension(
                s.case_id,
                state=s.state,
                decision_id=decision_id or pending_decisions(s.case)[-1]["decision_id"],
                order_number=order_number or pending_orders(s.case)[-1]["number"],
                actor=s.actor,
                on=s.on,
            ),
        )

    def apply_resumption(
        self,
        case_id: str,
        *,
        application: str,
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the mine's application to resume (R15: acceptance in 20 days)."""
        return self._step(
            case_id,
            "apply_resumption",
            actor,
            expected_version,
            lambda s: s.mine.apply_resumption(
                s.case_id,
                state=s.state,
                application=application,
                actor=s.actor,
                on=s.on,
            ),
        )

    def accept_resumption(
        self,
        case_id: str,
        *,
        inspectors: list[str],
        actor: Who,
        notes: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the acceptance that lets the mine resume; the recheck falls due."""
        return self._step(
            case_id,
            "accept_resumption",
            actor,
            expected_version,
            lambda s: s.mine.accept_resumption(
                s.case_id,
                state=s.state,
                inspectors=inspectors,
                notes=notes,
                actor=s.actor,
                on=s.on,
            ),
        )

    def reject_resumption(
        self,
        case_id: str,
        *,
        reasons: list[str],
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records a failed acceptance: the mine stays suspended."""
        return self._step(
            case_id,
            "reject_resumption",
            actor,
            expected_version,
            lambda s: s.mine.reject_resumption(
                s.case_id, state=s.state, reasons=reasons, actor=s.actor, on=s.on
            ),
        )

    def record_recheck(
        self,
        case_id: str,
        *,
        violation_continues: bool,
        findings: list[str],
        actor: Who,
        violation: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the recheck (R21); a continuing violation becomes a new one."""
        return self._step(
            case_id,
            "record_recheck",
            actor,
            expected_version,
            lambda s: s.mine.record_recheck(
                s.case_id,
                state=s.state,
                violation_continues=violation_continues,
                findings=findings,
                actor=s.actor,
                on=s.on,
                config=self.rules,
                violation=violation,
            ),
            violation_continues=violation_continues,
        )

    def close_case(
        self,
        case_id: str,
        *,
        summary: str,
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Closes the case once rechecked and with nothing awaiting the government."""
        return self._step(
            case_id,
            "close_case",
            actor,
            expected_version,
            lambda s: s.mine.close_case(
                s.case_id, state=s.state, summary=summary, actor=s.actor, on=s.on
            ),
        )

    def escalate(
        self,
        case_id: str,
        *,
        reason: str,
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Refers the case to the municipal government by hand, saying why."""
        return self._step(
            case_id,
            "escalate",
            actor,
            expected_version,
            lambda s: s.mine.escalate(s.case_id, reason=reason, actor=s.actor, on=s.on),
        )

    def record_government_decision(
        self,
        case_id: str,
        *,
        outcome: str,
        decision: str,
        actor: Who,
        document: str = "",
        escalation_id: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the municipal government's decision (审定决策) on an escalation."""
        return self._step(
            case_id,
            "record_government_decision",
            actor,
            expected_version,
            lambda s: s.mine.record_government_decision(
                s.case_id,
                outcome=outcome,
                decision=decision,
                document=document,
                actor=s.actor,
                on=s.on,
                escalation_id=escalation_id or None,
            ),
            also=(GOVERNMENT,),
        )

    def add_tipoff(
        self,
        case_id: str,
        *,
        receipt: str,
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Adds a waiting tip-off to this open case."""
        return self.attach_tipoff(
            receipt,
            mine_key=case_mine_key(case_id),
            actor=actor,
            case_id=case_id,
            expected_version=expected_version,
        )

    def advance(
        self,
        case_id: str,
        trigger: str,
        data: Mapping[str, Any],
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Runs any step by its trigger name with its data (for the CLI and HTTP)."""
        # Each trigger of the life cycle is also the name of the command recording it.
        if trigger not in triggers():
            raise InvalidInputError(
                "trigger", f"{trigger!r} is not one of {triggers()}"
            )
        command = getattr(self, trigger)
        values = {k: _dated(k, v) for k, v in dict(data).items()}
        if isinstance(values.get("violation"), Mapping):
            values["violation"] = {
                k: _dated(k, v) for k, v in values["violation"].items()
            }
        accepted = set(inspect.signature(command).parameters) - {"case_id", "actor"}
        unknown = sorted(set(values) - accepted)
        if unknown:
            raise InvalidInputError("data", f"{unknown} are not fields of {trigger}")
        try:
            inspect.signature(command).bind(case_id, actor=actor, **values)
        except TypeError as error:
            raise InvalidInputError("data", f"{trigger}: {error}") from None
        return command(
            case_id, actor=actor, expected_version=expected_version, **values
        )


def _dated(field: str, value: Any) -> Any:
    if field in DATE_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidInputError(
                field, f"{value!r} is not a date YYYY-MM-DD"
            ) from None
    return value
