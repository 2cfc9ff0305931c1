from datetime import date

from domain.periods import Month
from domain.rules.base import ADVISORY, KEY_SUPERVISION, MAJOR_HAZARD, NONE, WARNING
from domain.rules.capacity import (
    CapacityRecord,
    Plan,
    annual_limit,
    check_month,
    check_plans,
    check_year,
    monthly_capacities,
)
from domain.rules.config import RulesConfig

C = [CapacityRecord("approved", 1_200_000, date(2020, 1, 1))]
CONFIG = RulesConfig()


def year_of(total: int, year: int = 2025) -> dict[str, int]:
    # Eleven equal months and the remainder in December, so the total is exact.
    share = total // 12
    outputs = {f"{year}-{m:02d}": share for m in range(1, 12)}
    outputs[f"{year}-12"] = total - 11 * share
    return outputs


def outcome(rule: str, findings: list) -> str:
    return next(f.outcome for f in findings if f.rule == rule)


def test_annual_output_at_exactly_110_percent_is_a_major_hazard():
    # 1.10 x 1,200,000 = 1,320,000: "10% or more" includes the boundary.
    assert (
        outcome("R1", check_year(C, year_of(1_320_000), 2025, CONFIG)) == MAJOR_HAZARD
    )


def test_annual_output_one_tonne_below_110_percent_is_a_warning():
    # 1,319,999 < 1,320,000 but > 1,200,000.
    assert outcome("R1", check_year(C, year_of(1_319_999), 2025, CONFIG)) == WARNING


def test_annual_output_equal_to_capacity_is_nothing():
    assert outcome("R1", check_year(C, year_of(1_200_000), 2025, CONFIG)) == NONE


def test_annual_output_one_tonne_above_capacity_is_a_warning():
    assert outcome("R1", check_year(C, year_of(1_200_001), 2025, CONFIG)) == WARNING


def test_monthly_output_of_exactly_a_tenth_of_capacity_is_nothing():
    # 0.10 x 1,200,000 = 120,000; the rule is strictly greater.
    finding = check_month(C, {"2025-03": 120_000}, Month(2025, 3))
    assert finding is not None and finding.outcome == NONE
    assert finding.threshold == "120000"


def test_monthly_output_above_a_tenth_of_capacity_is_a_major_hazard():
    finding = check_month(C, {"2025-03": 120_001}, Month(2025, 3))
    assert finding is not None and finding.outcome == MAJOR_HAZARD


def test_rules_do_not_apply_before_order_4_came_into_force():
    assert check_month(C, {"2020-12": 500_000}, Month(2020, 12)) is None
    assert check_year(C, year_of(5_000_000, 2020), 2020, CONFIG) == []


def test_a_capacity_change_in_june_time_weights_the_annual_limit():
    records = [*C, CapacityRecord("approved", 1_800_000, date(2025, 6, 1))]
    capacities = monthly_capacities(records, 2025)
    # Jan-May at 1,200,000, Jun-Dec at 1,800,000: (5 x 1.2M + 7 x 1.8M) / 12.
    assert capacities["2025-05"] == 1_200_000 and capacities["2025-06"] == 1_800_000
    assert annual_limit(capacities) == 1_550_000
    # Hazard threshold 1.1 x 1,550,000 = 1,705,000 exactly.
    assert outcome("R1", check_year(records, year_of(1_705_000), 2025, CONFIG)) == (
        MAJOR_HAZARD
    )
    assert outcome("R1", check_year(records, year_of(1_704_999), 2025, CONFIG)) == (
        WARNING
    )


def test_a_fractional_time_weighted_limit_is_judged_exactly():
    records = [*C, CapacityRecord("approved", 1_200_001, date(2025, 12, 1))]
    # (11 x 1,200,000 + 1,200,001) / 12 = 1,200,000 + 1/12; x 1.1 = 1,320,000 + 11/120.
    assert outcome("R1", check_year(records, year_of(1_320_000), 2025, CONFIG)) == (
        WARNING
    )
    assert outcome("R1", check_year(records, year_of(1_320_001), 2025, CONFIG)) == (
        MAJOR_HAZARD
    )


def test_the_monthly_rule_uses_the_capacity_in_force_that_month():
    records = [*C, CapacityRecord("approved", 1_800_000, date(2025, 6, 1))]
    may = check_month(records, {"2025-05": 150_000}, Month(2025, 5))
    june = check_month(records, {"2025-06": 150_000}, Month(2025, 6))
    assert may is not None and may.outcome == MAJOR_HAZARD
    assert june is not None and june.outcome == NONE


def test_an_approved_capacity_outranks_a_design_capacity():
    records = [
        CapacityRecord("design", 900_000, date(2019, 1, 1)),
        CapacityRecord("approved", 1_200_000, date(2020, 1, 1)),
    ]
    finding = check_month(records, {"2025-01": 100_000}, Month(2025, 1))
    assert finding is not None and finding.inputs["capacity"] == 1_200_000


def test_output_at_one_and_a_half_times_capacity_puts_the_mine_under_key_supervision():
    # 1.5 x 1,200,000 = 1,800,000.
    found = check_year(C, year_of(1_800_000), 2025, CONFIG)
    assert outcome("R17", found) == KEY_SUPERVISION
    assert outcome("R17", check_year(C, year_of(1_799_999), 2025, CONFIG)) == NONE


def test_year_to_date_output_running_ahead_of_pace_is_advisory():
    # Through March the pace line is 1,200,000 x (3/12 + 1/20) = 360,000.
    ahead = {"2025-01": 120_000, "2025-02": 120_000, "2025-03": 120_000}
    behind = {"2025-01": 120_000, "2025-02": 120_000, "2025-03": 119_999}
    assert outcome("R3", check_year(C, ahead, 2025, CONFIG)) == ADVISORY
    assert outcome("R3", check_year(C, behind, 2025, CONFIG)) == NONE


def test_an_annual_plan_above_capacity_is_a_major_hazard():
    plans = [Plan("year", "2025", 1_200_001, "parent")]
    assert check_plans(C, plans, 2025)[0].outcome == MAJOR_HAZARD
    assert check_plans(C, [Plan("year", "2025", 1_200_000, "mine")], 2025)[
        0
    ].outcome == (NONE)


def test_monthly_plans_summing_above_capacity_are_a_major_hazard():
    plans = [Plan("month", f"2025-{m:02d}", 100_000, "mine") for m in range(1, 13)]
    plans.append(Plan("month", "2025-12", 100_001, "mine"))
    # The later December plan replaces the earlier: 11 x 100,000 + 100,001.
    found = check_plans(C, plans, 2025)
    assert [f.outcome for f in found] == [MAJOR_HAZARD]
    assert found[0].inputs["planned"] == 1_200_001
