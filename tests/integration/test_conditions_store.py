"""Licences, announcements and conditions on PostgreSQL, imported all or nothing."""

import json
from datetime import date

import pytest

from domain.errors import ImportRejectedError
from domain.mine import Mine

SCOPE = {
    "capacity_tpa": 1_200_000,
    "levels": ["+850"],
    "districts": ["N1"],
    "coal_faces": 1,
    "heading_faces": 3,
    "mining_method": "综采",
}
CONDITIONS = {
    "period": "2025-11",
    "levels": ["+850"],
    "districts": [
        {
            "id": "N1",
            "layout": "single_wing_single_seam",
            "coal_faces": 1,
            "coal_headings": 1,
            "semi_coal_headings": 1,
            "rock_headings": 1,
        }
    ],
    "mining_method": "综采",
    "capacity_tpa": 1_200_000,
    "longwall_faces": 1,
    "development_reserve_t": 12_000_000,
    "preparation_reserve_t": 2_400_000,
    "extraction_reserve_t": 1_200_000,
    "gas_class": "low",
    "hydrogeology": "simple",
    "rock_burst": False,
}


def records(**changes):
    return [
        {
            "kind": "licence",
            "action": "issue",
            "mine_key": "M0178",
            "on": "2024-01-05",
            "number": "(晋)MK安许证字〔2024〕001号",
            "valid_from": "2024-01-01",
            "valid_to": "2026-12-31",
            "scope": SCOPE,
        },
        {
            "kind": "announcement",
            "mine_key": "M0178",
            "on": "2024-02-01",
            "document": "忻能源公告〔2024〕1号",
            "published": "2024-02-01",
            "scope": SCOPE,
        },
        {
            "kind": "conditions",
            "mine_key": "M0178",
            "on": "2025-12-03",
            "conditions": {**CONDITIONS, **changes},
        },
    ]


@pytest.fixture
def app(container):
    app = container.app
    app.register_mine(key="M0178", name_zh="保德煤矿", name_en="Baode Coal Mine")
    return app


def test_a_licence_mismatch_is_found_and_the_history_shows_report_then_finding(
    app, tmp_path
):
    path = tmp_path / "conditions.json"
    bigger = {
        **CONDITIONS["districts"][0],
        "layout": "double_wing_or_multi_seam",
        "coal_headings": 2,
    }
    path.write_text(
        json.dumps({"reports": records(districts=[bigger])}, ensure_ascii=False),
        encoding="utf-8",
    )

    report = app.import_conditions(path)

    # 2 coal + 1 semi-coal + 1 rock = 4 headings against the licence's 3; R7
    # allows a double-wing district 4 coal and semi-coal headings, so only R11.
    assert (report.added, report.unchanged) == (3, 0)
    names = [type(e).__name__ for e in app.events_of("M0178")]
    assert names[-4:] == [
        "CapacityAnnouncementPublished",
        "ConditionsReported",
        "FindingRecorded",
        "CaseOpened",
    ]
    mine = app.mine("M0178")
    finding = mine.findings[-1]
    assert (finding["rule"], finding["outcome"]) == ("R11", "stop_and_rectify")
    case = next(iter(mine.cases.values()))
    assert (case["origin"], case["finding_ids"]) == ("finding", [finding["finding_id"]])
    assert "停产整改" in case["reference"]


def test_importing_the_same_file_twice_adds_nothing(app, tmp_path):
    path = tmp_path / "conditions.json"
    path.write_text(json.dumps(records()), encoding="utf-8")
    app.import_conditions(path)
    version = app.mine("M0178").version

    again = app.import_conditions(path)

    assert (again.added, again.unchanged, again.events) == (0, 3, 0)
    assert app.mine("M0178").version == version


def test_one_bad_record_rejects_the_whole_file_and_names_each_bad_record(app):
    bad = records()
    bad[1]["published"] = "2024-02-30"
    bad.append({"kind": "conditions", "mine_key": "M9999", "conditions": CONDITIONS})

    with pytest.raises(ImportRejectedError) as raised:
        app.conditions_records(bad, "test")

    assert [(n, field) for n, field, _ in raised.value.problems] == [
        (2, "published"),
        (4, "mine_key"),
    ]
    assert app.mine("M0178").licence is None


def test_the_conditions_view_reloads_from_the_store(app):
    app.conditions_records(records(mining_method="炮采"), "test")

    view = app.conditions_view("M0178")

    rows = {r["field"]: r for r in view["rows"]}
    assert rows["mining_method"]["differs"] is True
    assert view["licence"]["valid_to"] == date(2026, 12, 31)
    assert isinstance(app.mine("M0178"), Mine)


def test_the_demo_gives_the_xinzhou_mines_conditions_with_three_breaches(
    container, clock
):
    from workflows.conditions_demo import generate_conditions
    from workflows.gem import bundled_xinzhou_path, parse_registry

    app = container.app
    app.import_registry(
        parse_registry(bundled_xinzhou_path()),
        capacity_effective=date(2020, 1, 1),
        source="bundled",
    )

    report = generate_conditions(app, "2025-11")

    found = {}
    for key in app.mine_keys():
        for finding in app.mine(key).current_findings():
            found.setdefault((finding["rule"], finding["outcome"]), []).append(key)
    assert ("R7", "major_hazard") in found
    assert ("R9", "major_hazard") in found
    assert ("R5", "tight_succession") in found
    tight = found[("R5", "tight_succession")][0]
    # Recorded on 2025-12-05 with no measure: overdue from the next day.
    clock.today = date(2025, 12, 6)
    assert app.conditions_view(tight)["open_measures"][0]["overdue"] is True
    assert generate_conditions(app, "2025-11").events == 0
    assert report.added > 100


def test_a_snapshot_of_a_mine_with_conditions_reloads_the_same(app):
    app.conditions_records(records(), "test")
    shift = {"shift": "早班", "working_place": "8101", "headcount": 20, "limit": 30}
    days = [
        {
            "kind": "headcounts",
            "mine_key": "M0178",
            "on": "2025-12-05",
            "day": f"2025-{month:02d}-{day:02d}",
            "shifts": [shift],
        }
        for month in (9, 10)
        for day in range(1, 29)
    ]

    app.conditions_records(days, "test")

    # 1 registration + 3 reports + 56 headcounts: the 50th event took a snapshot.
    mine = app.mine("M0178")
    assert list(app.snapshots.get(mine.id))
    replayed = None
    for stored in app.events_of("M0178"):
        replayed = stored.mutate(replayed)
    assert vars(replayed) == vars(mine)
