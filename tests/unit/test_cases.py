"""Cases on a mine, driven through the services on the in-memory store (no database)."""

import base64
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from domain.case_facts import AGENCIES as CASE_AGENCIES
from domain.errors import (
    CaseNotFoundError,
    InvalidInputError,
    RuleRefusedError,
    TipOffAlreadyAttachedError,
    TipOffNotFoundError,
    TransitionRefusedError,
)
from domain.mine import AGENCIES, Mine
from domain.rules.config import RulesConfig
from domain.rules.penalties import (
    PENALTIES_IN_180_DAYS,
    PENALTIES_IN_365_DAYS,
    PRODUCTION_WHILE_SUSPENDED,
    TWO_HAZARDS_IN_3_MONTHS,
    capacity_change_bar,
)
from tests.conftest import FixedClock
from workflows import case_machine
from workflows.app import Overcap
from workflows.cases import CaseService
from workflows.informants import InformantVault

WANG = {"officer": "王强", "agency": "emergency"}
ZHAO = {"officer": "赵敏", "agency": "energy"}
SUN = {"officer": "孙立", "agency": "inspectorate"}
MAYOR = {"officer": "市政府办公室", "agency": "government"}


def a_world(today: date = date(2025, 1, 10), rules: RulesConfig | None = None):
    clock = FixedClock(today)
    app = Overcap(today=clock, rules=rules)
    app.register_mine(key="M0178", name_zh="保德煤矿", name_en="Baode Coal Mine")
    app.approve_capacity(
        "M0178",
        kind="approved",
        tonnes=1_200_000,
        effective=date(2020, 1, 1),
        document="晋能源核字〔2020〕1号",
    )
    return SimpleNamespace(app=app, clock=clock)


def inspected(world, origin: str = "inspection") -> str:
    case = world.app.open_case(
        "M0178", origin=origin, summary="联合检查 joint inspection", actor=WANG
    )
    return inspect(world, case["case_id"])


def inspect(world, case_id: str) -> str:
    world.app.plan_inspection(
        case_id,
        planned_for=world.clock.today,
        team=[WANG, ZHAO],
        key_points={"emergency": ["调度台账"], "energy": ["产量统计"]},
        actor=WANG,
    )
    world.app.record_inspection(
        case_id,
        documents_read=["调度台账", "销售台账"],
        staff_interviewed=["调度主任"],
        faces_visited=["8101 综采工作面"],
        findings=["8 月超产"],
        actor=WANG,
    )
    return case_id


def confirmed(world, violation_date=date(2024, 12, 31), excess=10_000) -> str:
    case_id = inspected(world)
    world.app.confirm_violation(
        case_id,
        rule="R2",
        period=str(violation_date)[:7],
        violation_date=violation_date,
        excess_tonnes=excess,
        evidence=["调度台账"],
        actor=WANG,
    )
    return case_id


def penalise(world, case_id, company=500_000, person=30_000, who=WANG, **extra):
    return world.app.decide_penalty(
        case_id, company_fine=company, person_fine=person, actor=who, **extra
    )


def suspend(world, case_id: str) -> dict:
    world.app.issue_document(case_id, kind="suspension_order", actor=WANG)
    world.app.notify_authorities(
        case_id, recipients=["保德县人民政府"], content="停产整顿", actor=WANG
    )
    return world.app.start_suspension(case_id, actor=WANG)


def report(world, period: str, tonnes: int) -> Mine:
    return world.app.report_output(
        "M0178", period=period, tonnes=tonnes, agency="energy"
    )


# --- R14: suspension days -------------------------------------------------------


