import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from api.bootstrap import build
from domain.errors import RuleRefusedError
from domain.registers import DocumentNumber
from projections.locks import ProjectorRunningError
from projections.rebuild import rebuild
from projections.verify import verify

ROOT = Path(__file__).resolve().parents[2]
MINES = ("M0101", "M0102", "M0103", "M0104")


@pytest.fixture
def built(settings, clock):
    container = build(settings, today=clock)
    yield container
    container.close()


def register(app, key, county="保德县"):
    app.register_mine(
        key=key,
        name_zh=f"{key}煤矿",
        name_en=f"{key} Coal Mine",
        county_zh=county,
        county_en="Baode",
    )
    app.approve_capacity(
        key,
        kind="approved",
        tonnes=1_200_000,
        effective=date(2020, 1, 1),
        document="晋能源 2020-1",
    )


def projector_env(container):
    env = dict(os.environ)
    env.update(container.database.params)
    env["POSTGRES_SCHEMA"] = container.database.schema
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_projector(container, *args, running=False):
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "project", *args, "--interval", "0.5"],
        cwd=ROOT,
        env=projector_env(container),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait for the line it logs once every runner has started.
    while running and "projecting" not in process.stderr.readline():
        if process.poll() is not None:
            raise AssertionError(f"the projector exited: {process.stderr.read()}")
    return process


def wait_caught_up(container, timeout=60.0):
    deadline = time.monotonic() + timeout
    models = container.read_models
    while time.monotonic() < deadline:
        positions = [models.position(name) for name in models.names]
        if all(p.pending == 0 for p in positions):
            return positions
        time.sleep(0.2)
    raise AssertionError(f"projector did not catch up: {positions}")


def test_corrections_supersede_the_first_figure_and_limits_are_time_weighted(built):
    app = built.app
    register(app, "M0101")
    app.approve_capacity(
        "M0101",
        kind="approved",
        tonnes=2_400_000,
        effective=date(2025, 7, 1),
        document="晋能源 2025-7",
    )
    app.report_output("M0101", period="2025-01", tonnes=130_000, agency="energy")
    app.correct_output(
        "M0101", period="2025-01", tonnes=110_000, agency="energy", reason="笔误 typo"
    )
    app.report_output("M0101", period="2025-07", tonnes=200_000, agency="energy")

    built.read_models.fresh("monthly_output")
    chart = built.read_models.view("monthly_output").chart("M0101", 2025)

    january, july = chart["months"][0], chart["months"][6]
    # The correction replaces 130,000: counted once, as 110,000 (≤ 120,000).
    assert january["tonnes"] == 110_000 and january["corrections"] == 1
    assert not january["over_monthly"]
    # July's capacity is 2,400,000: limit 240,000, so 200,000 is within it.
    assert july["monthly_limit"] == "240000" and not july["over_monthly"]
    # 6 × 1,200,000 / 12 + 6 × 2,400,000 / 12 = 1,800,000.
    assert chart["annual_limit"] == "1800000"
    assert chart["output"] == 310_000


def test_key_supervision_lists_the_mine_from_its_first_r17_finding(built, clock):
    app = built.app
    register(app, "M0101")
    register(app, "M0102")
    clock.today = date(2026, 1, 5)
    # 12 × 150,000 = 1,800,000 = 1.5 × 1,200,000: key supervision (≥).
    for month in range(1, 13):
        app.report_output(
            "M0101", period=f"2025-{month:02d}", tonnes=150_000, agency="energy"
        )

    built.read_models.fresh("key_supervision")
    view = built.read_models.view("key_supervision")
    rows = view.schedule(date(2026, 3, 1), app.rules)

    assert [r["mine_key"] for r in rows] == ["M0101"]
    # Never inspected: due one month after 2026-01-05, so overdue by 2026-03-01.
    assert rows[0]["since"] == date(2026, 1, 5)
    assert rows[0]["every_months"] == 1
    assert rows[0]["next_due"] == date(2026, 2, 5) and rows[0]["overdue"]
    everyone = view.schedule(date(2026, 3, 1), app.rules, everyone=True)
    assert [r["every_months"] for r in everyone] == [1, 3]

    # An inspection on 2026-02-20 makes the next one due 2026-03-20.
    mine = app.mine("M0101")
    case_id = mine.open_case(
        origin="inspection", summary="重点监管检查", actor=OFFICER, on=date(2026, 2, 1)
    )
    mine.record_inspection(
        case_id,
        state="inspected",
        documents_read=["产量台账 output ledger"],
        staff_interviewed=[],
        faces_visited=["8101 工作面"],
        findings=[],
        actor=OFFICER,
        on=date(2026, 2, 20),
    )
    app.commit(mine)
    built.read_models.fresh("key_supervision")
    row = view.schedule(date(2026, 3, 1), app.rules)[0]
    assert row["last"] == date(2026, 2, 20)
    assert row["next_due"] == date(2026, 3, 20) and not row["overdue"]


