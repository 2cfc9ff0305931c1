import json
from datetime import UTC, date, datetime

import pytest

from domain.errors import InvalidInputError
from domain.sharing import LATE, MISSING, ON_TIME


def register(app, key="M0178", name="保德煤矿"):
    app.register_mine(key=key, name_zh=name, name_en="Baode Coal Mine")


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


PRODUCTION = {"kind": "production", "text": "11月原煤产量 output", "mine_key": "M0178"}


def test_filing_times_are_judged_in_shanghai_time(container):
    app = container.app
    register(app)
    # 15:59 UTC on the 2nd is 23:59 in Shanghai: on time.
    app.file_submission("2025-11", "energy", [PRODUCTION], at=utc(2025, 12, 2, 15, 59))
    # 16:01 UTC on the 2nd is 00:01 on the 3rd in Shanghai: late.
    app.file_submission(
        "2025-11",
        "emergency",
        [dict(PRODUCTION, kind="inspection")],
        at=utc(2025, 12, 2, 16, 1),
    )

    status = app.sharing_status("2025-11", at=utc(2025, 12, 3, 1, 0))

    assert status["energy"]["state"] == ON_TIME
    assert status["emergency"]["state"] == LATE
    assert status["inspectorate"]["state"] == MISSING


def test_a_shared_item_shows_in_the_mines_history(container):
    app = container.app
    register(app)

    app.file_submission("2025-11", "energy", [PRODUCTION], at=utc(2025, 12, 1, 2))

    events = [type(e).__name__ for e in app.events_of("M0178")]
    assert events[-1] == "SharedItemRecorded"
    assert app.mine("M0178").shared_items[0]["item"] == "EN-01"


def test_a_bad_line_in_a_file_saves_nothing(container, tmp_path):
    app = container.app
    register(app)
    path = tmp_path / "energy.csv"
    path.write_text(
        "kind,text,mine_key,fig_raw_coal_t\n"
        "production,产量 output,M0178,118500\n"
        "production,产量 output,M9999,1\n",
        encoding="utf-8",
    )

    with pytest.raises(InvalidInputError, match="line 3 mine_key"):
        app.file_submission_file("2025-11", "energy", path, at=utc(2025, 12, 1, 2))

    assert app.sharing_status("2025-11", at=utc(2025, 12, 1, 3))["energy"]["items"] == 0
    assert [type(e).__name__ for e in app.events_of("M0178")] == ["Registered"]


def test_a_correction_after_compilation_shows_in_the_next_bulletin(container, tmp_path):
    app = container.app
    register(app)
    app.set_liaison("energy", name="李娜", since=date(2025, 1, 1))
    path = tmp_path / "energy.json"
    path.write_text(json.dumps({"items": [dict(PRODUCTION, id="")]}), "utf-8")
    app.file_submission_file("2025-11", "energy", path, at=utc(2025, 12, 1, 2))
    app.compile_bulletin("2025-11", at=utc(2025, 12, 3, 2))
    corrected = dict(PRODUCTION, id="EN-01", figures={"raw_coal_t": 121_000})

    app.file_submission(
        "2025-11",
        "energy",
        [corrected],
        reason="统计口径更正 figure corrected",
        at=utc(2025, 12, 10, 2),
    )
    app.compile_bulletin("2025-12", at=utc(2026, 1, 3, 2))

    text = app.bulletin_text("2025-12")
    assert "统计口径更正 figure corrected" in text
    assert app.sharing_round("2025-11").corrections[0]["reported_in"] == "2025-12"
    assert "李娜" in app.bulletin_text("2025-11")


def test_an_acknowledgement_and_an_escalation_with_its_decision(container):
    app = container.app
    register(app)
    app.file_submission("2025-11", "energy", [PRODUCTION], at=utc(2025, 12, 1, 2))
    app.compile_bulletin("2025-11", at=utc(2025, 12, 3, 2))

    app.acknowledge_bulletin("2025-11", "inspectorate", by="赵", at=utc(2025, 12, 3, 3))
    app.escalate_item(
        "2025-11",
        "EN-01",
        "emergency",
        reason="超产 over capacity",
        at=utc(2025, 12, 4),
    )
    app.record_decision(
        "2025-11", "EN-01", decision="停产整顿 suspend", document="忻政函〔2025〕9号"
    )

    text = app.bulletin_text("2025-11")
    assert "赵" in text
    assert "停产整顿 suspend 忻政函〔2025〕9号" in text


def test_a_referral_is_recorded_on_the_round(container):
    app = container.app
    register(app)
    app.file_submission("2025-11", "energy", [PRODUCTION], at=utc(2025, 12, 1, 2))
    app.compile_bulletin("2025-11", at=utc(2025, 12, 3, 2))

    round_ = app.refer_item(
        "2025-11", "EN-01", "energy", by="王强", at=utc(2025, 12, 4)
    )

    assert round_.actions["EN-01"]["mine_key"] == "M0178"
    assert app.sharing_round("2025-11").actions["EN-01"]["action"] == "referred"


def test_a_second_liaison_replaces_the_first(container):
    app = container.app
    app.set_liaison("emergency", name="王强", since=date(2025, 1, 1))
    app.set_liaison("emergency", name="刘洋", since=date(2025, 9, 1))

    on = app.liaisons_on(date(2025, 9, 1))["emergency"]
    assert on["name"] == "刘洋"
    assert app.agency("emergency").liaisons[0]["until"] == date(2025, 9, 1)


def test_meeting_measures_show_overdue(container, clock):
    app = container.app
    app.record_meeting(
        held_on=date(2025, 12, 5),
        attendees={"energy": ["李娜"], "inspectorate": ["赵"]},
        inspections=["联合检查 joint inspection"],
        analysis="分析 analysis",
        measures=[
            {"text": "回头看 recheck", "owner": "emergency", "due": date(2025, 12, 6)}
        ],
    )
    clock.today = date(2025, 12, 7)

    assert [m["state"] for m in app.measures()] == ["overdue"]


def test_the_demo_round_files_compiles_and_flags_the_late_agency(container):
    from domain.periods import Month
    from workflows.demo import generate
    from workflows.gem import bundled_xinzhou_path, parse_registry
    from workflows.sharing_demo import demo_round

    app = container.app
    parsed = parse_registry(bundled_xinzhou_path())
    app.import_registry(parsed, capacity_effective=date(2020, 1, 1), source="GEM")
    generate(app, months=3)

    text = demo_round(app, Month(2025, 11))

    assert text.startswith("# 忻州市煤矿超能力生产联合监管信息通报 2025年11月")
    assert "逾期报送 late" in text
    assert "演示生成" in text
    assert demo_round(app, Month(2025, 11)) == text


def test_a_referral_opens_a_linked_case_on_the_mine(container):
    from domain.mine import Mine

    if not hasattr(Mine, "open_case"):
        pytest.skip("the Mine has no case life cycle yet")
    app = container.app
    register(app)
    app.set_liaison("energy", name="李娜", since=date(2025, 1, 1))
    app.file_submission("2025-11", "energy", [PRODUCTION], at=utc(2025, 12, 1, 2))
    app.compile_bulletin("2025-11", at=utc(2025, 12, 3, 2))

    round_ = app.refer_item("2025-11", "EN-01", "energy", at=utc(2025, 12, 4))

    case = round_.actions["EN-01"]["case"]
    assert case in app.mine("M0178").cases
    assert app.mine("M0178").cases[case]["origin"] == "bulletin"
