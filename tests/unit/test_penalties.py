"""Penalty rules R12-R20, with the boundary values of DOMAIN.md."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest

from domain.errors import InvalidInputError, RuleRefusedError
from domain.rules.config import RulesConfig
from domain.rules.penalties import (
    PENALTIES_IN_180_DAYS,
    PENALTIES_IN_365_DAYS,
    PRODUCTION_WHILE_SUSPENDED,
    TWO_HAZARDS_IN_3_MONTHS,
    VERSIONS,
    HazardFinding,
    PenaltyDecision,
    SuspendedProduction,
    annual_excess,
    capacity_change_bar,
    check_fines,
    check_single_fine,
    escalation_triggers,
    informant_reward,
    monthly_excess,
    penalty_law,
    suspension_days,
)

CONFIG = RulesConfig()
BEFORE_774 = date(2024, 4, 30)
FROM_774 = date(2024, 5, 1)
LAWS = [(BEFORE_774, "Order 446"), (FROM_774, "Order 774")]


def decision(
    id: str, decided_on: date, violation_id: str = "v1", fine_yuan: int = 500_000
) -> PenaltyDecision:
    return PenaltyDecision(
        id=id,
        decided_on=decided_on,
        agency="emergency",
        violation_id=violation_id,
        case_id=f"case-{id}",
        fine_yuan=fine_yuan,
    )


# --- versions and R12 ---------------------------------------------------------------


def test_every_penalty_rule_has_a_version_with_an_effective_date():
    assert {v.rule for v in VERSIONS} == {
        "R12",
        "R13",
        "R14",
        "R15",
        "R16",
        "R18",
        "R20",
    }
    assert all(v.version >= 1 and v.effective_from for v in VERSIONS)


def test_a_violation_on_2024_04_30_is_judged_under_order_446():
    law = penalty_law(date(2024, 4, 30))

    assert (law.rule, law.version) == ("R12", 1)
    assert "446" in law.basis
    assert check_fines(date(2024, 4, 30), 500_000, 30_000).law == "Order 446"


def test_a_violation_on_2024_05_01_is_judged_under_order_774():
    law = penalty_law(date(2024, 5, 1))

    assert (law.rule, law.version) == ("R12", 2)
    assert "774" in law.basis
    assert check_fines(date(2024, 5, 1), 500_000, 30_000).law == "Order 774"


@pytest.mark.parametrize(("violation_date", "law"), LAWS)
@pytest.mark.parametrize("company_fine", [500_000, 2_000_000])
def test_a_company_fine_on_either_bound_is_allowed(violation_date, law, company_fine):
    check = check_fines(violation_date, company_fine, 30_000)

    assert (check.rule, check.law, check.company_fine) == ("R12", law, company_fine)


@pytest.mark.parametrize(("violation_date", "law"), LAWS)
def test_a_company_fine_below_500000_is_refused_under_the_law_in_force(
    violation_date, law
):
    with pytest.raises(RuleRefusedError) as refused:
        check_fines(violation_date, 499_999, 30_000)

    assert refused.value.rule == "R12"
    assert refused.value.law == law
    assert "499,999" in refused.value.message
    assert "500,000-2,000,000" in refused.value.message
    assert law in refused.value.message


@pytest.mark.parametrize(("violation_date", "law"), LAWS)
def test_a_company_fine_above_2000000_is_refused_under_the_law_in_force(
    violation_date, law
):
    with pytest.raises(RuleRefusedError, match="2,000,001") as refused:
        check_fines(violation_date, 2_000_001, 30_000)

    assert law in refused.value.message


@pytest.mark.parametrize(("violation_date", "law"), LAWS)
@pytest.mark.parametrize("person_fine", [30_000, 150_000])
def test_a_person_fine_on_either_bound_is_allowed(violation_date, law, person_fine):
    assert check_fines(violation_date, 500_000, person_fine).person_fine == person_fine


@pytest.mark.parametrize(("violation_date", "law"), LAWS)
@pytest.mark.parametrize("person_fine", [29_999, 150_001])
def test_a_person_fine_outside_30000_to_150000_is_refused(
    violation_date, law, person_fine
):
    with pytest.raises(RuleRefusedError) as refused:
        check_fines(violation_date, 500_000, person_fine)

    assert "30,000-150,000" in refused.value.message
    assert f"{person_fine:,}" in refused.value.message
    assert law in refused.value.message


def test_both_fines_out_of_range_are_named_in_one_refusal():
    with pytest.raises(RuleRefusedError) as refused:
        check_fines(FROM_774, 499_999, 150_001)

    assert "499,999" in refused.value.message
    assert "150,001" in refused.value.message


def test_a_fine_given_as_a_float_is_invalid_input():
    with pytest.raises(InvalidInputError):
        check_fines(FROM_774, 500_000.0, 30_000)  # type: ignore[arg-type]


def test_a_violation_before_order_446_has_no_law_to_judge_it():
    with pytest.raises(InvalidInputError):
        penalty_law(date(2005, 9, 2))


def test_an_accepted_check_explains_itself_in_chinese_then_english():
    explanation = check_fines(FROM_774, 800_000, 50_000).explanation

    assert explanation.startswith("适用国务院令第774号")
    assert "Order 774 applies" in explanation


# --- R13 ------------------------------------------------------------------------------


def test_a_second_fine_on_the_same_violation_is_refused_across_agencies():
    energy_fine = replace(decision("pd-1", date(2025, 3, 1)), agency="energy")

    with pytest.raises(RuleRefusedError) as refused:
        check_single_fine("v1", [energy_fine])

    assert refused.value.rule == "R13"
    assert refused.value.violation_id == "v1"
    assert refused.value.penalty_decision_id == "pd-1"
    assert refused.value.agency == "energy"
    assert "pd-1" in refused.value.message


def test_a_fine_on_another_violation_is_allowed():
    check_single_fine("v2", [decision("pd-1", date(2025, 3, 1), violation_id="v1")])


def test_a_decision_without_a_fine_does_not_use_up_the_one_fine():
    check_single_fine("v1", [decision("pd-1", date(2025, 3, 1), fine_yuan=0)])


# --- R14 ------------------------------------------------------------------------------


def test_an_annual_excess_of_200000_on_1200000_suspends_for_55_days():
    # 200,000 × 330 ÷ 1,200,000 = 55 exactly, so ceil adds nothing.
    excess = annual_excess(1_200_000, 1_400_000, CONFIG)

    length = suspension_days(1_200_000, excess, CONFIG)

    assert excess == 200_000
    assert length.days == 55
    assert length.exact_days == 55
    assert length.explanation.startswith("停产整顿 55 天 / suspension of 55 days")
    assert "ceil(200,000 × 330 ÷ 1,200,000)" in length.explanation


def test_one_tonne_more_than_an_exact_55_days_rounds_up_to_56():
    # 200,001 × 330 ÷ 1,200,000 = 55.000275 → ceil 56.
    assert suspension_days(1_200_000, 200_001, CONFIG).days == 56


def test_a_monthly_output_of_130000_on_1200000_suspends_for_3_days():
    # Excess 130,000 − 120,000 = 10,000; 10,000 × 330 ÷ 1,200,000 = 2.75 → ceil 3.
    excess = monthly_excess(1_200_000, 130_000, CONFIG)

    length = suspension_days(1_200_000, excess, CONFIG)

    assert excess == 10_000
    assert length.exact_days == Fraction(11, 4)
    assert length.days == 3


def test_the_monthly_limit_of_an_odd_capacity_stays_an_exact_fraction():
    # 1,234,567 × 0.10 = 123,456.7; 123,457 − 123,456.7 = 0.3 t.
    excess = monthly_excess(1_234_567, 123_457, CONFIG)

    assert excess == Fraction(3, 10)
    # 0.3 × 330 ÷ 1,234,567 = 99/1,234,567 of a day → ceil 1.
    assert suspension_days(1_234_567, excess, CONFIG).days == 1


def test_a_monthly_output_of_exactly_a_tenth_of_capacity_has_nothing_to_suspend_for():
    excess = monthly_excess(1_200_000, 120_000, CONFIG)

    with pytest.raises(InvalidInputError):
        suspension_days(1_200_000, excess, CONFIG)


@pytest.mark.parametrize(
    ("rounding", "excess", "days"),
    [
        # C = 330,000 makes a day 1,000 t: 2,750 t is 2.75 days, 2,500 t 2.5 days.
        ("floor", 2_750, 2),
        ("half_up", 2_750, 3),
        ("half_up", 2_500, 3),
        ("half_up", 2_499, 2),
        ("ceil", 2_001, 3),
    ],
)
def test_the_rounding_of_suspension_days_is_configurable(rounding, excess, days):
    config = replace(CONFIG, suspension_rounding=rounding)

    assert suspension_days(330_000, excess, config).days == days


def test_an_unknown_rounding_is_invalid_input():
    with pytest.raises(InvalidInputError):
        suspension_days(330_000, 2_500, replace(CONFIG, suspension_rounding="bank"))


def test_the_working_days_of_the_formula_are_configurable():
    # 200,000 × 300 ÷ 1,200,000 = 50.
    config = replace(CONFIG, suspension_working_days=300)

    assert suspension_days(1_200_000, 200_000, config).days == 50


# --- R16 ------------------------------------------------------------------------------


def hazard(id: str, found_on: date, while_producing: bool = True) -> HazardFinding:
    return HazardFinding(id=id, found_on=found_on, while_producing=while_producing)


def clauses(triggers):
    return [t.clause for t in triggers]


def test_two_producing_hazards_on_the_same_day_three_months_later_escalate():
    # 2025-03-15 + 3 months = 2025-06-15, the last day inside the window.
    findings = [hazard("f1", date(2025, 3, 15)), hazard("f2", date(2025, 6, 15))]

    triggers = escalation_triggers(findings, [], [], on=date(2025, 6, 15))

    assert clauses(triggers) == [TWO_HAZARDS_IN_3_MONTHS]
    assert triggers[0].finding_ids == ("f1", "f2")
    assert triggers[0].anchored_on == date(2025, 6, 15)
    assert "第七十条" in triggers[0].explanation
    assert "f1, f2" in triggers[0].explanation


def test_two_producing_hazards_a_day_beyond_three_months_do_not_escalate():
    findings = [hazard("f1", date(2025, 3, 15)), hazard("f2", date(2025, 6, 16))]

    assert escalation_triggers(findings, [], [], on=date(2025, 12, 31)) == []


def test_three_months_from_a_month_end_ends_on_the_shorter_months_last_day():
    # 2025-01-31 + 3 months = 2025-04-30 (April has no 31st).
    inside = [hazard("f1", date(2025, 1, 31)), hazard("f2", date(2025, 4, 30))]
    outside = [hazard("f1", date(2025, 1, 31)), hazard("f2", date(2025, 5, 1))]

    assert clauses(escalation_triggers(inside, [], [], date(2025, 5, 1))) == [
        TWO_HAZARDS_IN_3_MONTHS
    ]
    assert escalation_triggers(outside, [], [], date(2025, 5, 1)) == []


def test_three_months_from_november_30_ends_on_february_28():
    # 2025-11-30 + 3 months = 2026-02-28; 2026-03-01 is outside.
    inside = [hazard("f1", date(2025, 11, 30)), hazard("f2", date(2026, 2, 28))]
    outside = [hazard("f1", date(2025, 11, 30)), hazard("f2", date(2026, 3, 1))]

    assert len(escalation_triggers(inside, [], [], date(2026, 3, 1))) == 1
    assert escalation_triggers(outside, [], [], date(2026, 3, 1)) == []


def test_a_hazard_found_while_not_producing_does_not_count_for_article_70():
    findings = [
        hazard("f1", date(2025, 3, 1)),
        hazard("f2", date(2025, 3, 20), while_producing=False),
    ]

    assert escalation_triggers(findings, [], [], on=date(2025, 3, 31)) == []


def test_events_dated_after_the_evaluation_day_are_not_counted():
    findings = [hazard("f1", date(2025, 3, 1)), hazard("f2", date(2025, 3, 20))]

    assert escalation_triggers(findings, [], [], on=date(2025, 3, 19)) == []


def test_a_hazard_and_3_penalties_180_days_apart_escalate():
    # 2025-01-01 + 180 days = 2025-06-30: the first and the third decision count
    # together when the later one is at most 180 days after the earlier one.
    start = date(2025, 1, 1)
    penalties = [
        decision("p1", start),
        decision("p2", start + timedelta(days=90)),
        decision("p3", start + timedelta(days=180)),
    ]

    triggers = escalation_triggers(
        [hazard("f1", start)], penalties, [], on=date(2025, 12, 31)
    )

    assert clauses(triggers) == [PENALTIES_IN_180_DAYS]
    assert triggers[0].penalty_ids == ("p1", "p2", "p3")
    assert triggers[0].finding_ids == ("f1",)
    assert triggers[0].anchored_on == date(2025, 6, 30)


def test_a_hazard_and_3_penalties_181_days_apart_do_not_escalate():
    start = date(2025, 1, 1)
    penalties = [
        decision("p1", start),
        decision("p2", start + timedelta(days=90)),
        decision("p3", start + timedelta(days=181)),
    ]

    assert (
        escalation_triggers([hazard("f1", start)], penalties, [], date(2026, 1, 1))
        == []
    )


def test_a_hazard_and_4_penalties_365_days_apart_escalate():
    # 2025-01-01 + 365 days = 2026-01-01; no three of them fall within 180 days.
    start = date(2025, 1, 1)
    penalties = [
        decision(f"p{i}", start + timedelta(days=days))
        for i, days in enumerate([0, 100, 200, 365], start=1)
    ]

    triggers = escalation_triggers(
        [hazard("f1", start)], penalties, [], date(2026, 6, 1)
    )

    assert clauses(triggers) == [PENALTIES_IN_365_DAYS]
    assert triggers[0].penalty_ids == ("p1", "p2", "p3", "p4")
    assert triggers[0].anchored_on == date(2026, 1, 1)


def test_a_hazard_and_4_penalties_366_days_apart_do_not_escalate():
    start = date(2025, 1, 1)
    penalties = [
        decision(f"p{i}", start + timedelta(days=days))
        for i, days in enumerate([0, 100, 200, 366], start=1)
    ]

    assert (
        escalation_triggers([hazard("f1", start)], penalties, [], date(2026, 6, 1))
        == []
    )


def test_penalties_without_a_major_hazard_in_their_window_do_not_escalate():
    start = date(2025, 1, 1)
    penalties = [decision(f"p{i}", start + timedelta(days=i)) for i in range(4)]
    old_hazard = hazard("f1", start - timedelta(days=400))

    assert escalation_triggers([old_hazard], penalties, [], date(2025, 6, 1)) == []


def test_a_hazard_found_after_3_penalties_completes_the_window_on_its_date():
    start = date(2025, 1, 1)
    penalties = [decision(f"p{i}", start + timedelta(days=i)) for i in range(3)]
    found_later = hazard("f1", date(2025, 2, 1), while_producing=False)

    triggers = escalation_triggers([found_later], penalties, [], date(2025, 6, 1))

    assert clauses(triggers) == [PENALTIES_IN_180_DAYS]
    assert triggers[0].anchored_on == date(2025, 2, 1)


def test_production_recorded_during_a_suspension_escalates():
    production = SuspendedProduction("out-1", date(2025, 4, 2), "susp-1")

    triggers = escalation_triggers([], [], [production], on=date(2025, 4, 2))

    assert clauses(triggers) == [PRODUCTION_WHILE_SUSPENDED]
    assert triggers[0].production_ids == ("out-1",)
    assert triggers[0].rule == "R16"
    assert "out-1" in triggers[0].explanation


# --- R18 ------------------------------------------------------------------------------


def test_two_over_capacity_decisions_365_days_apart_bar_a_capacity_change():
    # 2024-06-01 + 365 days = 2025-06-01 (no 29 February in between).
    penalties = [decision("p1", date(2024, 6, 1)), decision("p2", date(2025, 6, 1))]

    bar = capacity_change_bar(penalties, date(2025, 6, 1), CONFIG)

    assert bar.barred
    assert bar.penalty_ids == ("p1", "p2")
    assert bar.window_from == date(2024, 6, 1)
    assert "p1" in bar.explanation and "p2" in bar.explanation


def test_two_over_capacity_decisions_366_days_apart_do_not_bar_it():
    penalties = [decision("p1", date(2024, 5, 31)), decision("p2", date(2025, 6, 1))]

    bar = capacity_change_bar(penalties, date(2025, 6, 1), CONFIG)

    assert not bar.barred
    assert bar.penalty_ids == ("p2",)


def test_the_bar_lifts_366_days_after_the_older_decision():
    penalties = [decision("p1", date(2024, 6, 1)), decision("p2", date(2025, 1, 10))]

    assert capacity_change_bar(penalties, date(2025, 6, 1), CONFIG).barred
    assert not capacity_change_bar(penalties, date(2025, 6, 2), CONFIG).barred


def test_a_decision_dated_after_the_day_asked_about_is_not_counted():
    penalties = [decision("p1", date(2025, 1, 1)), decision("p2", date(2025, 3, 1))]

    assert not capacity_change_bar(penalties, date(2025, 2, 1), CONFIG).barred


def test_a_barred_capacity_change_is_refused_naming_the_penalties_counted():
    penalties = [decision("p1", date(2025, 1, 1)), decision("p2", date(2025, 3, 1))]
    bar = capacity_change_bar(penalties, date(2025, 4, 1), CONFIG)

    with pytest.raises(RuleRefusedError) as refused:
        bar.raise_if_barred()

    assert refused.value.rule == "R18"
    assert refused.value.penalty_ids == ("p1", "p2")
    assert "p1" in refused.value.message and "case-p2" in refused.value.message


def test_the_number_of_decisions_that_bar_a_change_is_configurable():
    penalties = [decision("p1", date(2025, 1, 1)), decision("p2", date(2025, 3, 1))]
    config = replace(CONFIG, capacity_bar_min_penalties=3)

    bar = capacity_change_bar(penalties, date(2025, 4, 1), config)

    assert not bar.barred
    bar.raise_if_barred()


# --- R20 ------------------------------------------------------------------------------


def test_a_fine_of_20000_earns_exactly_the_minimum_reward_of_3000():
    # 15 % × 20,000 = 3,000, the minimum itself: no limit needed.
    reward = informant_reward(20_000, second_tier=False, config=CONFIG)

    assert (reward.amount_yuan, reward.limit_applied) == (3_000, None)
    assert reward.explanation.startswith("举报奖励 3,000 元 / informant reward")


def test_a_fine_of_19999_is_raised_to_the_minimum_reward():
    # 15 % × 19,999 = 2,999.85 < 3,000.
    reward = informant_reward(19_999, second_tier=False, config=CONFIG)

    assert reward.exact_reward == Fraction(299_985, 100)
    assert (reward.amount_yuan, reward.limit_applied) == (3_000, "minimum")


def test_a_small_fine_is_raised_to_the_minimum_reward():
    # 15 % × 10,000 = 1,500 < 3,000.
    reward = informant_reward(10_000, second_tier=False, config=CONFIG)

    assert (reward.amount_yuan, reward.limit_applied) == (3_000, "minimum")
    assert "raised to the minimum 3,000" in reward.explanation


def test_a_fine_of_2000000_earns_exactly_the_maximum_reward_of_300000():
    # 15 % × 2,000,000 = 300,000, the maximum itself.
    reward = informant_reward(2_000_000, second_tier=False, config=CONFIG)

    assert (reward.amount_yuan, reward.limit_applied) == (300_000, None)


def test_a_fine_of_2000001_is_capped_at_the_maximum_reward():
    # 15 % × 2,000,001 = 300,000.15 > 300,000.
    reward = informant_reward(2_000_001, second_tier=False, config=CONFIG)

    assert (reward.amount_yuan, reward.limit_applied) == (300_000, "maximum")
    assert "held to the maximum 300,000" in reward.explanation


def test_a_second_tier_report_earns_12_percent():
    # 12 % × 25,000 = 3,000; 12 % × 1,000,000 = 120,000; 12 % × 2,500,000 = 300,000.
    assert informant_reward(25_000, True, CONFIG).amount_yuan == 3_000
    assert informant_reward(1_000_000, True, CONFIG).amount_yuan == 120_000
    assert informant_reward(2_500_000, True, CONFIG).limit_applied is None
    # 12 % × 2,500,001 = 300,000.12 > 300,000.
    assert informant_reward(2_500_001, True, CONFIG).limit_applied == "maximum"


@pytest.mark.parametrize(
    ("fine", "reward"),
    [
        (100_010, 15_002),  # 15 % × 100,010 = 15,001.5 → half up 15,002
        (100_003, 15_000),  # 15 % × 100,003 = 15,000.45 → 15,000
    ],
)
def test_a_fractional_reward_is_rounded_half_up_to_whole_yuan(fine, reward):
    assert informant_reward(fine, False, CONFIG).amount_yuan == reward


def test_no_fine_earns_no_reward():
    with pytest.raises(InvalidInputError):
        informant_reward(0, False, CONFIG)