def test_verify_finds_nothing_on_normal_data_and_names_a_row_altered_by_hand(built):
    app = built.app
    for key in MINES[:2]:
        register(app, key)
        app.report_output(key, period="2025-03", tonnes=90_000, agency="energy")
    models = built.read_models
    models.fresh("monthly_output")

    assert verify(models, "monthly_output") == []

    with built.database.connect(autocommit=True) as conn:
        conn.execute(
            f'UPDATE "{built.database.schema}".monthly_output_months '
            "SET tonnes = 1 WHERE period = '2025-03' AND mine_id = "
            f'(SELECT mine_id FROM "{built.database.schema}".monthly_output_mines '
            "WHERE mine_key = 'M0102')"
        )
    differences = verify(models, "monthly_output")
    assert len(differences) == 1
    assert "monthly_output_months" in differences[0] and "M0102" in differences[0]


def test_rebuild_swaps_in_an_equal_model_and_refuses_while_a_projector_runs(built):
    app = built.app
    register(app, "M0101")
    app.report_output("M0101", period="2025-03", tonnes=90_000, agency="energy")
    models = built.read_models
    before = models.fresh("monthly_output")

    after = rebuild(models, "monthly_output")

    assert after.position == before.position and after.pending == 0
    assert models.view("monthly_output").chart("M0101", 2025)["output"] == 90_000
    assert verify(models, "monthly_output") == []
    # A projector elsewhere holds the lock (its own session): rebuild refuses.
    with models.lock("monthly_output"), pytest.raises(ProjectorRunningError):
        rebuild(models, "monthly_output")


def test_a_second_projector_says_so_in_one_line_and_exits_non_zero(built):
    first = start_projector(built, running=True)
    try:
        second = start_projector(built)
        out, err = second.communicate(timeout=60)
        assert second.returncode != 0
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if "already running" in line]
        assert len(lines) == 1 and "投影程序已在运行" in lines[0]
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    assert first.returncode == 0


