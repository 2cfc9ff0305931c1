"""The case life cycle as a decider: every transition, every refusal, every guard."""

from datetime import date
from typing import Any

import pytest

from domain.case_facts import STATES
from domain.errors import TransitionRefusedError
from domain.rules.deadlines import ANNOUNCE_RESUMPTION, ANNOUNCE_SUSPENSION_ORDER
from workflows.case_machine import (
    allowed_triggers,
    decide,
    machine,
    table,
    triggers,
)

ON = date(2025, 9, 3)


def a_case(state: str, **facts: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "case_id": "M0178-C001",
        "state": state,
        "finding_ids": [],
        "tipoffs": [],
        "inspection_plans": [],
        "violations": [],
        "documents": [],
        "penalties": [],
        "notifications": [],
        "suspensions": [],
        "resumptions": [],
        "escalations": [],
    }
    case.update(facts)
    return case


def facts(**changes: Any) -> dict[str, Any]:
    return {
        "on": ON,
        "agency": "emergency",
        "standing_findings": [],
        "violation_id": "M0178-C001-V1",
        "kind": ANNOUNCE_SUSPENSION_ORDER,
        "violation_continues": False,
        **changes,
    }


# A case that every guard lets through.
READY = {
    "inspection_plans": [{"planned_for": ON}],
    "penalties": [
        {
            "decision_id": "INS-2025-0001",
            "violation_id": "M0178-C001-V1",
            "agency": "inspectorate",
            "suspension_days": 3,
        }
    ],
    "documents": [{"kind": "suspension_order", "number": "EMG-2025-0002"}],
    "notifications": [{"recipients": ["保德县人民政府"]}],
    "suspensions": [{"ends_on": ON, "decision_id": "X", "order_number": "Y"}],
}
DECIDED_CLOSURE = [{"escalation_id": "E1", "decision": {"outcome": "close_mine"}}]
PENDING = [{"escalation_id": "E1", "decision": None}]


def ready_case(row: dict[str, Any]) -> dict[str, Any]:
    case = a_case(row["source"], **READY)
    if "closure_decided" in row["guards"]:
        case["escalations"] = DECIDED_CLOSURE
    if "escalation_pending" in row["guards"]:
        case["escalations"] = PENDING
    return case


@pytest.mark.parametrize(
    "row", table(), ids=lambda r: f"{r['trigger']}:{r['source']}:{r['branch']}"
)
def test_every_transition_of_the_table_moves_the_case_to_its_destination(row):
    continues = row["branch"] == "violation_continues"
    decided = decide(
        ready_case(row), row["trigger"], **facts(violation_continues=continues)
    )
    assert decided == row["dest"]


REFUSED = [(s, t) for s in STATES for t in triggers() if t not in allowed_triggers(s)]


@pytest.mark.parametrize(("state", "trigger"), REFUSED)
def test_a_trigger_the_state_does_not_allow_is_refused_naming_state_and_trigger(
    state, trigger
):
    with pytest.raises(TransitionRefusedError) as refused:
        decide(a_case(state, **READY), trigger, **facts())
    assert (refused.value.state, refused.value.trigger) == (state, trigger)
    assert refused.value.guard is None
    assert refused.value.case_id == "M0178-C001"


GUARD_FAILURES = [
    # (trigger, state, case facts, decision facts, guard)
    (
        "record_inspection",
        "inspection_planned",
        {"inspection_plans": [{"planned_for": date(2025, 9, 4)}]},
        {},
        "inspection_date_reached",
    ),
    (
        "find_unfounded",
        "inspected",
        {"finding_ids": ["F0001"]},
        {"standing_findings": ["F0001"]},
        "linked_findings_cleared",
    ),
    (
        "decide_penalty",
        "violation_confirmed",
        {"penalties": [{**READY["penalties"][0], "agency": "emergency"}]},
        {},
        "agency_has_not_decided",
    ),
    (
        "start_suspension",
        "penalty_decided",
        {"penalties": []},
        {},
        "suspension_decided",
    ),
    (
        "start_suspension",
        "penalty_decided",
        {"documents": []},
        {},
        "suspension_order_issued",
    ),
    (
        "apply_resumption",
        "suspended",
        {"suspensions": [{"ends_on": date(2025, 9, 4)}]},
        {},
        "suspension_served",
    ),
    ("record_recheck", "suspended", {}, {}, "closure_decided"),
    (
        "announce",
        "resumption_accepted",
        {},
        {"kind": ANNOUNCE_RESUMPTION},
        "something_to_announce",
    ),
    (
        "close_case",
        "rechecked",
        {"violations": [{"violation_id": "V1"}], "notifications": []},
        {},
        "authorities_notified",
    ),
    ("close_case", "rechecked", {"escalations": PENDING}, {}, "no_pending_escalation"),
    (
        "close_case",
        "unfounded",
        {"tipoffs": [{"receipt": "TIP-2025-000001"}]},
        {},
        "recheck_not_required",
    ),
    ("close_case", "unfounded", {"escalations": PENDING}, {}, "no_pending_escalation"),
    ("record_government_decision", "opened", {}, {}, "escalation_pending"),
]


@pytest.mark.parametrize(
    ("trigger", "state", "case_facts", "changes", "guard"),
    GUARD_FAILURES,
    ids=[f"{g[0]}:{g[4]}" for g in GUARD_FAILURES],
)
def test_a_failed_guard_raises_naming_itself_the_state_and_the_trigger(
    trigger, state, case_facts, changes, guard
):
    case = a_case(state, **{**READY, **case_facts})
    with pytest.raises(TransitionRefusedError) as refused:
        decide(case, trigger, **facts(**changes))
    assert refused.value.guard == guard
    assert (refused.value.state, refused.value.trigger) == (state, trigger)
    assert guard in str(refused.value) and refused.value.reason


def test_every_guard_of_the_table_has_a_refusal_test():
    guards = {g for row in table() for g in row["guards"]}
    assert guards == {g[4] for g in GUARD_FAILURES}


def test_a_recheck_finding_the_violation_continuing_goes_back_to_confirmed():
    case = a_case("resumption_accepted")
    assert decide(case, "record_recheck", **facts(violation_continues=True)) == (
        "violation_confirmed"
    )
    assert decide(case, "record_recheck", **facts(violation_continues=False)) == (
        "rechecked"
    )


def test_an_unfounded_tipoff_closes_only_after_its_recheck():
    tipoff = a_case("unfounded", tipoffs=[{"receipt": "TIP-2025-000001"}])
    with pytest.raises(TransitionRefusedError):
        decide(tipoff, "close_case", **facts())
    assert decide(tipoff, "record_recheck", **facts()) == "rechecked"
    assert decide(a_case("rechecked"), "close_case", **facts()) == "closed"
    # An unfounded finding (a data error, no tip-off) needs no recheck (R21).
    assert decide(a_case("unfounded"), "close_case", **facts()) == "closed"


def test_an_unknown_trigger_and_automatic_jumps_are_refused():
    for trigger in ("fly", "to_closed"):
        with pytest.raises(TransitionRefusedError) as refused:
            decide(a_case("opened"), trigger, **facts())
        assert refused.value.trigger == trigger


def test_a_closed_case_allows_nothing():
    assert allowed_triggers("closed") == []


def test_deciding_leaves_no_model_on_the_machine_even_when_refused():
    decide(a_case("opened"), "plan_inspection", **facts())
    with pytest.raises(TransitionRefusedError):
        decide(a_case("opened"), "close_case", **facts())
    assert machine.models == []


def test_the_machine_knows_every_case_state():
    assert set(machine.states) == set(STATES)
