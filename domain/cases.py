"""Cases on a mine: the life of a case from suspension to closure, and the hooks by
which rule findings open cases and output during a suspension escalates one (R16).

MineCases is the base of Mine; the life cycle itself (which step is allowed when) is
decided by the workflow's state machine, and each step here records its outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import checked_actor
from domain.case_facts import SYSTEM_ACTOR, text, texts
from domain.case_intake import _state
from domain.case_sanctions import CaseSanctions
from domain.errors import InvalidInputError
from domain.periods import Month
from domain.rules.base import MAJOR_HAZARD
from domain.rules.deadlines import ANNOUNCED_ACTS, suspension_end
from domain.rules.penalties import SuspendedProduction, escalation_triggers


class MineCases(CaseSanctions):
    """The cases of a mine through notification, suspension, resumption and closure."""

    class AuthoritiesNotified(Aggregate.Event):
        case_id: str
        recipients: list[str]
        content: str
        actor: dict[str, str]
        on: date

    class AnnouncementPublished(Aggregate.Event):
        case_id: str
        kind: str
        reference: str
        channel: str
        actor: dict[str, str]
        on: date

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

    class CaseClosed(Aggregate.Event):
        case_id: str
        state: str
        summary: str
        actor: dict[str, str]
        on: date

    def notify_authorities(
        self,
        case_id: str,
        *,
        recipients: Any,
        content: str,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records that the county government and departments were notified."""
        case = self.case(case_id)
        self._notify(
            case_id=case["case_id"],
            recipients=texts("recipients", recipients, required=True),
            content=text("content", content),
            actor=checked_actor(actor),
            on=on,
        )

    @event(AuthoritiesNotified)
    def _notify(
        self,
        case_id: str,
        recipients: list[str],
        content: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        self.cases[case_id]["notifications"].append(
            {
                "recipients": recipients,
                "content": content,
                "actor": dict(actor),
                "on": on,
            }
        )
        self._log(case_id, "authorities_notified", actor, on)

    def announce(
        self,
        case_id: str,
        *,
        kind: str,
        channel: str,
        actor: Mapping[str, str],
        on: date,
        reference: str = "",
    ) -> None:
        """Records the public announcement of a suspension, closure or resumption."""
        case = self.case(case_id)
        if kind not in ANNOUNCED_ACTS:
            raise InvalidInputError(
                "kind", f"{kind!r} is not one of {list(ANNOUNCED_ACTS)}"
            )
        self._announce(
            case_id=case["case_id"],
            kind=kind,
            reference=text("reference", reference, required=False),
            channel=text("channel", channel),
            actor=checked_actor(actor),
            on=on,
        )

    @event(AnnouncementPublished)
    def _announce(
        self,
        case_id: str,
        kind: str,
        reference: str,
        channel: str,
        actor: dict[str, str],
        on: date,
    ) -> None:
        self.cases[case_id]["announcements"].append(
            {"kind": kind, "reference": reference, "channel": channel, "on": on}
        )
        self._log(case_id, "announced", actor, on, kind=kind)

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
            state=_state(state),
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
            state=_state(state),
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
            state=_state(state),
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
            state=_state(state),
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

    def close_case(
        self,
        case_id: str,
        *,
        state: str,
        summary: str,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Closes the case with a summary of how it ended."""
        case = self.case(case_id)
        self._close(
            case_id=case["case_id"],
            state=_state(state),
            summary=text("summary", summary),
            actor=checked_actor(actor),
            on=on,
        )

    @event(CaseClosed)
    def _close(
        self, case_id: str, state: str, summary: str, actor: dict[str, str], on: date
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["closed"] = {"summary": summary, "actor": dict(actor), "on": on}
        self._log(case_id, "closed", actor, on)

    # Hooks Mine calls from its own commands, so that all lands in the same save.

    def _open_cases_for(self, finding_ids: list[str], on: date) -> None:
        """Opens a case on each new major-hazard finding; a restatement joins one."""
        by_id = {f["finding_id"]: f for f in self.findings}
        for finding_id in finding_ids:
            finding = by_id[finding_id]
            if finding["outcome"] != MAJOR_HAZARD:
                continue
            earlier = by_id.get(finding["supersedes"] or "", {})
            cased = self.cased_findings.get(earlier.get("finding_id", ""))
            if cased and earlier["outcome"] == MAJOR_HAZARD:
                self._link_finding(case_id=cased, finding_id=finding_id, on=on)
                continue
            case_id = self._new_case(
                "finding",
                finding["explanation"],
                dict(SYSTEM_ACTOR),
                on,
                f"{finding['rule']} {finding['subject']}",
                [finding_id],
                None,
            )
            self._escalate_if_due(case_id, [finding_id], on)

    def _flag_suspended_output(self, period: str, tonnes: int, on: date) -> None:
        """R16: output reported for a month that overlaps a suspension escalates it."""
        month = Month.parse(period)
        for case in [c for c in self.cases.values() if tonnes]:
            for held in case["suspensions"]:
                lifted = held["lifted_on"]
                if month.last_day < held["starts_on"] or (
                    lifted is not None and month.first_day >= lifted
                ):
                    continue
                produced = SuspendedProduction(
                    id=f"{self.key}:output:{period}",
                    produced_on=max(month.first_day, held["starts_on"]),
                    suspension_id=held["suspension_id"],
                )
                triggers = escalation_triggers([], [], [produced], on)
                self._escalate_if_due(case["case_id"], [produced.id], on, triggers)