def test_r14_an_annual_excess_of_200000_t_suspends_55_days():
    world = a_world(date(2026, 1, 5))
    # 11 × 116,666 + 116,674 = 1,400,000 t in 2025; no month above 120,000.
    for month in range(1, 12):
        report(world, f"2025-{month:02d}", 116_666)
    mine = report(world, "2025-12", 116_674)
    # R1: 1,400,000 >= 1,320,000 is a major hazard, which opened the case itself.
    (case,) = mine.cases.values()
    assert case["origin"] == "finding" and case["opened_by"]["agency"] == "system"
    inspect(world, case["case_id"])
    world.app.confirm_violation(
        case["case_id"], rule="R1", period="2025", evidence=["年报"], actor=WANG
    )
    # Excess 1,400,000 − 1,200,000 = 200,000; ceil(200,000 × 330 ÷ 1,200,000) = 55.
    decided = penalise(world, case["case_id"])
    assert decided["violations"][0]["excess_tonnes"] == "200000"
    assert decided["penalties"][0]["suspension_days"] == 55


def test_r14_a_monthly_output_of_130000_t_suspends_3_days():
    world = a_world(date(2025, 9, 3))
    mine = report(world, "2025-08", 130_000)
    (case,) = mine.cases.values()
    inspect(world, case["case_id"])
    world.app.confirm_violation(
        case["case_id"], rule="R2", period="2025-08", evidence=["台账"], actor=WANG
    )
    # Excess 130,000 − 120,000 = 10,000; ceil(10,000 × 330 ÷ 1,200,000) = ceil(2.75).
    decided = penalise(world, case["case_id"])
    assert decided["penalties"][0]["suspension_days"] == 3


def test_r14_refuses_suspension_days_other_than_the_formula_gives():
    world = a_world(date(2025, 9, 3))
    case_id = confirmed(world, date(2025, 8, 31), excess=10_000)
    with pytest.raises(RuleRefusedError) as refused:
        penalise(world, case_id, suspension_days=10)
    assert refused.value.rule == "R14"


def test_a_violation_without_excess_needs_the_officer_to_give_the_days():
    world = a_world()
    case_id = inspected(world)
    world.app.confirm_violation(
        case_id, rule="R6", period="2024-12", evidence=["三个水平同时生产"], actor=WANG
    )
    with pytest.raises(InvalidInputError) as missing:
        penalise(world, case_id)
    assert missing.value.field == "suspension_days"
    assert (
        penalise(world, case_id, suspension_days=30)["penalties"][0]["suspension_days"]
        == 30
    )


# --- R12 and R13: fines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("violation_date", "company", "person", "law_version"),
    [
        (date(2024, 4, 30), 500_000, 30_000, 1),
        (date(2024, 4, 30), 2_000_000, 150_000, 1),
        (date(2024, 5, 1), 500_000, 30_000, 2),
        (date(2024, 5, 1), 2_000_000, 150_000, 2),
    ],
)
def test_r12_fines_at_the_range_edges_pass_under_the_law_of_the_violation_date(
    violation_date, company, person, law_version
):
    world = a_world()
    case_id = confirmed(world, violation_date)
    decided = penalise(world, case_id, company, person)["penalties"][0]
    # Order 446 before 2024-05-01, Order 774 from that day.
    assert decided["law_version"] == law_version
    assert ("446" if law_version == 1 else "774") in decided["law"]


@pytest.mark.parametrize(
    ("violation_date", "company", "person"),
    [
        (date(2024, 4, 30), 499_999, 30_000),
        (date(2024, 4, 30), 2_000_001, 30_000),
        (date(2024, 5, 1), 500_000, 29_999),
        (date(2024, 5, 1), 500_000, 150_001),
    ],
)
def test_r12_fines_one_yuan_outside_the_range_are_refused(
    violation_date, company, person
):
    world = a_world()
    case_id = confirmed(world, violation_date)
    with pytest.raises(RuleRefusedError) as refused:
        penalise(world, case_id, company, person)
    assert refused.value.rule == "R12"
    assert world.app.case(case_id)["penalties"] == []


