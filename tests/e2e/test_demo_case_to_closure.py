"""A generated over-capacity case from the demo, driven to closure from the CLI.

Each step happens on its own business date (OVERCAP_BUSINESS_DATE), as it would over
weeks: the inspection on its planned day, the resumption after the suspension.
"""

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from workflows.application import shanghai_today

WANG = ("--officer", "王强", "--agency", "emergency")
SUN = ("--officer", "孙立", "--agency", "inspectorate")
ZHAO = ("--officer", "赵敏", "--agency", "energy")


@pytest.fixture
def overcap(cli_env):
    env = cli_env

    def run(*args: str, on: date | None = None) -> str:
        extra = {"OVERCAP_BUSINESS_DATE": on.isoformat()} if on else {}
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def advance(overcap, case_id, trigger, who, on, **data) -> None:
    overcap(
        "case", "advance", case_id, trigger, *who, "--data", json.dumps(data), on=on
    )


def test_a_generated_over_capacity_case_is_driven_to_closure(overcap):
    overcap("demo")
    board = json.loads(overcap("board", "--json"))
    cases = [json.loads(overcap("case", "show", c["case_id"], "--json")) for c in board]
    case = next(c for c in cases if c["state"] == "opened" and not c["escalations"])
    case_id = case["case_id"]
    rule, period = case["reference"].split()
    day = shanghai_today()
    team = [
        {"officer": "王强", "agency": "emergency"},
        {"officer": "孙立", "agency": "inspectorate"},
    ]

    advance(
        overcap,
        case_id,
        "plan_inspection",
        WANG,
        day,
        planned_for=(day + timedelta(days=3)).isoformat(),
        team=team,
        key_points={"emergency": ["调度台账"], "inspectorate": ["井下工作面"]},
    )
    day += timedelta(days=3)
    advance(
        overcap,
        case_id,
        "record_inspection",
        WANG,
        day,
        documents_read=["调度台账"],
        staff_interviewed=["调度主任"],
        faces_visited=["综采工作面"],
        findings=[f"{rule} {period} 超能力"],
    )
    advance(
        overcap,
        case_id,
        "confirm_violation",
        WANG,
        day,
        rule=rule,
        period=period,
        violation_date=day.isoformat(),
        excess_tonnes=1_000,
        evidence=["调度台账"],
    )
    day += timedelta(days=1)
    advance(
        overcap,
        case_id,
        "decide_penalty",
        SUN,
        day,
        company_fine=500_000,
        person_fine=30_000,
    )
    advance(overcap, case_id, "issue_document", SUN, day, kind="suspension_order")
    advance(
        overcap,
        case_id,
        "notify_authorities",
        SUN,
        day,
        recipients=["县人民政府"],
        content="停产整顿",
    )
    advance(overcap, case_id, "start_suspension", SUN, day)
    advance(
        overcap,
        case_id,
        "announce",
        SUN,
        day,
        kind="announce_suspension_order",
        channel="市应急管理局网站",
    )
    shown = json.loads(overcap("case", "show", case_id, "--json", on=day))
    day = date.fromisoformat(shown["suspensions"][-1]["ends_on"]) + timedelta(days=1)
    advance(overcap, case_id, "apply_resumption", SUN, day, application="整改完成")
    day += timedelta(days=5)
    advance(overcap, case_id, "accept_resumption", ZHAO, day, inspectors=["赵敏"])
    advance(
        overcap,
        case_id,
        "announce",
        ZHAO,
        day,
        kind="announce_resumption",
        channel="市能源局网站",
    )
    day += timedelta(days=20)
    advance(
        overcap,
        case_id,
        "record_recheck",
        WANG,
        day,
        violation_continues=False,
        findings=["回头看：未再超产"],
    )
    advance(
        overcap,
        case_id,
        "close_case",
        WANG,
        day,
        summary="罚款并停产整顿，回头看无复发",
    )

    closed = json.loads(overcap("case", "show", case_id, "--json", on=day))
    assert closed["state"] == "closed"
    history = json.loads(overcap("history", case_id.split("-")[0], "--json"))
    steps = [
        e["event"].split(".")[-1]
        for e in history["events"]
        if e["data"].get("case_id") == case_id
    ]
    assert steps[0] == "CaseOpened" and steps[-1] == "CaseClosed"
    for expected in (
        "ViolationConfirmed",
        "PenaltyDecided",
        "SuspensionStarted",
        "ResumptionAccepted",
        "RecheckDone",
    ):
        assert expected in steps
    violations = json.loads(overcap("violations", case_id.split("-")[0], "--json"))
    assert any(v["kind"] == "penalty" and v["case_id"] == case_id for v in violations)
