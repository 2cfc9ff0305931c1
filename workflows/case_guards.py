"""The guards of the case life cycle: each gives the reason it refuses, or ''.

A guard reads the case as recorded and the facts of the step (its date, the acting
agency, the findings that still stand); it never reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from transitions import EventData

from domain.errors import TransitionRefusedError
from domain.rules.deadlines import (
    ANNOUNCE_CLOSURE_ORDER,
    ANNOUNCE_RESUMPTION,
    ANNOUNCE_SUSPENSION_ORDER,
)

Case = Mapping[str, Any]
Facts = Mapping[str, Any]


class Guard:
    """A machine condition that raises, naming its check, when the check refuses."""

    def __init__(self, check: Callable[[Case, Facts], str]) -> None:
        self.check = check
        self.__name__ = check.__name__

    def __call__(self, event: EventData) -> bool:
        case, facts = event.kwargs["case"], event.kwargs["facts"]
        reason = self.check(case, facts)
        if reason:
            raise TransitionRefusedError(
                case["case_id"],
                case["state"],
                event.event.name if event.event else "",
                guard=self.__name__,
                reason=reason,
            )
        return True


def inspection_date_reached(case: Case, facts: Facts) -> str:
    planned = case["inspection_plans"][-1]["planned_for"]
    if facts["on"] < planned:
        return f"检查计划于 {planned} / the inspection is planned for {planned}"
    return ""


def linked_findings_cleared(case: Case, facts: Facts) -> str:
    standing = sorted(set(case["finding_ids"]) & set(facts["standing_findings"]))
    if standing:
        return (
            f"规则发现 {standing} 仍然成立，须先更正数据 / findings {standing} still "
            "stand: correct the figures before calling the case unfounded"
        )
    return ""


def agency_has_not_decided(case: Case, facts: Facts) -> str:
    for p in case["penalties"]:
        if (p["violation_id"], p["agency"]) == (facts["violation_id"], facts["agency"]):
            return (
                f"{facts['agency']} 已就 {p['violation_id']} 作出 {p['decision_id']} / "
                f"{facts['agency']} already decided {p['decision_id']} on it"
            )
    return ""


def suspension_decided(case: Case, facts: Facts) -> str:
    if not pending_decisions(case):
        return "没有待执行的停产整顿决定 / no penalty decision orders a suspension yet"
    return ""


def suspension_order_issued(case: Case, facts: Facts) -> str:
    if not pending_orders(case):
        return (
            "须先签发停产整顿指令书 / issue a suspension order (issue_document kind "
            "suspension_order) first"
        )
    return ""


def suspension_served(case: Case, facts: Facts) -> str:
    ends = case["suspensions"][-1]["ends_on"]
    if facts["on"] < ends:
        return f"停产整顿至 {ends} / the suspension runs until {ends}"
    return ""


def closure_decided(case: Case, facts: Facts) -> str:
    decided = [
        e
        for e in case["escalations"]
        if (e["decision"] or {}).get("outcome") == "close_mine"
    ]
    if not decided:
        return (
            "停产期间回头看须有市政府关闭决定 / a recheck during a suspension needs "
            "the government's decision to close the mine"
        )
    return ""


def something_to_announce(case: Case, facts: Facts) -> str:
    kinds = {d["kind"] for d in case["documents"]}
    accepted = any(r["outcome"] == "accepted" for r in case["resumptions"])
    present = {
        ANNOUNCE_SUSPENSION_ORDER: "suspension_order" in kinds,
        ANNOUNCE_CLOSURE_ORDER: "closure_order" in kinds,
        ANNOUNCE_RESUMPTION: accepted,
    }
    if not present.get(facts["kind"], False):
        return f"没有可公告的 {facts['kind']} / nothing of kind {facts['kind']!r} yet"
    return ""


def authorities_notified(case: Case, facts: Facts) -> str:
    if case["violations"] and not case["notifications"]:
        return (
            "违法属实的案件须通报县政府及有关部门 / a confirmed violation must be "
            "notified to the county government and departments before closure"
        )
    return ""


def recheck_not_required(case: Case, facts: Facts) -> str:
    if case["tipoffs"]:
        return (
            "R21 举报案件结案前须完成回头看 / R21: a tip-off needs its follow-up "
            "recheck before the case can close"
        )
    return ""


def no_pending_escalation(case: Case, facts: Facts) -> str:
    pending = [e["escalation_id"] for e in case["escalations"] if not e["decision"]]
    if pending:
        return f"待市政府审定 {pending} / awaiting the government's decision"
    return ""


def escalation_pending(case: Case, facts: Facts) -> str:
    if all(e["decision"] for e in case["escalations"]):
        return "没有待审定的提请 / nothing is escalated and undecided"
    return ""


def violation_continues(event: EventData) -> bool:
    """Chooses the branch of a recheck; the two branches cover every case."""
    return bool(event.kwargs["facts"]["violation_continues"])


BRANCH = violation_continues.__name__


def pending_decisions(case: Case) -> list[dict[str, Any]]:
    """Penalty decisions that order a suspension not yet started."""
    started = {s["decision_id"] for s in case["suspensions"]}
    return [
        p
        for p in case["penalties"]
        if p["suspension_days"] and p["decision_id"] not in started
    ]


def pending_orders(case: Case) -> list[dict[str, Any]]:
    """Suspension orders not yet used by a suspension."""
    used = {s["order_number"] for s in case["suspensions"]}
    return [
        d
        for d in case["documents"]
        if d["kind"] == "suspension_order" and d["number"] not in used
    ]
