"""Cases on a mine, first steps: opening, tip-offs and the joint inspection."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.case_base import CaseBook, checked_actor
from domain.case_facts import (
    OPENED,
    ORIGINS,
    PUBLIC,
    day,
    state_name,
    text,
    texts,
    tipoff_entry,
)
from domain.case_facts import key_points as checked_key_points
from domain.case_facts import team as checked_team
from domain.errors import InvalidInputError


class CaseIntake(CaseBook):
    """Opens cases and records the joint inspection and what it found."""

    class CaseOpened(Aggregate.Event):
        case_id: str
        origin: str
        state: str
        summary: str
        reference: str
        finding_ids: list[str]
        actor: dict[str, str]
        on: date

    class TipOffAttached(Aggregate.Event):
        case_id: str
        tipoff: dict[str, Any]
        actor: dict[str, str]
        on: date

    class FindingLinked(Aggregate.Event):
        case_id: str
        finding_id: str
        on: date

    class InspectionPlanned(Aggregate.Event):
        case_id: str
        state: str
        planned_for: date
        team: list[dict[str, str]]
        key_points: dict[str, list[str]]
        actor: dict[str, str]
        on: date

    class InspectionRecorded(Aggregate.Event):
        case_id: str
        state: str
        documents_read: list[str]
        staff_interviewed: list[str]
        faces_visited: list[str]
        findings: list[str]
        actor: dict[str, str]
        on: date

    def open_case(
        self,
        *,
        origin: str,
        summary: str,
        actor: Mapping[str, str],
        on: date,
        reference: str = "",
        finding_ids: Iterable[str] = (),
        tipoff: Mapping[str, Any] | None = None,
    ) -> str:
        """Opens a case on this mine from one of the five origins; returns its id."""
        if origin not in ORIGINS:
            raise InvalidInputError("origin", f"{origin!r} is not one of {ORIGINS}")
        if (origin == "tipoff") != (tipoff is not None):
            raise InvalidInputError("tipoff", "a tip-off case, and only it, has one")
        # The public sends tip-offs in with no officer in between.
        who = checked_actor(actor, also=(PUBLIC,) if origin == "tipoff" else ())
        return self._new_case(origin, summary, who, on, reference, finding_ids, tipoff)

    def _new_case(
        self,
        origin: str,
        summary: str,
        who: dict[str, str],
        on: date,
        reference: str,
        finding_ids: Iterable[str],
        tipoff: Mapping[str, Any] | None,
    ) -> str:
        found = list(finding_ids)
        unknown = sorted(set(found) - {f["finding_id"] for f in self.findings})
        cased = sorted(set(found) & set(self.cased_findings))
        if unknown or cased or (origin == "finding" and not found):
            raise InvalidInputError(
                "finding_ids",
                f"a finding case names findings of mine {self.key} not yet in a case "
                f"(unknown {unknown}, already in a case {cased})",
            )
        case_id = f"{self.key}-C{len(self.cases) + 1:03d}"
        self._open_case(
            case_id=case_id,
            origin=origin,
            state=OPENED,
            summary=text("summary", summary),
            reference=text("reference", reference, required=False),
            finding_ids=found,
            actor=who,
            on=on,
        )
        if tipoff is not None:
            entry = tipoff_entry(**tipoff)
            self._attach_tipoff(case_id=case_id, tipoff=entry, actor=who, on=on)
        return case_id

    @event(CaseOpened)
    def _open_case(
        self,
        case_id: str,
        origin: str,
        state: str,
        summary: str,
        reference: str,
        finding_ids: list[str],
        actor: dict[str, str],
        on: date,
    ) -> None:
        self.cases[case_id] = {
            "case_id": case_id,
            "mine_key": self.key,
            "origin": origin,
            "state": state,
            "summary": summary,
            "reference": reference,
            "opened_on": on,
            "opened_by": dict(actor),
            "finding_ids": list(finding_ids),
            "tipoffs": [],
            "inspection_plans": [],
            "inspections": [],
            "violations": [],
            "unfounded": None,
            "documents": [],
            "penalties": [],
            "rewards": [],
            "notifications": [],
            "announcements": [],
            "suspensions": [],
            "resumptions": [],
            "rechecks": [],
            "escalations": [],
            "closed": None,
            "history": [],
        }
        for finding_id in finding_ids:
            self.cased_findings[finding_id] = case_id
        self._log(case_id, "opened", actor, on, origin=origin)

    def attach_tipoff(
        self,
        case_id: str,
        *,
        tipoff: Mapping[str, Any],
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Adds a further tip-off on the same matter to an open case."""
        case, entry = self.case(case_id), tipoff_entry(**tipoff)
        if entry["receipt"] in {t["receipt"] for t in case["tipoffs"]}:
            raise InvalidInputError("receipt", f"{entry['receipt']} is on the case")
        self._attach_tipoff(
            case_id=case["case_id"],
            tipoff=entry,
            actor=checked_actor(actor),
            on=on,
        )

    @event(TipOffAttached)
    def _attach_tipoff(
        self, case_id: str, tipoff: dict[str, Any], actor: dict[str, str], on: date
    ) -> None:
        self.cases[case_id]["tipoffs"].append(dict(tipoff))
        self._log(case_id, "tipoff_attached", actor, on, receipt=tipoff["receipt"])

    @event(FindingLinked)
    def _link_finding(self, case_id: str, finding_id: str, on: date) -> None:
        self.cases[case_id]["finding_ids"].append(finding_id)
        self.cased_findings[finding_id] = case_id

    def plan_inspection(
        self,
        case_id: str,
        *,
        state: str,
        planned_for: date,
        team: Any,
        key_points: Any,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Plans the joint inspection: its date, team and each agency's key points."""
        case = self.case(case_id)
        if day("planned_for", planned_for) < on:
            raise InvalidInputError("planned_for", f"{planned_for} is before {on}")
        members = checked_team(team)
        self._plan_inspection(
            case_id=case["case_id"],
            state=state_name(state),
            planned_for=planned_for,
            team=members,
            key_points=checked_key_points(key_points, members),
            actor=checked_actor(actor),
            on=on,
        )

    @event(InspectionPlanned)
    def _plan_inspection(
        self,
        case_id: str,
        state: str,
        planned_for: date,
        team: list[dict[str, str]],
        key_points: dict[str, list[str]],
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["inspection_plans"].append(
            {
                "planned_for": planned_for,
                "team": team,
                "key_points": key_points,
                "on": on,
            }
        )
        self._log(case_id, "inspection_planned", actor, on, planned_for=planned_for)

    def record_inspection(
        self,
        case_id: str,
        *,
        state: str,
        documents_read: Any,
        staff_interviewed: Any,
        faces_visited: Any,
        findings: Any,
        actor: Mapping[str, str],
        on: date,
    ) -> None:
        """Records the site inspection: papers read, people heard, faces visited."""
        case = self.case(case_id)
        checked = {
            "documents_read": texts("documents_read", documents_read),
            "staff_interviewed": texts("staff_interviewed", staff_interviewed),
            "faces_visited": texts("faces_visited", faces_visited),
        }
        if not any(checked.values()):
            raise InvalidInputError(
                "documents_read", "an inspection records what it read, heard or visited"
            )
        self._record_inspection(
            case_id=case["case_id"],
            state=state_name(state),
            findings=texts("findings", findings),
            actor=checked_actor(actor),
            on=on,
            **checked,
        )

    @event(InspectionRecorded)
    def _record_inspection(
        self,
        case_id: str,
        state: str,
        documents_read: list[str],
        staff_interviewed: list[str],
        faces_visited: list[str],
        findings: list[str],
        actor: dict[str, str],
        on: date,
    ) -> None:
        case = self.cases[case_id]
        case["state"] = state
        case["inspections"].append(
            {
                "documents_read": documents_read,
                "staff_interviewed": staff_interviewed,
                "faces_visited": faces_visited,
                "findings": findings,
                "actor": dict(actor),
                "on": on,
            }
        )
        self._log(case_id, "inspected", actor, on)