def test_r13_a_second_fine_on_the_same_violation_is_refused_across_agencies():
    world = a_world()
    case_id = confirmed(world)
    penalise(world, case_id, who=WANG)
    with pytest.raises(RuleRefusedError) as refused:
        penalise(world, case_id, who=SUN)
    assert refused.value.rule == "R13"
    # The inspectorate may still decide its own measure on it, without a fine.
    decided = penalise(world, case_id, 0, 0, who=SUN)
    assert [p["agency"] for p in decided["penalties"]] == ["emergency", "inspectorate"]
    assert decided["penalties"][1]["company_fine"] == 0


def test_one_agency_decides_once_on_a_violation():
    world = a_world()
    case_id = confirmed(world)
    penalise(world, case_id)
    with pytest.raises(TransitionRefusedError) as refused:
        penalise(world, case_id, 0, 0)
    assert refused.value.guard == "agency_has_not_decided"


# --- R16: escalation to the municipal government ------------------------------------


@pytest.mark.parametrize(("second", "escalated"), [(15, True), (16, False)])
def test_r16_two_major_hazards_within_3_months_escalate_the_case(second, escalated):
    world = a_world(date(2025, 1, 15))
    # 130,000 > 120,000: a major hazard found on 2025-01-15 ...
    report(world, "2024-12", 130_000)
    # ... and another on 2025-04-15 (3 months later: counted) or 2025-04-16 (not).
    world.clock.today = date(2025, 4, second)
    mine = report(world, "2025-03", 130_000)
    # The case is still being looked into, so the second hazard joins it.
    (case,) = mine.cases.values()
    assert len(case["finding_ids"]) == 2
    clauses = [e["clause"] for e in case["escalations"]]
    assert (TWO_HAZARDS_IN_3_MONTHS in clauses) is escalated
    if escalated:
        assert case["escalations"][0]["finding_ids"] == case["finding_ids"]


def test_a_hazard_after_the_violation_is_confirmed_opens_a_new_case():
    world = a_world(date(2025, 1, 15))
    (first_id,) = report(world, "2024-12", 130_000).cases
    inspect(world, first_id)
    world.app.confirm_violation(
        first_id,
        rule="R2",
        period="2024-12",
        violation_date=date(2024, 12, 31),
        excess_tonnes=10_000,
        evidence=["调度台账"],
        actor=WANG,
    )
    world.clock.today = date(2025, 2, 15)
    mine = report(world, "2025-01", 130_000)
    assert mine.cases[first_id]["state"] == "violation_confirmed"
    assert len(mine.cases) == 2


def penalties_on(world, offsets, start=date(2025, 1, 10)):
    decided = []
    for days in offsets:
        world.clock.today = start + timedelta(days=days)
        case_id = confirmed(world, world.clock.today - timedelta(days=1))
        decided.append(penalise(world, case_id))
    return decided


@pytest.mark.parametrize(("last", "escalated"), [(180, True), (181, False)])
def test_r16_three_penalty_decisions_within_180_days_escalate(last, escalated):
    world = a_world()
    *_, third = penalties_on(world, [0, 90, last])
    found = [e for e in third["escalations"] if e["clause"] == PENALTIES_IN_180_DAYS]
    assert bool(found) is escalated
    if escalated:
        assert len(found[0]["penalty_ids"]) == 3
        assert found[0]["penalty_ids"][-1] == third["penalties"][0]["decision_id"]


@pytest.mark.parametrize(("last", "escalated"), [(365, True), (366, False)])
def test_r16_four_penalty_decisions_within_365_days_escalate(last, escalated):
    world = a_world()
    *_, fourth = penalties_on(world, [0, 120, 240, last])
    clauses = {e["clause"] for e in fourth["escalations"]}
    assert (PENALTIES_IN_365_DAYS in clauses) is escalated
    assert PENALTIES_IN_180_DAYS not in clauses


