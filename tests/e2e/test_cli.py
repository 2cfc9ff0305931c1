"""The `overcap` command as a user drives it, on a real PostgreSQL schema."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "gem-gcmt"


@pytest.fixture
def overcap(cli_env):
    env = cli_env

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    return run


def write_outputs(path: Path, lines: list[str]) -> Path:
    path.write_text("mine_key,period,tonnes,agency\n" + "\n".join(lines) + "\n")
    return path


def test_the_demo_loads_54_mines_with_generated_outputs_and_breaches(overcap):
    first = overcap("demo", "--json")
    report = json.loads(first.stdout)
    assert report["registry"]["added"] == 54
    assert len(report["months"]) == 24
    findings = {f.split()[0] for m in report["mines"] for f in m["findings"]}
    assert {"R1", "R2", "R17"} <= findings
    assert all(m["outputs_generated"] for m in report["mines"] if m["output_to_date"])
    # Running it again adds no events.
    again = json.loads(overcap("demo", "--json").stdout)
    assert again["registry"]["added"] == 0 and again["outputs"]["events"] == 0


def test_history_shows_every_event_in_order_and_the_state_then(overcap):
    overcap("demo")
    history = json.loads(overcap("history", "M1836", "--json").stdout)
    versions = [e["version"] for e in history["events"]]
    assert versions == list(range(1, len(versions) + 1))
    assert history["events"][0]["event"] == "Mine.Registered"
    early = json.loads(overcap("history", "M1836", "--version", "3", "--json").stdout)
    assert early["state"]["months_reported"] <= 1 and len(early["events"]) == 3
    as_of = json.loads(
        overcap("history", "M1836", "--as-of", "2025-03-31", "--json").stdout
    )
    assert all(e["on"] <= "2025-03-31" for e in as_of["events"])


def test_an_outputs_import_with_a_bad_line_saves_nothing(overcap, tmp_path):
    overcap("demo")
    before = json.loads(overcap("history", "M0178", "--json").stdout)["version"]
    bad = write_outputs(
        tmp_path / "outputs.csv",
        [
            "M0178,2020-01,1000,energy",
            "M0178,2020-02,-5,energy",
            "M9999,2020-03,1,energy",
        ],
    )
    done = overcap("import", "outputs", str(bad), ok=False)
    assert done.returncode == 2
    assert "line 3, tonnes" in done.stderr and "line 4, mine_key" in done.stderr
    after = json.loads(overcap("history", "M0178", "--json").stdout)["version"]
    assert after == before


def test_a_changed_figure_without_a_reason_is_refused_naming_the_month(overcap):
    overcap("demo")
    history = json.loads(overcap("history", "M0178", "--json").stdout)
    period = next(
        e["data"]["period"]
        for e in history["events"]
        if e["event"] == "Mine.OutputReported"
    )
    done = overcap("report", "M0178", period, "1", "--agency", "energy", ok=False)
    assert (
        done.returncode == 2 and "correction" in done.stderr and period in done.stderr
    )


@pytest.mark.skipif(not SHARED.exists(), reason="the shared GEM data is not beside")
def test_the_registry_import_reports_shifted_rows_by_record_number(overcap):
    csv = str(SHARED / "non_closed_mines.csv")
    done = json.loads(
        overcap("import", "registry", csv, "--prefecture", "Xinzhou", "--json").stdout
    )
    assert done["added"] == 54
    assert [r["record"] for r in done["rejected"]] == [5449]
    again = json.loads(
        overcap("import", "registry", csv, "--prefecture", "Xinzhou", "--json").stdout
    )
    assert again["added"] == 0 and again["unchanged"] == 54
