"""Cases on a mine: notices, closure, and the hooks by which rule findings open
cases and output reported during a suspension escalates one (R16).

MineCases is the base of Mine. Which step a case may take when is decided by the
workflow's state machine; each step here records its outcome and the state decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import checked_actor
from domain.case_facts import (
    INSPECTED,
    INSPECTION_PLANNED,
    OPENED,
    SYSTEM_ACTOR,
    state_name,
    text,
    texts,
)
from domain.case_suspensions import CaseSuspensions
from domain.errors import InvalidInputError
from domain.periods import Month
from domain.rules.base import MAJOR_HAZARD
from domain.rules.deadlines import ANNOUNCED_ACTS
from domain.rules.penalties import SuspendedProduction, escalation_triggers


class MineCases(CaseSuspensions):
    """The cases of a mine: notices and closure; opened and escalated by the rules."""

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
            state=state_name(state),
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
            # A hazard found while a finding case is still being looked into joins
            # it, so one inspection covers them all; R16 still counts each finding.
            pending = self._case_under_investigation()
            if pending is not None:
                self._link_finding(case_id=pending, finding_id=finding_id, on=on)
                self._escalate_if_due(pending, [finding_id], on)
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

    def _case_under_investigation(self) -> str | None:
        """The latest finding case not yet past its inspection, if there is one."""
        early = (OPENED, INSPECTION_PLANNED, INSPECTED)
        found = [
            c["case_id"]
            for c in self.cases.values()
            if c["origin"] == "finding" and c["state"] in early
        ]
        return found[-1] if found else None

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
