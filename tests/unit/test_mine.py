from datetime import date

import pytest

from domain.errors import InvalidInputError, OutputAlreadyReportedError
from domain.mine import Mine
from domain.rules.config import RulesConfig

CONFIG = RulesConfig()
ON = date(2025, 12, 5)


def a_mine() -> Mine:
    mine = Mine.register(key="m0001", name_zh="测试煤矿", name_en="Test", on=ON)
    mine.approve_capacity(
        kind="approved",
        tonnes=1_200_000,
        effective=date(2020, 1, 1),
        document="晋能源核字〔2020〕1号",
        on=ON,
        config=CONFIG,
    )
    return mine


def report(mine: Mine, period: str, tonnes: int) -> bool:
    return mine.report_output(
        period=period, tonnes=tonnes, agency="energy", on=ON, config=CONFIG
    )


def test_a_monthly_report_above_a_tenth_records_a_major_hazard_finding():
    mine = a_mine()
    report(mine, "2025-03", 120_001)
    finding = mine.findings[-1]
    assert (finding["rule"], finding["version"], finding["outcome"]) == (
        "R2",
        1,
        "major_hazard",
    )
    assert finding["inputs"] == {
        "period": "2025-03",
        "output": 120_001,
        "capacity": 1_200_000,
    }
    assert finding["threshold"] == "120000"
    assert (
        "超过月度上限" in finding["explanation"] and "above" in finding["explanation"]
    )


def test_the_same_report_twice_adds_nothing():
    mine = a_mine()
    assert report(mine, "2025-03", 100_000) is True
    version = mine.version
    assert report(mine, "2025-03", 100_000) is False
    assert mine.version == version


def test_a_second_report_for_a_month_with_another_figure_must_be_a_correction():
    mine = a_mine()
    report(mine, "2025-03", 100_000)
    with pytest.raises(OutputAlreadyReportedError) as error:
        report(mine, "2025-03", 100_500)
    assert error.value.period == "2025-03"


def test_a_correction_supersedes_the_figure_without_double_counting():
    mine = a_mine()
    for month in range(1, 12):
        report(mine, f"2025-{month:02d}", 110_000)
    # 11 x 110,000 = 1,210,000: above capacity, a warning.
    assert mine.findings[-1]["outcome"] == "warning"
    mine.correct_output(
        period="2025-11",
        tonnes=230_000,
        agency="energy",
        reason="漏报 missed shift",
        on=ON,
        config=CONFIG,
    )
    # 10 x 110,000 + 230,000 = 1,330,000 >= 1,320,000; not 1,440,000.
    assert mine.year_output(2025) == 1_330_000
    annual = [f for f in mine.findings if f["rule"] == "R1"][-1]
    assert annual["outcome"] == "major_hazard"
    assert annual["inputs"]["output"] == 1_330_000


def test_a_correction_that_clears_a_hazard_records_the_cleared_outcome():
    mine = a_mine()
    report(mine, "2025-03", 130_000)
    mine.correct_output(
        period="2025-03",
        tonnes=119_000,
        agency="energy",
        reason="typo",
        on=ON,
        config=CONFIG,
    )
    monthly = [f for f in mine.findings if f["rule"] == "R2"]
    assert [f["outcome"] for f in monthly] == ["major_hazard", "none"]
    assert monthly[1]["supersedes"] == monthly[0]["finding_id"]
    assert mine.current_findings() == []


@pytest.mark.parametrize(
    ("period", "tonnes", "field"),
    [
        ("2025-03", -1, "tonnes"),
        ("2025-03", 1_200_001, "tonnes"),
        ("2025-3", 100, "period"),
        ("2025-13", 100, "period"),
        ("2026-01", 100, "period"),
        # ON is 2025-12-05: December has not ended, so its output is not known yet.
        ("2025-12", 100, "period"),
    ],
)
def test_bad_output_is_refused_naming_the_field(period, tonnes, field):
    mine = a_mine()
    with pytest.raises(InvalidInputError) as error:
        report(mine, period, tonnes)
    assert error.value.field == field
    assert mine.outputs == {}


def test_a_non_positive_capacity_is_refused():
    mine = a_mine()
    with pytest.raises(InvalidInputError) as error:
        mine.approve_capacity(
            kind="approved", tonnes=0, effective=ON, document="x", on=ON, config=CONFIG
        )
    assert error.value.field == "tonnes"


def test_an_unknown_agency_is_refused():
    with pytest.raises(InvalidInputError) as error:
        a_mine().report_output(
            period="2025-03", tonnes=1, agency="police", on=ON, config=CONFIG
        )
    assert error.value.field == "agency"
