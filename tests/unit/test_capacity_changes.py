from datetime import date

import pytest

from domain.errors import InvalidInputError
from domain.mine import Mine
from domain.registers import DocumentNumber
from domain.rules.config import RulesConfig

CONFIG = RulesConfig()
OFFICER = {"officer": "李明", "agency": "emergency"}


def mine_with_penalties(*days, rule="R2"):
    mine = Mine.register(
        key="M0101", name_zh="保德煤矿", name_en="Baode", on=date(2020, 1, 1)
    )
    mine.approve_capacity(
        kind="approved",
        tonnes=1_200_000,
        effective=date(2020, 1, 1),
        document="晋能源 2020-1",
        on=date(2020, 1, 1),
        config=CONFIG,
    )
    for sequence, day in enumerate(days, start=1):
        case_id = mine.open_case(
            origin="inspection", summary="超产", actor=OFFICER, on=day
        )
        violation_id = mine.confirm_violation(
            case_id,
            state="violation_confirmed",
            rule=rule,
            period=f"{day.year}-01",
            evidence=["台账 ledger"],
            actor=OFFICER,
            on=day,
            config=CONFIG,
            violation_date=day,
            excess_tonnes=10_000,
        )
        mine.decide_penalty(
            case_id,
            state="penalty_decided",
            number=DocumentNumber("emergency", day.year, sequence, "penalty_decision"),
            violation_id=violation_id,
            company_fine=500_000,
            person_fine=30_000,
            actor=OFFICER,
            on=day,
            config=CONFIG,
        )
    return mine


def test_two_over_capacity_penalties_within_a_year_refuse_the_application():
    mine = mine_with_penalties(date(2025, 1, 10), date(2025, 6, 1))

    decision = mine.apply_capacity_change(
        kind="increase",
        tonnes=300_000,
        reason="扩能",
        on=date(2025, 7, 1),
        config=CONFIG,
    )

    assert decision.barred
    last = mine.pending_events[-1]
    assert type(last).__name__ == "CapacityChangeRefused"
    assert last.penalty_ids == ["EMG-2025-0001", "EMG-2025-0002"]
    assert mine.capacity_changes[-1]["refused"] is True


def test_penalties_for_other_rules_do_not_bar_a_capacity_change():
    # R6 (too many production levels) is a hazard, not over-capacity production.
    mine = mine_with_penalties(date(2025, 1, 10), date(2025, 6, 1), rule="R6")

    decision = mine.apply_capacity_change(
        kind="decrease", tonnes=100_000, reason="", on=date(2025, 7, 1), config=CONFIG
    )

    assert not decision.barred
    assert type(mine.pending_events[-1]).__name__ == "CapacityChangeApplied"


def test_an_application_needs_a_kind_and_positive_tonnes():
    mine = mine_with_penalties()
    with pytest.raises(InvalidInputError):
        mine.apply_capacity_change(
            kind="double", tonnes=1, reason="", on=date(2025, 7, 1), config=CONFIG
        )
    with pytest.raises(InvalidInputError):
        mine.apply_capacity_change(
            kind="increase", tonnes=0, reason="", on=date(2025, 7, 1), config=CONFIG
        )
