"""Working days, the R15 deadlines, the recheck and the end of a suspension."""

from dataclasses import replace
from datetime import date

import pytest

from domain.calendar import add_calendar_days, add_months, add_working_days
from domain.errors import InvalidInputError
from domain.rules.config import RulesConfig
from domain.rules.deadlines import (
    ANNOUNCE_CLOSURE_ORDER,
    ANNOUNCE_RESUMPTION,
    ANNOUNCE_SUSPENSION_ORDER,
    announcement_deadline,
    recheck_deadline,
    resumption_acceptance_deadline,
    status_as_of,
    suspension_end,
)
from workflows.calendar import ChineseWorkdayCalendar, WeekendsOnlyCalendar

CONFIG = RulesConfig()
CHINA = ChineseWorkdayCalendar()


# --- the calendars ------------------------------------------------------------------


def test_the_2025_national_day_holiday_runs_from_october_1_to_8():
    # 2025: National Day and Mid-Autumn together, 1-8 October, per the package.
    holiday = [date(2025, 10, day) for day in range(1, 9)]

    assert not any(CHINA.is_workday(day) for day in holiday)
    assert CHINA.is_workday(date(2025, 10, 9))


def test_make_up_working_days_on_a_weekend_are_working_days():
    # Sunday 28 September and Saturday 11 October 2025 are worked instead.
    assert CHINA.is_workday(date(2025, 9, 28))
    assert CHINA.is_workday(date(2025, 10, 11))
    assert not WeekendsOnlyCalendar().is_workday(date(2025, 10, 11))


def test_the_official_calendar_covers_2026_but_not_2027():
    assert CHINA.covers(date(2026, 12, 31))
    assert not CHINA.covers(date(2027, 1, 1))


def test_a_year_the_package_does_not_know_falls_back_to_weekends_only():
    # 2027-01-01 is a Friday: a working day when only weekends are known.
    assert CHINA.is_workday(date(2027, 1, 1))
    assert not CHINA.is_workday(date(2027, 1, 2))


def test_the_weekends_only_calendar_never_claims_to_know_official_holidays():
    assert not WeekendsOnlyCalendar().covers(date(2025, 10, 1))


# --- day arithmetic -----------------------------------------------------------------


def test_the_start_day_is_not_counted_among_working_days():
    # Monday 2025-03-03: the first working day after it is Tuesday.
    assert add_working_days(date(2025, 3, 3), 1, CHINA) == date(2025, 3, 4)


def test_zero_working_days_after_a_day_is_that_day():
    assert add_working_days(date(2025, 3, 3), 0, CHINA) == date(2025, 3, 3)


def test_five_working_days_after_2025_09_30_skip_the_holiday_and_count_october_11():
    # Off 1-8 Oct; worked 9 (Thu), 10 (Fri), 11 (Sat, make-up), 13 (Mon), 14 (Tue).
    assert add_working_days(date(2025, 9, 30), 5, CHINA) == date(2025, 10, 14)


def test_a_make_up_sunday_counts_as_the_next_working_day():
    # Friday 2025-09-26 → Saturday 27 off → Sunday 28 worked.
    assert add_working_days(date(2025, 9, 26), 1, CHINA) == date(2025, 9, 28)