def test_r16_output_reported_for_a_month_of_suspension_escalates_the_case():
    world = a_world(date(2025, 9, 3))
    case_id = confirmed(world, date(2025, 8, 31))
    penalise(world, case_id)
    suspend(world, case_id)
    # 3 days from 2025-09-03: it ends 2025-09-06; accepted on 2025-09-10.
    world.clock.today = date(2025, 9, 6)
    world.app.apply_resumption(case_id, application="整改完成", actor=WANG)
    world.clock.today = date(2025, 9, 10)
    world.app.accept_resumption(case_id, inspectors=["王强", "孙立"], actor=WANG)
    world.clock.today = date(2025, 11, 5)
    report(world, "2025-09", 50_000)
    report(world, "2025-10", 90_000)
    escalations = world.app.case(case_id)["escalations"]
    assert [(e["clause"], e["production_ids"]) for e in escalations] == [
        (PRODUCTION_WHILE_SUSPENDED, ["M0178:output:2025-09"])
    ]


def test_an_officer_escalates_by_hand_and_the_government_decides():
    world = a_world()
    case_id = inspected(world)
    world.app.escalate(case_id, reason="拒不配合检查", actor=SUN)
    world.app.find_unfounded(case_id, reasons=["未发现超产"], actor=SUN)
    with pytest.raises(TransitionRefusedError) as waiting:
        world.app.close_case(case_id, summary="x", actor=SUN)
    assert waiting.value.guard == "no_pending_escalation"
    decided = world.app.record_government_decision(
        case_id,
        outcome="close_mine",
        decision="提请关闭",
        document="忻政函〔2025〕3号",
        actor=MAYOR,
    )
    (escalation,) = decided["escalations"]
    assert escalation["decision"]["outcome"] == "close_mine"
    assert escalation["decision"]["actor"] == MAYOR
    with pytest.raises(TransitionRefusedError) as refused:
        world.app.record_government_decision(
            case_id, outcome="other", decision="again", actor=MAYOR
        )
    assert refused.value.guard == "escalation_pending"


# --- R20: informant rewards ----------------------------------------------------------


def tipoff_case(world, **tipoff) -> str:
    receipt = world.app.receive_tipoff(
        content="夜间偷采 night shifts beyond capacity", mine_key="M0178", **tipoff
    )
    return inspect(world, receipt.case_id)


def confirm(world, case_id):
    world.app.confirm_violation(
        case_id,
        rule="R2",
        period="2024-12",
        violation_date=date(2024, 12, 31),
        excess_tonnes=10_000,
        evidence=["调度台账"],
        actor=WANG,
    )


def test_r20_the_reward_is_held_to_the_maximum():
    world = a_world()
    case_id = tipoff_case(world, informant={"name": "李四"})
    confirm(world, case_id)
    # 15% × (2,000,000 + 150,000) = 322,500 > 300,000.
    (reward,) = penalise(world, case_id, 2_000_000, 150_000)["rewards"]
    assert (reward["amount_yuan"], reward["limit_applied"]) == (300_000, "maximum")


def test_r20_the_reward_is_raised_to_the_minimum():
    # R12 fines make 15% at least 79,500; a higher configured minimum shows the floor.
    world = a_world(rules=RulesConfig(reward_min_yuan=100_000))
    case_id = tipoff_case(world, informant={"name": "李四"})
    confirm(world, case_id)
    (reward,) = penalise(world, case_id, 500_000, 30_000)["rewards"]
    assert (reward["amount_yuan"], reward["limit_applied"]) == (100_000, "minimum")


def test_r20_a_second_tier_report_earns_12_percent():
    world = a_world()
    case_id = tipoff_case(world, informant={"name": "李四"})
    confirm(world, case_id)
    # 12% × 530,000 = 63,600.
    (reward,) = penalise(world, case_id, second_tier_report=True)["rewards"]
    assert reward["amount_yuan"] == 63_600


