"""The Mine's licence, announcement and conditions: given events, when, then."""

from datetime import date

import pytest

from domain.errors import InvalidInputError
from domain.mine import Mine
from domain.rules.config import RulesConfig

CONFIG = RulesConfig()
ON = date(2025, 4, 10)
SCOPE = {
    "capacity_tpa": 1_200_000,
    "levels": ["+850"],
    "districts": ["N1"],
    "coal_faces": 1,
    "heading_faces": 3,
    "mining_method": "综采",
}


def conditions(**changes):
    # 1,200,000 t/a is 100,000 t a month: reserves of 10 years, 24 and 12 months.
    reported = {
        "period": "2025-03",
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
    return {**reported, **changes}


def a_licensed_mine(gas_class="low") -> Mine:
    mine = Mine.register(
        key="m0001", name_zh="测试煤矿", name_en="Test", gas_class=gas_class, on=ON
    )
    mine.issue_licence(
        number="(晋)MK安许证字〔2024〕001号",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
        scope=SCOPE,
        on=ON,
    )
    mine.publish_announcement(
        document="忻能源公告〔2024〕1号", published=date(2024, 2, 1), scope=SCOPE, on=ON
    )
    return mine


def report(mine: Mine, faces=(), **changes) -> bool:
    return mine.report_conditions(
        conditions=conditions(**changes), faces=faces, on=ON, config=CONFIG
    )


def new_findings(mine: Mine, before: int) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["subject"], f["outcome"]) for f in mine.findings[before:]]


def test_conditions_within_the_licence_and_announcement_record_no_finding():
    mine = a_licensed_mine()

    assert report(mine) is True

    assert mine.findings == []
    assert type(mine.pending_events[-1]).__name__ == "ConditionsReported"


def test_the_same_report_twice_adds_nothing():
    mine = a_licensed_mine()
    report(mine)
    version = mine.version

    assert report(mine) is False
    assert mine.version == version


def test_a_third_coal_face_in_a_single_wing_district_is_r7_and_an_r11_mismatch():
    mine = a_licensed_mine()
    district = {**conditions()["districts"][0], "coal_faces": 2}

    report(mine, districts=[district])

    # 2 coal faces > 1 for a single-wing single-seam district; the licence says 1.
    assert new_findings(mine, 0) == [
        ("R7", "2025-03/district N1", "major_hazard"),
        ("R11", "2025-03", "stop_and_rectify"),
    ]
    r11 = mine.findings[-1]
    assert r11["inputs"]["differences"][0]["field"] == "coal_faces"
    assert r11["cause"] == "conditions 2025-03"
    assert "责令停产整改" in r11["explanation"] and "stop" in r11["explanation"]


def test_producing_with_the_licence_withheld_must_stop_and_rectify():
    mine = a_licensed_mine()
    mine.withhold_licence(reason="停产整顿期间暂扣 withheld during suspension", on=ON)

    report(mine)

    assert new_findings(mine, 0) == [("R11", "2025-03/licence", "stop_and_rectify")]


def test_no_r11_while_the_mine_reports_it_did_not_produce():
    mine = a_licensed_mine()
    mine.revoke_licence(reason="吊销 revoked", on=ON)

    report(mine, producing=False)

    assert mine.findings == []


def test_a_high_gas_face_without_a_counting_evaluation_is_a_major_hazard():
    mine = a_licensed_mine(gas_class="high")
    mine.record_gas_evaluation(
        evaluation={
            "subject": "N1",
            "organiser": "mine",
            "passed": True,
            "valid_from": "2025-01-01",
            "valid_to": "2025-12-31",
        },
        on=ON,
    )

    report(mine, faces=[{"face": "8101", "area": "N1", "on": "2025-03-14"}])

    # The mine organised its own evaluation, which the local rule does not count.
    assert new_findings(mine, 0) == [("R9", "2025-03-14/face 8101", "major_hazard")]


def test_an_accredited_evaluation_of_the_district_covers_its_face():
    mine = a_licensed_mine(gas_class="high")
    mine.record_gas_evaluation(
        evaluation={
            "subject": "N1",
            "organiser": "accredited_third_party",
            "passed": True,
            "valid_from": "2025-01-01",
            "valid_to": "2025-03-31",
        },
        on=ON,
    )

    report(mine, faces=[{"face": "8101", "area": "N1", "on": "2025-03-31"}])

    assert mine.findings == []


