"""The case and tip-off commands as an officer drives them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

OFFICER = ("--officer", "王强", "--agency", "emergency")
REGISTRY = (
    Path(__file__).resolve().parents[2] / "workflows" / "data" / "xinzhou_mines.csv"
)


@pytest.fixture
def overcap(cli_env):
    env = cli_env

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    return run


def test_an_officer_takes_a_tipoff_attaches_it_and_advances_the_case(overcap):
    overcap("import", "registry", str(REGISTRY))
    taken = json.loads(
        overcap(
            "tipoff",
            "receive",
            "--content",
            "夜班超产",
            "--mine-hint",
            "某矿",
            "--informant-name",
            "李四",
            "--json",
        ).stdout
    )
    assert taken["case_id"] is None
    waiting = json.loads(overcap("tipoffs", "--unmatched", "--json").stdout)
    assert [t["receipt"] for t in waiting] == [taken["receipt"]]
    attached = json.loads(
        overcap(
            "tipoff", "attach", taken["receipt"], "M0178", *OFFICER, "--json"
        ).stdout
    )
    case_id = attached["case_id"]
    refused = overcap("case", "advance", case_id, "close_case", *OFFICER, ok=False)
    assert refused.returncode == 2 and "close_case" in refused.stderr
    plan = {
        "planned_for": "2099-01-01",
        "team": [{"officer": "王强", "agency": "emergency"}],
        "key_points": {"emergency": ["调度台账"]},
    }
    overcap(
        "case",
        "advance",
        case_id,
        "plan_inspection",
        "--data",
        json.dumps(plan),
        *OFFICER,
    )
    shown = json.loads(overcap("case", "show", case_id, "--json").stdout)
    assert shown["state"] == "inspection_planned"
    assert "record_inspection" in shown["allowed_triggers"]
    assert "李四" not in json.dumps(shown, ensure_ascii=False)
    listed = json.loads(overcap("cases", "M0178", "--json").stdout)
    assert [c["case_id"] for c in listed] == [case_id]
