from datetime import date, datetime

import pytest

from domain.agencies import Agency
from domain.bulletin import build_content
from domain.bulletin_text import render_bulletin
from domain.errors import (
    BulletinStateError,
    InvalidInputError,
    ItemAlreadyActedOnError,
    UnknownAgencyError,
)
from domain.meetings import DONE, OPEN, OVERDUE, JointMeeting
from domain.periods import Month
from domain.rules.config import RulesConfig
from domain.sharing import (
    LATE,
    MISSING,
    ON_TIME,
    PENDING,
    SharingRound,
    sharing_deadline,
)
from workflows.calendar import ChineseWorkdayCalendar

CALENDAR = ChineseWorkdayCalendar()
PRODUCTION = {
    "kind": "production",
    "text": "原煤产量 raw-coal output",
    "mine_key": "M1",
}
INSPECTION = {
    "kind": "inspection",
    "text": "现场检查 site inspection",
    "mine_key": "M1",
}


def november(config=None):
    deadline = sharing_deadline(Month(2025, 11), config or RulesConfig(), CALENDAR)
    return SharingRound.open(deadline)


def compiled(round_, at=datetime(2025, 12, 3, 9, 0), previous=None, earlier=()):
    content = build_content(
        round_,
        previous=previous,
        earlier_corrections=list(earlier),
        mine_names={"M1": "保德煤矿"},
        liaisons={},
        as_of=at,
    )
    round_.compile(content=content, compiled_at=at)
    return content


def test_the_deadline_is_the_end_of_the_second_of_the_next_month():
    assert november().due == date(2025, 12, 2)


@pytest.mark.parametrize(
    ("filed_at", "state"),
    [
        (datetime(2025, 12, 2, 0, 1), ON_TIME),
        (datetime(2025, 12, 2, 23, 59), ON_TIME),
        (datetime(2025, 12, 3, 0, 1), LATE),
        (datetime(2025, 12, 3, 23, 59), LATE),
    ],
)
def test_a_filing_is_on_time_until_midnight_after_the_deadline_day(filed_at, state):
    round_ = november()
    round_.file(agency="energy", items=[PRODUCTION], by="李", filed_at=filed_at)

    status = round_.status_as_of(datetime(2025, 12, 10))

    assert status["energy"]["state"] == state


def test_an_agency_that_has_not_filed_is_pending_then_missing():
    round_ = november()
    round_.file(
        agency="energy", items=[PRODUCTION], by="李", filed_at=datetime(2025, 12, 1, 9)
    )

    before = round_.status_as_of(datetime(2025, 12, 2, 23, 59))
    after = round_.status_as_of(datetime(2025, 12, 3, 0, 1))

    assert before["emergency"]["state"] == PENDING
    assert after["emergency"]["state"] == MISSING
    assert after["inspectorate"]["state"] == MISSING
    assert after["energy"]["state"] == ON_TIME


def test_a_holiday_deadline_is_kept_by_default_and_moved_on_request():
    # 2025-10-02 falls in the National Day holiday (1 to 8 October 2025).
    kept = sharing_deadline(Month(2025, 9), RulesConfig(), CALENDAR)
    moved = sharing_deadline(
        Month(2025, 9),
        RulesConfig(sharing_deadline_on_holiday="next_working_day"),
        CALENDAR,
    )

    assert kept.due == date(2025, 10, 2)
    assert moved.due == date(2025, 10, 9)
    assert "顺延" in moved.basis_zh


def test_an_amendment_before_compilation_replaces_the_items():
    round_ = november()
    round_.file(
        agency="energy", items=[PRODUCTION], by="李", filed_at=datetime(2025, 12, 1, 9)
    )
    changed = dict(PRODUCTION, id="EN-01", figures={"raw_coal_t": 118_500})

    changes = round_.file(
        agency="energy", items=[changed], by="李", filed_at=datetime(2025, 12, 4, 9)
    )

    assert [c["action"] for c in changes] == ["changed"]
    assert round_.items_of("energy")[0]["figures"] == {"raw_coal_t": 118_500}
    assert round_.corrections == []
    # The first filing was on time; a later amendment does not make it late.
    assert round_.status_as_of(datetime(2025, 12, 5))["energy"]["state"] == ON_TIME