def test_r20_only_the_first_informant_who_can_be_reached_is_rewarded():
    world = a_world()
    # Anonymous without a follow-up code: nobody to pay.
    case_id = tipoff_case(world)
    later = world.app.receive_tipoff(content="同一矿井超产", informant={"name": "张三"})
    third = world.app.receive_tipoff(content="又一举报", follow_up=True)
    for receipt in (later, third):
        world.app.add_tipoff(case_id, receipt=receipt.receipt, actor=WANG)
    confirm(world, case_id)
    decided = penalise(world, case_id)
    assert [r["receipt"] for r in decided["rewards"]] == [later.receipt]
    # A later decision on the same case pays no second reward.
    assert len(penalise(world, case_id, 0, 0, who=SUN)["rewards"]) == 1


# --- R15 and R21: deadlines ---------------------------------------------------------


def test_announcement_deadlines_count_chinese_working_days_across_national_day():
    world = a_world(date(2025, 9, 30))
    case_id = confirmed(world, date(2025, 8, 31))
    penalise(world, case_id)
    world.app.issue_document(case_id, kind="suspension_order", actor=WANG)
    # Working days after 2025-09-30: 10-09, 10-10, 10-11 (a make-up Saturday),
    # 10-13, 10-14; 10-01 to 10-08 are the National Day holiday.
    due = world.app.deadlines(case_id, date(2025, 10, 14))["due_next"]
    assert (due["kind"], due["due"], due["status"]) == (
        "announce_suspension_order",
        date(2025, 10, 14),
        "due",
    )
    assert not due["fallback_calendar"]
    overdue = world.app.deadlines(case_id, date(2025, 10, 15))["overdue"]
    assert [d["kind"] for d in overdue] == ["announce_suspension_order"]
    world.clock.today = date(2025, 10, 13)
    world.app.announce(
        case_id, kind="announce_suspension_order", channel="忻州市政府网", actor=WANG
    )
    rows = world.app.deadlines(case_id, date(2025, 10, 15))["deadlines"]
    assert [r["status"] for r in rows] == ["met"]


def test_resumption_acceptance_and_recheck_fall_due_and_show_overdue():
    world = a_world(date(2025, 9, 3))
    case_id = confirmed(world, date(2025, 8, 31))
    penalise(world, case_id)
    suspend(world, case_id)
    world.clock.today = date(2025, 9, 5)
    with pytest.raises(TransitionRefusedError) as early:
        world.app.apply_resumption(case_id, application="整改完成", actor=WANG)
    assert early.value.guard == "suspension_served"
    world.clock.today = date(2025, 9, 6)
    world.app.apply_resumption(case_id, application="整改完成", actor=WANG)
    # Acceptance within 20 calendar days of 2025-09-06: by 2025-09-26.
    late = world.app.deadlines(case_id, date(2025, 9, 27))["overdue"]
    assert [(d["kind"], d["due"]) for d in late] == [
        ("announce_suspension_order", date(2025, 9, 10)),
        ("resumption_acceptance", date(2025, 9, 26)),
    ]
    world.clock.today = date(2025, 9, 20)
    world.app.accept_resumption(case_id, inspectors=["王强"], actor=WANG)
    view = world.app.deadlines(case_id, date(2025, 9, 20))
    recheck = next(d for d in view["deadlines"] if d["kind"] == "recheck")
    # The recheck is due 30 days after acceptance (configurable).
    assert recheck["due"] == date(2025, 10, 20) and recheck["rule"] == "R21"


def test_a_deadline_beyond_the_official_calendar_says_it_counted_weekends_only():
    world = a_world(date(2026, 12, 28))
    case_id = confirmed(world, date(2026, 11, 30))
    penalise(world, case_id)
    world.app.issue_document(case_id, kind="suspension_order", actor=WANG)
    (row,) = world.app.deadlines(case_id)["deadlines"]
    assert row["fallback_calendar"] and "weekends only" in row["basis"]


# --- The whole life cycle and its records -----------------------------------------


