"""The case life cycle: one state machine, used only to decide a case's next state.

The machine has no model of its own. To decide, a throwaway model is put at the
case's state, the trigger is fired, the new state is read and the model removed;
the aggregate stores only the state's name, and replay never comes here. A guard
that fails raises TransitionRefusedError naming itself: it never returns False.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from transitions import Machine, MachineError

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
from workflows.case_guards import (
    BRANCH,
    Case,
    Facts,
    Guard,
    agency_has_not_decided,
    authorities_notified,
    closure_decided,
    escalation_pending,
    inspection_date_reached,
    linked_findings_cleared,
    no_pending_escalation,
    recheck_not_required,
    something_to_announce,
    suspension_decided,
    suspension_order_issued,
    suspension_served,
    violation_continues,
)

AFTER_PENALTY = [PENALTY_DECIDED, SUSPENDED, RESUMPTION_APPLIED, RESUMPTION_ACCEPTED]
NOT_CLOSED = [s for s in STATES if s != CLOSED]


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
        "conditions": [Guard(g) for g in guards],
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
# Every decision fires a transition, which the library logs at INFO: keep it quiet.
logging.getLogger("transitions").setLevel(logging.WARNING)
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