def test_a_negative_period_is_invalid_input():
    with pytest.raises(InvalidInputError):
        add_working_days(date(2025, 3, 3), -1, CHINA)
    with pytest.raises(InvalidInputError):
        add_calendar_days(date(2025, 3, 3), -1)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 3, 15), 3, date(2025, 6, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_adding_months_clamps_to_the_end_of_a_shorter_month(start, months, end):
    assert add_months(start, months) == end


# --- R15 ------------------------------------------------------------------------------


def test_resumption_acceptance_is_due_20_calendar_days_after_the_application():
    # 2025-03-01 + 20 days = 2025-03-21.
    deadline = resumption_acceptance_deadline(date(2025, 3, 1), CONFIG)

    assert deadline.due == date(2025, 3, 21)
    assert deadline.rule == "R15"
    assert not deadline.fallback_calendar
    assert deadline.basis.startswith("复产申请于 2025-03-01 提出")
    assert "acceptance within 20 calendar days, due 2025-03-21" in deadline.basis


def test_a_suspension_order_on_2025_09_30_is_announced_by_october_14():
    deadline = announcement_deadline(
        ANNOUNCE_SUSPENSION_ORDER, date(2025, 9, 30), CHINA, CONFIG
    )

    assert deadline.due == date(2025, 10, 14)
    assert deadline.kind == ANNOUNCE_SUSPENSION_ORDER
    assert not deadline.fallback_calendar
    assert "未知" not in deadline.basis_zh
    assert "weekends only" not in deadline.basis_en


@pytest.mark.parametrize("kind", [ANNOUNCE_CLOSURE_ORDER, ANNOUNCE_RESUMPTION])
def test_closures_and_resumptions_are_announced_within_5_working_days_too(kind):
    # Friday 2025-03-07 + 5 working days = Friday 2025-03-14.
    deadline = announcement_deadline(kind, date(2025, 3, 7), CHINA, CONFIG)

    assert deadline.due == date(2025, 3, 14)


def test_an_announcement_in_2027_uses_weekends_only_and_says_so():
    # Thursday 2027-09-30; weekends only: 1 (Fri), 4, 5, 6, 7 October.
    deadline = announcement_deadline(
        ANNOUNCE_CLOSURE_ORDER, date(2027, 9, 30), CHINA, CONFIG
    )

    assert deadline.due == date(2027, 10, 7)
    assert deadline.fallback_calendar
    assert "2027 年官方节假日安排未知，仅按周末推算" in deadline.basis_zh
    assert "2027 holidays unknown, weekends only" in deadline.basis_en


def test_an_announcement_running_into_2027_says_the_fallback_was_used():
    # Wed 2026-12-30 → 31 (Thu, official) → 2027: 1 (Fri), 4, 5, 6 by weekends only.
    deadline = announcement_deadline(
        ANNOUNCE_RESUMPTION, date(2026, 12, 30), CHINA, CONFIG
    )

    assert deadline.due == date(2027, 1, 6)
    assert deadline.fallback_calendar


def test_the_number_of_announcement_working_days_is_configurable():
    config = replace(CONFIG, announcement_working_days=3)

    deadline = announcement_deadline(
        ANNOUNCE_SUSPENSION_ORDER, date(2025, 9, 30), CHINA, config
    )

    # 9, 10, 11 October.
    assert deadline.due == date(2025, 10, 11)


def test_an_act_r15_does_not_announce_is_invalid_input():
    with pytest.raises(InvalidInputError):
        announcement_deadline("announce_fine", date(2025, 3, 7), CHINA, CONFIG)


# --- recheck and suspension ----------------------------------------------------------


def test_the_recheck_is_due_30_calendar_days_after_resumption_acceptance():
    # 2025-03-21 + 30 days = 2025-04-20.
    deadline = recheck_deadline(date(2025, 3, 21), CONFIG)

    assert deadline.due == date(2025, 4, 20)
    assert deadline.rule == "R21"


def test_the_recheck_period_is_configurable():
    deadline = recheck_deadline(date(2025, 3, 21), replace(CONFIG, recheck_due_days=60))

    assert deadline.due == date(2025, 5, 20)


def test_a_55_day_suspension_from_2025_01_01_ends_on_2025_02_25():
    # Counted from 2 January: 30 days of January + 25 of February = 55.
    deadline = suspension_end(date(2025, 1, 1), 55)

    assert deadline.due == date(2025, 2, 25)
    assert deadline.rule == "R14"
    assert deadline.basis.startswith("停产整顿 55 天")


# --- status ---------------------------------------------------------------------------

DEADLINE = resumption_acceptance_deadline(date(2025, 3, 1), CONFIG)  # due 2025-03-21


def test_an_open_deadline_is_due_up_to_and_including_its_due_day():
    assert status_as_of(DEADLINE, None, date(2025, 3, 21)) == "due"


def test_an_open_deadline_is_overdue_the_day_after():
    assert status_as_of(DEADLINE, None, date(2025, 3, 22)) == "overdue"


def test_an_act_done_on_the_due_day_met_the_deadline():
    assert status_as_of(DEADLINE, date(2025, 3, 21), date(2025, 6, 1)) == "met"


def test_an_act_done_the_day_after_the_due_day_was_late():
    assert status_as_of(DEADLINE, date(2025, 3, 22), date(2025, 6, 1)) == "late"


def test_an_act_done_after_the_day_looked_at_had_not_happened_yet():
    assert status_as_of(DEADLINE, date(2025, 3, 20), date(2025, 3, 10)) == "due"