def test_a_case_walks_from_tipoff_to_closure_recording_who_did_each_step():
    world = a_world(date(2025, 9, 1))
    case_id = tipoff_case(world, informant={"name": "李四", "phone": "13900000000"})
    confirm(world, case_id)
    penalise(world, case_id, who=SUN)
    suspend(world, case_id)
    world.clock.today = date(2025, 9, 4)
    world.app.apply_resumption(case_id, application="整改完成", actor=WANG)
    world.app.reject_resumption(case_id, reasons=["监控未恢复"], actor=ZHAO)
    world.app.apply_resumption(case_id, application="再次申请", actor=WANG)
    world.app.accept_resumption(case_id, inspectors=["王强", "赵敏"], actor=ZHAO)
    world.app.announce(
        case_id, kind="announce_resumption", channel="政府网", actor=WANG
    )
    world.app.record_recheck(
        case_id, violation_continues=False, findings=["产量正常"], actor=SUN
    )
    closed = world.app.close_case(case_id, summary="整改到位，结案", actor=WANG)
    assert closed["state"] == "closed"
    assert [h["step"] for h in closed["history"]] == [
        "opened",
        "tipoff_attached",
        "inspection_planned",
        "inspected",
        "violation_confirmed",
        "document_issued",
        "penalty_decided",
        "document_issued",
        "authorities_notified",
        "suspension_started",
        "resumption_applied",
        "resumption_rejected",
        "resumption_applied",
        "resumption_accepted",
        "announced",
        "rechecked",
        "closed",
    ]
    assert all(h["actor"]["officer"] for h in closed["history"])
    assert closed["history"][0]["actor"]["agency"] == "public"
    assert world.app.allowed_triggers(case_id) == []


def test_a_recheck_that_finds_the_violation_continuing_records_a_new_one():
    world = a_world(date(2025, 9, 3))
    case_id = confirmed(world, date(2025, 8, 31))
    penalise(world, case_id)
    suspend(world, case_id)
    world.clock.today = date(2025, 9, 6)
    world.app.apply_resumption(case_id, application="整改完成", actor=WANG)
    world.app.accept_resumption(case_id, inspectors=["王强"], actor=WANG)
    world.clock.today = date(2025, 10, 8)
    again = world.app.record_recheck(
        case_id,
        violation_continues=True,
        findings=["9 月仍超产"],
        violation={
            "rule": "R2",
            "period": "2025-09",
            "excess_tonnes": 20_000,
            "evidence": ["调度台账"],
        },
        actor=SUN,
    )
    assert again["state"] == "violation_confirmed"
    assert [v["violation_id"] for v in again["violations"]] == [
        f"{case_id}-V1",
        f"{case_id}-V2",
    ]
    assert again["violations"][1]["counts_as_hazard"]
    decided = penalise(world, case_id)
    # Two penalty decisions within a year bar a capacity change (R18).
    mine = world.app.mine("M0178")
    bar = capacity_change_bar(
        mine.penalty_decisions(), world.clock.today, RulesConfig()
    )
    assert bar.barred and len(bar.penalty_ids) == 2
    assert decided["penalties"][1]["suspension_days"] == 6


def test_a_report_found_unfounded_while_its_finding_stands_is_refused():
    world = a_world(date(2025, 9, 3))
    mine = report(world, "2025-08", 130_000)
    (case,) = mine.cases.values()
    inspect(world, case["case_id"])
    with pytest.raises(TransitionRefusedError) as refused:
        world.app.find_unfounded(case["case_id"], reasons=["统计错误"], actor=ZHAO)
    assert refused.value.guard == "linked_findings_cleared"
    world.app.correct_output(
        "M0178", period="2025-08", tonnes=119_000, agency="energy", reason="录入错误"
    )
    found = world.app.find_unfounded(case["case_id"], reasons=["统计错误"], actor=ZHAO)
    assert found["state"] == "unfounded"
    assert (
        world.app.close_case(case["case_id"], summary="数据更正", actor=ZHAO)["state"]
        == "closed"
    )


