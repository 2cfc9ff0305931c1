"""The case life cycle: one state machine, used only to decide a case's next state.

The machine has no model of its own. To decide, a throwaway model is put at the
case's state, the trigger is fired, the new state is read and the model removed;
the aggregate stores only the state's name, and replay never comes here. A guard
that fails raises TransitionRefusedError naming itself: it never returns False.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from transitions import EventData, Machine, MachineError

from domain.case_facts import (
    CLOSED,
    INSPECTED,
    INSPECTION_PLANNED,
    OPENED,
    PENALTY_DECIDED,
    RECHECKED,
    RESUMPTION_ACCEPTED,
    RESUMPTION_APPLIED,
    STATES,
    SUSPENDED,
    UNFOUNDED,
    VIOLATION_CONFIRMED,
)
from domain.errors import TransitionRefusedError
from domain.rules.deadlines import (
    ANNOUNCE_CLOSURE_ORDER,
    ANNOUNCE_RESUMPTION,
    ANNOUNCE_SUSPENSION_ORDER,
)

Case = Mapping[str, Any]
Facts = Mapping[str, Any]
AFTER_PENALTY = [PENALTY_DECIDED, SUSPENDED, RESUMPTION_APPLIED, RESUMPTION_ACCEPTED]
NOT_CLOSED = [s for s in STATES if s != CLOSED]


def guard(check: Callable[[Case, Facts], str]) -> Callable[[EventData], bool]:
    """A condition that raises, naming itself, when the check gives a reason."""

    def condition(event: EventData) -> bool:
        case, facts = event.kwargs["case"], event.kwargs["facts"]
        reason = check(case, facts)
        if reason:
            raise TransitionRefusedError(
                case["case_id"],
                case["state"],
                event.event.name if event.event else "",
                guard=check.__name__,
                reason=reason,
            )
        return True

    condition.__name__ = check.__name__
    return condition


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


def _t(
    trigger: str,
    source: str | list[str],
    dest: str | None,
    *guards: Callable[[Case, Facts], str],
    continues: bool | None = None,
) -> dict[str, Any]:
    # dest None is an internal transition: the step is recorded, the state stays.
    row: dict[str, Any] = {
        "trigger": trigger,
        "source": source,
        "dest": dest,
        "conditions": [guard(g) for g in guards],
    }
    if continues:
        row["conditions"].append(violation_continues)
    elif continues is not None:
        row["unless"] = [violation_continues]
    return row


RECHECKABLE = [RESUMPTION_ACCEPTED, UNFOUNDED]
TRANSITIONS = [
    _t("plan_inspection", OPENED, INSPECTION_PLANNED),
    _t("record_inspection", INSPECTION_PLANNED, INSPECTED, inspection_date_reached),
    _t("confirm_violation", INSPECTED, VIOLATION_CONFIRMED),
    _t("find_unfounded", INSPECTED, UNFOUNDED, linked_findings_cleared),
    _t("issue_document", [INSPECTED, VIOLATION_CONFIRMED, *AFTER_PENALTY], None),
    _t(
        "decide_penalty",
        [VIOLATION_CONFIRMED, PENALTY_DECIDED],
        PENALTY_DECIDED,
        agency_has_not_decided,
    ),
    _t("notify_authorities", [*AFTER_PENALTY, RECHECKED], None),
    _t("announce", [*AFTER_PENALTY, RECHECKED], None, something_to_announce),
    _t(
        "start_suspension",
        PENALTY_DECIDED,
        SUSPENDED,
        suspension_decided,
        suspension_order_issued,
    ),
    _t("apply_resumption", SUSPENDED, RESUMPTION_APPLIED, suspension_served),
    _t("accept_resumption", RESUMPTION_APPLIED, RESUMPTION_ACCEPTED),
    _t("reject_resumption", RESUMPTION_APPLIED, SUSPENDED),
    _t("record_recheck", RECHECKABLE, VIOLATION_CONFIRMED, continues=True),
    _t("record_recheck", RECHECKABLE, RECHECKED, continues=False),
    _t(
        "record_recheck",
        SUSPENDED,
        VIOLATION_CONFIRMED,
        closure_decided,
        continues=True,
    ),
    _t("record_recheck", SUSPENDED, RECHECKED, closure_decided, continues=False),
    _t("close_case", RECHECKED, CLOSED, authorities_notified, no_pending_escalation),
    _t("close_case", UNFOUNDED, CLOSED, recheck_not_required, no_pending_escalation),
    _t("escalate", NOT_CLOSED, None),
    _t("record_government_decision", NOT_CLOSED, None, escalation_pending),
    _t("add_tipoff", NOT_CLOSED, None),
]
machine = Machine(
    model=None,
    states=list(STATES),
    transitions=TRANSITIONS,
    initial=OPENED,
    auto_transitions=False,
    send_event=True,
)
# Deciding adds a model to the shared machine for a moment; one decision at a time.
_deciding = threading.Lock()


def allowed_triggers(state: str) -> list[str]:
    """The triggers a case in this state may be given (guards may still refuse)."""
    return sorted(machine.get_triggers(state))


def decide(case: Case, trigger: str, **facts: Any) -> str:
    """The state a case moves to on a trigger, or TransitionRefusedError."""
    case_id, state = case["case_id"], case["state"]
    if trigger not in machine.events:
        raise TransitionRefusedError(
            case_id, state, trigger, reason=f"unknown trigger; known: {triggers()}"
        )
    probe = SimpleNamespace()
    with _deciding:
        machine.add_model(probe, initial=state)
        try:
            moved = probe.trigger(trigger, case=case, facts=facts)
        except MachineError:
            allowed = allowed_triggers(state)
            raise TransitionRefusedError(
                case_id, state, trigger, reason=f"allowed now: {allowed}"
            ) from None
        finally:
            machine.remove_model(probe)
    if not moved:
        # Unreachable while every branching trigger has a branch for each outcome.
        raise TransitionRefusedError(
            case_id, state, trigger, guard="branch", reason="no branch matched"
        )
    return str(probe.state)


def triggers() -> list[str]:
    """Every trigger the life cycle knows."""
    return sorted(machine.events)


def table() -> list[dict[str, Any]]:
    """The life cycle as rows: trigger, source, destination, guards, branch."""
    rows = []
    for trigger, event in machine.events.items():
        for source, listed in event.transitions.items():
            for t in listed:
                names = [
                    (getattr(c.func, "__name__", str(c.func)), c.target)
                    for c in t.conditions
                ]
                branch = [("" if ok else "not ") + n for n, ok in names if n == BRANCH]
                rows.append(
                    {
                        "trigger": trigger,
                        "source": source,
                        "dest": t.dest or source,
                        "guards": [n for n, _ in names if n != BRANCH],
                        "branch": branch[0] if branch else "",
                    }
                )
    return rows
