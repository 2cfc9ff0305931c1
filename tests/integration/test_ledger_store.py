import threading
from datetime import date

import pytest

from api.bootstrap import build
from domain.errors import ConcurrencyConflictError, MineNotFoundError
from domain.mine import Mine


def register(app, key="M0178"):
    app.register_mine(key=key, name_zh="保德煤矿", name_en="Baode Coal Mine")
    app.approve_capacity(
        key,
        kind="approved",
        tonnes=1_200_000,
        effective=date(2020, 1, 1),
        document="GEM",
    )


def test_replaying_a_mine_from_its_events_gives_the_same_state(container):
    app = container.app
    register(app)
    for month in range(1, 12):
        app.report_output(
            "M0178", period=f"2025-{month:02d}", tonnes=125_000, agency="energy"
        )
    live = app.mine("M0178")
    replayed = None
    for stored in app.events_of("M0178"):
        replayed = stored.mutate(replayed)
    assert isinstance(replayed, Mine)
    assert vars(replayed) == vars(live)
    # 125,000 > 120,000 every month: one R2 hazard per month.
    assert [f["rule"] for f in live.findings].count("R2") == 11


def test_snapshots_round_trip(settings, clock):
    container = build(settings, today=clock)
    app = container.app
    register(app)
    # 50 events take a snapshot; the mine reloads the same from it.
    for month in range(1, 13):
        for year in (2021, 2022, 2023, 2024):
            app.report_output(
                "M0178", period=f"{year}-{month:02d}", tonnes=101_000, agency="energy"
            )
    snapshots = list(app.snapshots.get(app.mine("M0178").id))
    assert snapshots, "a snapshot should have been taken"
    from_events = None
    for stored in app.events_of("M0178"):
        from_events = stored.mutate(from_events)
    assert vars(app.mine("M0178")) == vars(from_events)


def test_two_writers_on_one_mine_one_wins_and_the_other_gets_a_conflict(
    settings, clock
):
    first = build(settings, today=clock)
    second = build(settings, today=clock)
    register(first.app)
    a = first.app.mine("M0178")
    b = second.app.mine("M0178")
    barrier = threading.Barrier(2)
    outcomes = {}

    def write(name, app, mine, period):
        mine.report_output(
            period=period, tonnes=100_000, agency="energy", on=clock(), config=app.rules
        )
        barrier.wait()
        try:
            app.commit(mine)
            outcomes[name] = "saved"
        except ConcurrencyConflictError as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=write, args=("a", first.app, a, "2025-01")),
        threading.Thread(target=write, args=("b", second.app, b, "2025-02")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(str(type(o).__name__) for o in outcomes.values()) == [
        "ConcurrencyConflictError",
        "str",
    ]
    loser = next(o for o in outcomes.values() if not isinstance(o, str))
    assert loser.subject == "M0178" and loser.current == 3
    # The loser retries on a fresh load and nothing is lost.
    winner_period = "2025-01" if outcomes["a"] == "saved" else "2025-02"
    loser_period = "2025-02" if winner_period == "2025-01" else "2025-01"
    retry = first.app if outcomes["a"] != "saved" else second.app
    retry.report_output("M0178", period=loser_period, tonnes=100_000, agency="energy")
    assert sorted(first.app.mine("M0178").outputs) == ["2025-01", "2025-02"]
    for built in (first, second):
        built.app.close()


def test_an_unknown_mine_is_a_clear_error(container):
    with pytest.raises(MineNotFoundError) as error:
        container.app.report_output(
            "M9999", period="2025-01", tonnes=1, agency="energy"
        )
    assert error.value.key == "M9999"


def test_state_as_of_a_date_counts_late_records_dated_earlier(container, clock):
    app = container.app
    register(app)
    clock.today = date(2025, 5, 10)
    app.report_output("M0178", period="2025-04", tonnes=90_000, agency="energy")
    # Entered after the April report, but dated in February.
    clock.today = date(2025, 2, 1)
    app.change_status("M0178", status="mothballed", reason="停产检修 overhaul")

    mine, events = app.mine_as_of("M0178", date(2025, 3, 1))

    assert mine.status == "mothballed" and mine.outputs == {}
    assert [type(e).__name__ for e in events][-1] == "StatusChanged"
    later, _ = app.mine_as_of("M0178", date(2025, 5, 10))
    assert later.outputs == {"2025-04": 90_000}


def test_a_report_dated_after_today_is_refused_whichever_way_it_comes(container):
    from domain.errors import InvalidInputError

    register(container.app)
    with pytest.raises(InvalidInputError) as error:
        container.app.report_output(
            "M0178",
            period="2025-10",
            tonnes=1,
            agency="energy",
            on=date(2025, 12, 6),  # the clock says 2025-12-05
        )
    assert error.value.field == "reported_on"
    assert container.app.mine("M0178").outputs == {}