def test_tight_succession_requires_a_measure_and_is_overdue_until_one_is_taken():
    mine = a_licensed_mine()
    # 250,000 t / 100,000 t a month = 2.5 months < 3 (one longwall face).
    report(mine, extraction_reserve_t=250_000, limit_or_stop_measure=True)
    assert new_findings(mine, 0) == [
        ("R5", "2025-03/extraction reserve", "tight_succession")
    ]
    assert mine.open_measures(ON)[0]["overdue"] is False

    waiting = mine.open_measures(date(2025, 4, 11))

    assert [(m["finding_id"], m["overdue"]) for m in waiting] == [("F0001", True)]
    mine.take_measure(
        kind="limit",
        period="2025-04",
        document="限产通知 2025-01",
        on=date(2025, 4, 12),
    )
    assert mine.open_measures(date(2025, 4, 12)) == []
    assert mine.measures[-1]["answers"] == ["F0001"]


def test_a_short_reserve_without_a_measure_is_a_major_hazard():
    mine = a_licensed_mine()

    report(mine, extraction_reserve_t=250_000)

    assert new_findings(mine, 0) == [
        ("R5", "2025-03/extraction reserve", "major_hazard")
    ]


def test_a_recorded_measure_in_force_turns_a_short_reserve_into_tight_succession():
    mine = a_licensed_mine()
    mine.take_measure(kind="stop", period="2025-02", document="停产令", on=ON)

    report(mine, extraction_reserve_t=250_000)

    assert new_findings(mine, 0)[0][2] == "tight_succession"


def test_three_levels_at_once_is_r6_and_differs_from_the_licence():
    mine = a_licensed_mine()

    report(mine, levels=["+850", "+750", "+650"])

    rules = [f[0] for f in new_findings(mine, 0)]
    assert rules == ["R6", "R11"]


def test_a_shift_at_one_fifth_above_its_limit_is_r10():
    mine = a_licensed_mine()
    shifts = [
        # 36 >= 1.2 x 30 = 36: a hazard; 35 is not.
        {"shift": "早班", "working_place": "8101", "headcount": 36, "limit": 30},
        {"shift": "中班", "working_place": "8101", "headcount": 35, "limit": 30},
    ]

    mine.report_headcounts(day=date(2025, 4, 9), shifts=shifts, on=ON, config=CONFIG)

    assert new_findings(mine, 0) == [("R10", "2025-04-09 早班/8101", "major_hazard")]
    assert not mine.report_headcounts(
        day=date(2025, 4, 9), shifts=shifts, on=ON, config=CONFIG
    )


def test_a_licence_cannot_be_issued_twice_but_is_renewed():
    mine = a_licensed_mine()
    with pytest.raises(InvalidInputError):
        mine.issue_licence(
            number="X2",
            valid_from=date(2027, 1, 1),
            valid_to=date(2029, 12, 31),
            scope=SCOPE,
            on=ON,
        )

    renewed = mine.renew_licence(
        number="X2",
        valid_from=date(2027, 1, 1),
        valid_to=date(2029, 12, 31),
        scope={**SCOPE, "capacity_tpa": 1_500_000},
        on=ON,
    )

    assert renewed is True
    assert mine.licence is not None
    assert (mine.licence["number"], mine.licence["status"]) == ("X2", "valid")
    assert [h["change"] for h in mine.licence_history] == ["issued", "renewed"]


def test_a_bad_report_adds_no_event():
    mine = a_licensed_mine()
    version = mine.version

    with pytest.raises(InvalidInputError):
        report(mine, levels="+850")

    assert mine.version == version


def test_the_comparison_marks_each_field_that_differs():
    mine = a_licensed_mine()
    report(mine, mining_method="炮采")

    rows = {r["field"]: r for r in mine.scope_comparison()["rows"]}

    assert rows["mining_method"]["differs"] is True
    assert rows["mining_method"]["worked"] == "炮采"
    assert rows["levels"]["differs"] is False


def test_replaying_the_events_gives_the_same_state():
    mine = a_licensed_mine(gas_class="high")
    report(mine, extraction_reserve_t=250_000, limit_or_stop_measure=True)
    mine.take_measure(kind="limit", period="2025-04", document="限产", on=ON)
    replayed = None

    for stored in mine.collect_events():
        replayed = stored.mutate(replayed)

    assert vars(replayed) == vars(mine)


def test_an_r11_mismatch_opens_a_stop_and_rectify_case_from_the_finding():
    mine = a_licensed_mine()

    report(mine, mining_method="炮采")

    (finding,) = mine.findings
    (case,) = mine.cases.values()
    assert (case["origin"], case["finding_ids"]) == ("finding", [finding["finding_id"]])
    assert case["reference"].startswith("R11 2025-03 停产整改")
    assert type(mine.pending_events[-1]).__name__ == "CaseOpened"