def test_a_restated_hazard_joins_its_case_and_so_does_a_new_one_under_inspection():
    world = a_world(date(2025, 9, 3))
    report(world, "2025-08", 130_000)
    mine = world.app.correct_output(
        "M0178", period="2025-08", tonnes=140_000, agency="energy", reason="漏报"
    )
    (case,) = mine.cases.values()
    assert case["finding_ids"] == ["F0001", "F0002"]
    # A new hazard while the case is still open and uninspected joins it too.
    mine = report(world, "2025-07", 125_000)
    (case,) = mine.cases.values()
    assert case["finding_ids"] == ["F0001", "F0002", "F0003"]


def test_a_finding_and_the_case_it_opens_are_pending_together():
    world = a_world(date(2025, 9, 3))
    mine = world.app.mine("M0178")
    mine.report_output(
        period="2025-08",
        tonnes=130_000,
        agency="energy",
        on=date(2025, 9, 3),
        config=RulesConfig(),
    )
    names = [type(e).__name__ for e in mine.pending_events]
    assert names[names.index("FindingRecorded") + 1] == "CaseOpened"


def test_document_numbers_run_per_agency_and_year_without_gaps():
    world = a_world(date(2025, 12, 30))
    case_id = confirmed(world, date(2025, 11, 30))
    penalise(world, case_id)
    world.app.issue_document(case_id, kind="suspension_order", actor=WANG)
    world.app.issue_document(case_id, kind="on_site_decision", actor=ZHAO)
    world.clock.today = date(2026, 1, 4)
    documents = world.app.issue_document(case_id, kind="closure_order", actor=WANG)[
        "documents"
    ]
    assert [(d["number"], d["number_zh"]) for d in documents] == [
        ("EMG-2025-0001", "忻应急罚〔2025〕1号"),
        ("EMG-2025-0002", "忻应急停〔2025〕2号"),
        ("ENE-2025-0001", "忻能源现〔2025〕1号"),
        ("EMG-2026-0001", "忻应急关〔2026〕1号"),
    ]


def test_a_tipoff_about_an_unknown_mine_waits_until_an_officer_attaches_it():
    world = a_world()
    receipt = world.app.receive_tipoff(
        content="某无名小井超产", mine_hint="无名小井", informant={"name": "王五"}
    )
    assert receipt.case_id is None
    (waiting,) = world.app.unmatched_tipoffs()
    assert waiting["receipt"] == receipt.receipt and "王五" not in str(waiting)
    case = world.app.attach_tipoff(receipt.receipt, mine_key="M0178", actor=ZHAO)
    assert case["tipoffs"][0]["receipt"] == receipt.receipt
    assert world.app.unmatched_tipoffs() == []
    assert world.app.tipoff(receipt.receipt).case_id == case["case_id"]
    with pytest.raises(TipOffAlreadyAttachedError):
        world.app.attach_tipoff(receipt.receipt, mine_key="M0178", actor=ZHAO)


def test_an_anonymous_informant_follows_up_with_the_code_only():
    world = a_world()
    receipt = world.app.receive_tipoff(content="超产", mine_key="M0178", follow_up=True)
    assert receipt.follow_up_code
    status = world.app.tipoff_status(receipt.receipt, receipt.follow_up_code)
    assert status["progress"].startswith("已立案")
    with pytest.raises(TipOffNotFoundError):
        world.app.tipoff_status(receipt.receipt, "WRONG")


def test_the_informant_is_sealed_and_only_the_reward_query_opens_it():
    world = a_world()
    receipt = world.app.receive_tipoff(
        content="超产", mine_key="M0178", informant={"name": "李四", "phone": "139"}
    )
    tipoff = world.app.tipoff(receipt.receipt)
    assert "李四" not in tipoff.informant_sealed
    assert "李四" not in str(vars(world.app.mine("M0178")))
    assert "李四" not in str(world.app.case(receipt.case_id))
    (found,) = world.app.informant_identity(receipt.case_id, reward_officer=WANG)
    assert found["informant"] == {"name": "李四", "phone": "139"}