def write_stream(app, stop):
    """Reports, corrections and cases for several mines until told to stop."""
    period = 0
    while not stop.is_set() and period < 420:
        year, month = 1990 + period // 12, period % 12 + 1
        for key in MINES:
            app.report_output(
                key,
                period=f"{year}-{month:02d}",
                tonnes=100_000 + 5_000 * (period % 7),
                agency="energy",
            )
            if period % 5 == 0:
                app.correct_output(
                    key,
                    period=f"{year}-{month:02d}",
                    tonnes=99_000,
                    agency="energy",
                    reason="核对 checked",
                )
        if period % 15 == 0:
            # A case with a penalty now and then: dated 2025, numbered in turn.
            day = date(2025, 1, 1) + timedelta(days=period // 15)
            penalise(app, MINES[period % len(MINES)], day, period // 15 + 1)
        period += 1
        time.sleep(0.005)


def writer_was_running(pending_after_each_kill):
    return sum(1 for pending in pending_after_each_kill if pending > 0) >= 3


def test_a_projector_killed_at_random_points_ends_equal_to_a_fresh_rebuild(
    built, clock
):
    app = built.app
    for key in MINES:
        register(app, key)
    stop = threading.Event()
    writer = threading.Thread(target=write_stream, args=(app, stop))
    writer.start()
    rng = random.Random(20251205)
    behind = []
    try:
        for _ in range(6):
            process = start_projector(built)
            time.sleep(rng.uniform(0.8, 2.0))
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            behind.append(built.read_models.position("monthly_output").pending)
    finally:
        stop.set()
        writer.join()

    process = start_projector(built, running=True)
    try:
        positions = wait_caught_up(built)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 0
    # The kills landed while events were still arriving.
    assert writer_was_running(behind), behind
    assert all(p.position is not None for p in positions)
    for name in built.read_models.names:
        assert verify(built.read_models, name) == [], name


OFFICER = {"officer": "李明", "agency": "emergency"}


def penalise(app, key, on, sequence, rule="R2"):
    """Opens a case on the mine, confirms a violation and decides a penalty."""
    mine = app.mine(key)
    case_id = mine.open_case(
        origin="inspection", summary="超能力生产 over capacity", actor=OFFICER, on=on
    )
    violation_id = mine.confirm_violation(
        case_id,
        state="violation_confirmed",
        rule=rule,
        period=f"{on.year}-01",
        evidence=["产量台账 output ledger"],
        actor=OFFICER,
        on=on,
        config=app.rules,
        violation_date=on,
        excess_tonnes=10_000,
    )
    number = DocumentNumber("emergency", on.year, sequence, "penalty_decision")
    mine.decide_penalty(
        case_id,
        state="penalty_decided",
        number=number,
        violation_id=violation_id,
        company_fine=500_000,
        person_fine=30_000,
        actor=OFFICER,
        on=on,
        config=app.rules,
    )
    app.commit(mine)
    return case_id, number.number


def test_a_capacity_change_right_after_a_penalty_is_refused_without_a_projector(
    built, clock
):
    app = built.app
    register(app, "M0101")
    penalise(app, "M0101", date(2025, 3, 1), 1)
    clock.today = date(2025, 9, 1)
    app.apply_capacity_change("M0101", kind="increase", tonnes=300_000)
    _, second = penalise(app, "M0101", date(2025, 9, 1), 2)

    # No projector has run: the decision reads the mine's own events.
    assert built.read_models.position("capacity_bar").position is None
    with pytest.raises(RuleRefusedError) as refused:
        app.apply_capacity_change("M0101", kind="decrease", tonnes=300_000)

    assert refused.value.rule == "R18"
    assert second in refused.value.penalty_ids and len(refused.value.penalty_ids) == 2
    assert second in str(refused.value)
    changes = app.mine("M0101").capacity_changes
    assert [c["refused"] for c in changes] == [False, True]


@pytest.mark.parametrize(
    ("second_on", "barred"),
    [
        # 2024-03-01 + 365 days = 2025-03-01: both in the window, barred.
        (date(2025, 3, 1), True),
        # 2024-03-01 + 366 days = 2025-03-02: the first fell out, not barred.
        (date(2025, 3, 2), False),
    ],
)
def test_r18_counts_penalties_365_days_apart_but_not_366(
    built, clock, second_on, barred
):
    app = built.app
    register(app, "M0101")
    penalise(app, "M0101", date(2024, 3, 1), 1)
    penalise(app, "M0101", second_on, 2)
    clock.today = second_on

    built.read_models.fresh("capacity_bar")
    rows = built.read_models.view("capacity_bar").barred(second_on, app.rules)

    assert bool(rows) is barred
    if barred:
        assert rows[0]["mine_key"] == "M0101" and rows[0]["counted"] == 2
        with pytest.raises(RuleRefusedError):
            app.apply_capacity_change("M0101", kind="increase", tonnes=1)
    else:
        application = app.apply_capacity_change("M0101", kind="increase", tonnes=1)
        assert application["refused"] is False


def test_violations_board_and_escalations_follow_the_cases(built, clock):
    app = built.app
    register(app, "M0101")
    register(app, "M0102", county="河曲县")
    case_id, decision = penalise(app, "M0101", date(2025, 6, 2), 1)
    mine = app.mine("M0102")
    other = mine.open_case(
        origin="inspection", summary="举报核查", actor=OFFICER, on=date(2025, 6, 3)
    )
    escalation = mine.escalate(
        other, reason="重大问题 major issue", actor=OFFICER, on=date(2025, 6, 4)
    )
    app.commit(mine)

    models = built.read_models
    for name in ("violations", "case_board", "escalations"):
        models.fresh(name)
    history = models.view("violations").history("M0101")
    board = models.view("case_board").board(date(2025, 7, 1), app.rules)
    open_ones = models.view("escalations").search(county="河曲县", status="open")

    assert [(h["kind"], h["rule"]) for h in history] == [
        ("violation", "R2"),
        ("penalty", "R2"),
    ]
    assert history[1]["entry_id"] == decision and history[1]["case_id"] == case_id
    assert {(b["case_id"], b["state"]) for b in board} == {
        (case_id, "penalty_decided"),
        (other, "opened"),
    }
    assert [e["escalation_id"] for e in open_ones] == [escalation]
    assert models.view("escalations").search(county="保德县") == []
    for name in models.names:
        assert verify(models, name) == [], name
