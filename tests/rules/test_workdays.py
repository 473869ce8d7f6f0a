from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk.rules.workdays import UnknownYearError, WorkingDayCalendar, package_years

CAL = WorkingDayCalendar()
# Starting dates whose results stay inside the years the package knows.
starts = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 6, 30))
days = st.integers(min_value=0, max_value=60)


def test_national_day_2026_skips_holidays_and_counts_make_up_saturday():
    # 2026-10-01..07 off (Thu..Wed); 10-08 Thu = 1, 10-09 Fri = 2, 10-10 Sat (调休上班) = 3.
    assert CAL.add(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_spring_festival_2026():
    # 2026-02-15..23 off; 02-14 (Sat) and 02-28 (Sat) are make-up working days.
    assert not CAL.is_working_day(date(2026, 2, 16))
    assert CAL.is_working_day(date(2026, 2, 14))
    assert CAL.is_working_day(date(2026, 2, 28))
    # From Fri 02-06: 9,10,11,12,13 (5), 14 Sat (6), 24,25,26,27 (10), 28 Sat (11),
    # 3-2..3-6 (16), 3-9..3-12 (20).
    assert CAL.add(date(2026, 2, 6), 20) == date(2026, 3, 12)


def test_start_day_itself_is_not_counted_and_zero_days_is_the_start():
    assert CAL.add(date(2026, 11, 23), 1) == date(2026, 11, 24)  # Mon → Tue
    assert CAL.add(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_unknown_year_is_refused_with_the_year_named():
    with pytest.raises(UnknownYearError) as info:
        CAL.add(date(2026, 12, 20), 20)
    assert info.value.year == 2027
    assert "2027年" in str(info.value)


def test_loaded_year_answers_and_overrides_win():
    cal = WorkingDayCalendar(
        overrides={date(2027, 1, 1): False, date(2026, 11, 24): False}, loaded_years=[2027]
    )
    assert cal.knows(2027)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 4))
    assert not cal.is_working_day(date(2026, 11, 24))  # override beats the package


def test_package_knows_2026():
    assert 2026 in package_years()


def test_negative_days_rejected():
    with pytest.raises(ValueError):
        CAL.add(date(2026, 1, 5), -1)


@given(starts, st.integers(min_value=1, max_value=60))
def test_due_date_is_always_a_working_day(start, n):
    assert CAL.is_working_day(CAL.add(start, n))


@given(starts, days, days)
def test_adding_n_then_m_equals_adding_n_plus_m(start, n, m):
    assert CAL.add(CAL.add(start, n), m) == CAL.add(start, n + m)


@given(starts, days)
def test_count_inverts_add(start, n):
    assert CAL.count(start, CAL.add(start, n)) == n


@given(starts, days)
def test_days_left_is_zero_on_the_due_day_and_counts_down(start, n):
    due = CAL.add(start, n)
    assert CAL.days_left(due, due) == 0
    assert CAL.days_left(start, due) == n
    if n:
        assert CAL.days_left(CAL.add(due, n), due) == -n


@given(starts)
def test_weekday_rule_matches_package_on_plain_weeks(start):
    # A Monday–Friday day is off only when the package lists it as a holiday, and vice versa.
    import chinese_calendar

    day = start + timedelta(days=3)
    assert CAL.is_working_day(day) == chinese_calendar.is_workday(day)