def test_the_informant_key_comes_from_the_environment(monkeypatch):
    key = base64.b64encode(bytes(range(32))).decode()
    monkeypatch.setenv("OVERCAP_INFORMANT_KEY", key)
    world = a_world()
    receipt = world.app.receive_tipoff(content="超产", informant={"name": "李四"})
    sealed = world.app.tipoff(receipt.receipt).informant_sealed
    assert InformantVault(key).open(sealed) == {"name": "李四"}
    with pytest.raises(ValueError):
        InformantVault(None).open(sealed)
    with pytest.raises(InvalidInputError) as bad:
        InformantVault("not-a-key")
    assert bad.value.field == "OVERCAP_INFORMANT_KEY"


def test_every_step_names_an_officer_of_a_member_agency():
    world = a_world()
    case = world.app.open_case("M0178", origin="accident", summary="冒顶", actor=SUN)
    with pytest.raises(InvalidInputError) as nobody:
        world.app.plan_inspection(
            case["case_id"],
            planned_for=date(2025, 1, 12),
            team=[WANG],
            key_points={},
            actor={"officer": "", "agency": "emergency"},
        )
    assert nobody.value.field == "officer"
    with pytest.raises(InvalidInputError) as stranger:
        world.app.escalate(
            case["case_id"], reason="x", actor={"officer": "某人", "agency": "police"}
        )
    assert stranger.value.field == "agency"
    assert CASE_AGENCIES == AGENCIES


def test_advance_runs_a_step_by_trigger_with_plain_data():
    world = a_world()
    case = world.app.open_case("M0178", origin="bulletin", summary="通报", actor=ZHAO)
    planned = world.app.advance(
        case["case_id"],
        "plan_inspection",
        {
            "planned_for": "2025-01-20",
            "team": [ZHAO],
            "key_points": {"energy": ["产量"]},
        },
        ZHAO,
    )
    assert planned["inspection_plans"][0]["planned_for"] == date(2025, 1, 20)
    with pytest.raises(InvalidInputError) as unknown:
        world.app.advance(case["case_id"], "record_inspection", {"colour": 1}, ZHAO)
    assert unknown.value.field == "data"
    with pytest.raises(TransitionRefusedError) as early:
        world.app.advance(
            case["case_id"], "record_inspection", {"documents_read": ["台账"]}, ZHAO
        )
    assert early.value.guard == "inspection_date_reached"


def test_every_trigger_has_a_command_of_its_name():
    assert all(callable(getattr(CaseService, t, None)) for t in case_machine.triggers())


def test_an_unknown_case_is_not_found():
    world = a_world()
    for case_id in ("M0178-C009", "M9999-C001"):
        with pytest.raises(CaseNotFoundError):
            world.app.case(case_id)


# --- Replay never runs the machine ------------------------------------------------


def test_replay_assigns_recorded_states_and_never_asks_the_machine(monkeypatch):
    world = a_world(date(2025, 9, 3))
    case_id = confirmed(world, date(2025, 8, 31))
    penalise(world, case_id)
    live = world.app.mine("M0178")
    # Events the machine would refuse (opened straight to closed) replay as recorded.
    live.close_case(
        case_id, state="closed", summary="直接结案", actor=WANG, on=live.registered_on
    )

    def refuse(*args, **kwargs):
        raise AssertionError("replay asked the state machine")

    monkeypatch.setattr(case_machine.machine, "add_model", refuse)
    monkeypatch.setattr(case_machine, "decide", refuse)
    replayed = None
    for stored in world.app.events_of("M0178") + list(live.collect_events()):
        replayed = stored.mutate(replayed)
    assert replayed is not None
    assert replayed.cases == live.cases
    assert replayed.cases[case_id]["state"] == "closed"
