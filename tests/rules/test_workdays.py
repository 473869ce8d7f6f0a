from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk.rules.workdays import WorkingDayCalendar, package_years, statutory_holidays

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


def test_a_year_without_its_notice_is_counted_on_the_statutory_holidays_and_says_so():
    # 2026-12-04 (Fri): 12-07..11 (5), 14..18 (10), 21..25 (15), 28..31 (19); 2027-01-01 (Fri) is 元旦.
    assert CAL.add(date(2026, 12, 4), 20) == date(2027, 1, 4)
    assert CAL.is_provisional(date(2026, 12, 4), date(2027, 1, 4))
    assert not CAL.is_provisional(date(2026, 1, 5), date(2026, 12, 31))
    note = CAL.provisional_note(date(2026, 12, 4), date(2028, 1, 3))
    assert "2027、2028年的节假日安排尚未公布" in note and "全国年节及纪念日放假办法" in note


def test_statutory_holidays_of_2027_by_the_2024_revision():
    # 春节 4 days from 除夕 (2027-02-05, Fri; 正月初一 is 02-06): 02-06 Sat and 02-07 Sun are made up
    # on 02-09 and 02-10 (Art. 6); 清明 04-05; 劳动节 05-01 Sat, 05-02 Sun → 05-03, 05-04;
    # 端午 06-09; 中秋 09-15; 国庆 10-01..03 (Fri..Sun) → 10-04, 10-05.
    assert sorted(statutory_holidays(2027)) == [
        date(2027, 1, 1),
        *(date(2027, 2, d) for d in range(5, 11)),
        date(2027, 4, 5),
        *(date(2027, 5, d) for d in range(1, 5)),
        date(2027, 6, 9),
        date(2027, 9, 15),
        *(date(2027, 10, d) for d in range(1, 6)),
    ]
    assert not CAL.is_working_day(date(2027, 2, 9))  # 补假
    assert CAL.is_working_day(date(2027, 2, 11))
    assert not CAL.is_working_day(date(2027, 2, 20))  # a Saturday: no make-up working days


def test_years_beyond_the_lunar_tables_still_count():
    far = WorkingDayCalendar()
    assert far.add(date(2150, 9, 30), 1) == date(2150, 10, 6)  # 10-01..03 and the 补假 of 10-05 (Mon)
    assert far.is_provisional(date(2150, 10, 6))


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


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2032, 12, 31)), days)
def test_provisional_years_give_working_days_and_add_counts_back(start, n):
    due = CAL.add(start, n)
    assert n == 0 or CAL.is_working_day(due)
    assert CAL.count(start, due) == n


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
