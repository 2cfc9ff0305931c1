"""Case steps up to the penalty: inspection, violation, documents, notices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from workflows.tipoffs import TipOffService

Who = Mapping[str, str]


class CaseSteps(TipOffService):
    """The joint inspection, its outcome, numbered documents, penalty and notices."""

    def plan_inspection(
        self,
        case_id: str,
        *,
        planned_for: date,
        team: list[Mapping[str, str]],
        key_points: Mapping[str, list[str]],
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Plans the joint inspection: date, team per agency, each one's key points."""
        return self._step(
            case_id,
            "plan_inspection",
            actor,
            expected_version,
            lambda s: s.mine.plan_inspection(
                s.case_id,
                state=s.state,
                planned_for=planned_for,
                team=team,
                key_points=key_points,
                actor=s.actor,
                on=s.on,
            ),
        )

    def record_inspection(
        self,
        case_id: str,
        *,
        actor: Who,
        documents_read: Iterable[str] = (),
        staff_interviewed: Iterable[str] = (),
        faces_visited: Iterable[str] = (),
        findings: Iterable[str] = (),
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the site inspection: documents read, staff heard, faces visited."""
        return self._step(
            case_id,
            "record_inspection",
            actor,
            expected_version,
            lambda s: s.mine.record_inspection(
                s.case_id,
                state=s.state,
                documents_read=list(documents_read),
                staff_interviewed=list(staff_interviewed),
                faces_visited=list(faces_visited),
                findings=list(findings),
                actor=s.actor,
                on=s.on,
            ),
        )

    def confirm_violation(
        self,
        case_id: str,
        *,
        rule: str,
        period: str,
        evidence: list[str],
        actor: Who,
        violation_date: date | None = None,
        excess_tonnes: int | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Confirms a violation: rule, period, excess tonnes (R14 default), evidence."""
        return self._step(
            case_id,
            "confirm_violation",
            actor,
            expected_version,
            lambda s: s.mine.confirm_violation(
                s.case_id,
                state=s.state,
                rule=rule,
                period=period,
                evidence=evidence,
                actor=s.actor,
                on=s.on,
                config=self.rules,
                violation_date=violation_date,
                excess_tonnes=excess_tonnes,
            ),
        )

    def find_unfounded(
        self,
        case_id: str,
        *,
        reasons: list[str],
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records that the report was found unfounded, and why."""
        return self._step(
            case_id,
            "find_unfounded",
            actor,
            expected_version,
            lambda s: s.mine.find_unfounded(
                s.case_id, state=s.state, reasons=reasons, actor=s.actor, on=s.on
            ),
        )

    def issue_document(
        self,
        case_id: str,
        *,
        kind: str,
        actor: Who,
        title: str = "",
        violation_id: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Issues an enforcement document numbered in the agency's register."""
        return self._step(
            case_id,
            "issue_document",
            actor,
            expected_version,
            lambda s: s.mine.issue_document(
                s.case_id,
                number=s.document_number,
                title=title,
                actor=s.actor,
                on=s.on,
                violation_id=violation_id,
            ),
            numbered=kind,
        )

    def decide_penalty(
        self,
        case_id: str,
        *,
        company_fine: int,
        person_fine: int,
        actor: Who,
        violation_id: str = "",
        suspension_days: int | None = None,
        second_tier_report: bool = False,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Decides a penalty (R12-R14) in a numbered decision; R20 on a tip-off."""
        chosen = violation_id or self._latest_violation(case_id)
        return self._step(
            case_id,
            "decide_penalty",
            actor,
            expected_version,
            lambda s: s.mine.decide_penalty(
                s.case_id,
                state=s.state,
                number=s.document_number,
                violation_id=chosen,
                company_fine=company_fine,
                person_fine=person_fine,
                actor=s.actor,
                on=s.on,
                config=self.rules,
                suspension_days=suspension_days,
                second_tier_report=second_tier_report,
            ),
            numbered="penalty_decision",
            violation_id=chosen,
        )

    def _latest_violation(self, case_id: str) -> str:
        violations = self.case(case_id)["violations"]
        return violations[-1]["violation_id"] if violations else ""

    def notify_authorities(
        self,
        case_id: str,
        *,
        recipients: list[str],
        content: str,
        actor: Who,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the notice to the county government and departments."""
        return self._step(
            case_id,
            "notify_authorities",
            actor,
            expected_version,
            lambda s: s.mine.notify_authorities(
                s.case_id,
                recipients=recipients,
                content=content,
                actor=s.actor,
                on=s.on,
            ),
        )

    def announce(
        self,
        case_id: str,
        *,
        kind: str,
        channel: str,
        actor: Who,
        reference: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the public announcement of a suspension, closure or resumption."""
        return self._step(
            case_id,
            "announce",
            actor,
            expected_version,
            lambda s: s.mine.announce(
                s.case_id,
                kind=kind,
                channel=channel,
                actor=s.actor,
                on=s.on,
                reference=reference,
            ),
            kind=kind,
        )