def test_a_change_after_compilation_is_a_correction_shown_in_the_next_bulletin():
    round_ = november()
    round_.file(
        agency="energy", items=[PRODUCTION], by="李", filed_at=datetime(2025, 12, 1, 9)
    )
    compiled(round_)

    with pytest.raises(InvalidInputError, match="reason"):
        round_.file(agency="energy", items=[], by="李", filed_at=datetime(2025, 12, 5))
    round_.file(
        agency="energy",
        items=[],
        by="李",
        filed_at=datetime(2025, 12, 5, 10),
        reason="重复报送 filed twice",
    )
    december = SharingRound.open(
        sharing_deadline(Month(2025, 12), RulesConfig(), CALENDAR)
    )
    corrections = [("2025-11", c) for c in round_.unreported_corrections()]
    content = compiled(
        december, datetime(2026, 1, 3, 9), previous=round_, earlier=corrections
    )

    assert content["corrections"][0]["changes"][0]["action"] == "withdrawn"
    assert "2025-11" in render_bulletin(content)
    assert "撤回 withdrawn" in render_bulletin(content)


def test_a_bulletin_is_compiled_once():
    round_ = november()
    compiled(round_)

    with pytest.raises(BulletinStateError):
        compiled(round_)


def test_mines_in_more_than_one_agencys_items_are_listed():
    round_ = november()
    at = datetime(2025, 12, 1, 9)
    round_.file(agency="energy", items=[PRODUCTION], by="李", filed_at=at)
    round_.file(agency="emergency", items=[INSPECTION], by="王", filed_at=at)

    content = compiled(round_)

    assert content["cross_agency"][0]["mine_key"] == "M1"
    assert set(content["cross_agency"][0]["agencies"]) == {"energy", "emergency"}


def test_the_bulletin_reads_chinese_first_with_english_beside():
    round_ = november()
    round_.file(
        agency="energy", items=[PRODUCTION], by="李", filed_at=datetime(2025, 12, 1)
    )

    text = render_bulletin(compiled(round_))

    assert text.startswith("# 忻州市煤矿超能力生产联合监管信息通报 2025年11月\n")
    assert "November 2025" in text
    assert "## 五、逾期及未报送 5. Late and missing submissions" in text
    assert "保德煤矿（M1）" in text


def test_an_item_kind_the_agency_does_not_share_is_refused_with_its_position():
    round_ = november()

    with pytest.raises(InvalidInputError, match="item 2 kind"):
        round_.file(
            agency="energy",
            items=[PRODUCTION, dict(PRODUCTION, kind="accident_investigation")],
            by="李",
            filed_at=datetime(2025, 12, 1),
        )
    assert round_.submissions == {}


def test_an_unknown_agency_is_refused():
    with pytest.raises(UnknownAgencyError):
        november().file(
            agency="police", items=[], by="x", filed_at=datetime(2025, 12, 1)
        )


def test_an_item_is_escalated_once_and_the_decision_recorded():
    round_ = november()
    round_.file(
        agency="energy", items=[PRODUCTION], by="李", filed_at=datetime(2025, 12, 1)
    )
    compiled(round_)
    at = datetime(2025, 12, 4, 10)

    round_.escalate(item="EN-01", agency="emergency", reason="超产30%", at=at)
    with pytest.raises(ItemAlreadyActedOnError):
        round_.refer(item="EN-01", agency="energy", case="", at=at)
    round_.record_decision(
        item="EN-01",
        decision="责令停产整顿 suspend for rectification",
        document="忻政函〔2025〕1号",
        decided_on=date(2025, 12, 10),
        at=at,
    )

    assert round_.actions["EN-01"]["decision"]["decided_on"] == date(2025, 12, 10)


def test_a_second_liaison_replaces_the_first_from_the_day_named():
    agency = Agency.enrol("energy")
    agency.appoint_liaison(name="张伟", contact="0350-1", since=date(2025, 1, 1))

    agency.appoint_liaison(name="李娜", contact="0350-2", since=date(2025, 6, 1))

    assert agency.liaisons[0]["until"] == date(2025, 6, 1)
    assert agency.liaison_on(date(2025, 5, 31))["name"] == "张伟"
    assert agency.liaison_on(date(2025, 6, 1))["name"] == "李娜"
    assert agency.liaison["name"] == "李娜"


def test_a_meeting_measure_is_overdue_after_its_due_day_until_done():
    meeting = JointMeeting.hold(
        held_on=date(2025, 12, 5),
        attendees={"energy": ["李娜"], "emergency": ["王强"]},
        inspections=["11月联合检查3矿 three mines inspected"],
        analysis="河曲两矿产量偏高",
        measures=[{"text": "回头看", "owner": "emergency", "due": date(2025, 12, 20)}],
    )

    assert meeting.measure_states(date(2025, 12, 20))[0]["state"] == OPEN
    assert meeting.measure_states(date(2025, 12, 21))[0]["state"] == OVERDUE
    meeting.complete_measure(number=1, on=date(2025, 12, 22))
    assert meeting.measure_states(date(2025, 12, 23))[0]["state"] == DONE
