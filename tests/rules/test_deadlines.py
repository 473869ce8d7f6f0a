from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk.rules.deadlines import (
    LimitKind,
    Pause,
    PauseKind,
    TimeLimit,
    answer_deadline,
    correction_notice_deadline,
    publication_deadline,
    quarter_end,
    third_party_deadline,
)
from xxgk.rules.workdays import WorkingDayCalendar

CAL = WorkingDayCalendar()
starts = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 3, 31))


def test_plain_answer_deadline_is_20_working_days():
    # Received Mon 2026-11-02: 20 wd later is Mon 2026-11-30 (no holidays in November 2026).
    d = answer_deadline(CAL, date(2026, 11, 2))
    assert d.due == date(2026, 11, 30)
    assert (d.base_days, d.extension_days, d.paused_days) == (20, 0, 0)


def test_correction_restarts_the_period_from_the_corrected_receipt():
    # Corrected application received Tue 2026-11-03 → due Tue 2026-12-01.
    d = answer_deadline(CAL, date(2026, 10, 20), corrected_received=date(2026, 11, 3))
    assert d.start == date(2026, 11, 3)
    assert d.restarted
    assert d.due == date(2026, 12, 1)


def test_extension_adds_at_most_20_working_days():
    d = answer_deadline(CAL, date(2026, 11, 2), extension_days=20)
    assert d.due == date(2026, 12, 28)  # 11-30 + 20 wd (December 2026 has no holidays)
    with pytest.raises(ValueError):
        answer_deadline(CAL, date(2026, 11, 2), extension_days=21)


def test_consultation_pause_of_15_working_days_across_national_day():
    # Letter sent Mon 2026-09-21, answer received Mon 2026-10-19. Working days in (09-21, 10-19]:
    # 09-22, 23, 24 (3; 09-25 Mid-Autumn is off), 09-28, 29, 30 (6; 10-01..07 off),
    # 10-08, 09, 10 (Sat, 调休上班) (9), 10-12..16 (14), 10-19 (15).
    pause = Pause(PauseKind.CONSULTATION, date(2026, 9, 21), date(2026, 10, 19))
    assert pause.working_days(CAL) == 15
    base = answer_deadline(CAL, date(2026, 9, 14))
    # Without the pause: 09-15..18 (4), 09-20 (Sun, 调休上班) (5), 21..24 (9), 28..30 (12),
    # 10-08, 09, 10 (15), 12..16 (20).
    assert base.due == date(2026, 10, 16)
    paused = answer_deadline(CAL, date(2026, 9, 14), pauses=(pause,))
    # 15 more: 10-19..23 (5), 26..30 (10), 11-02..06 (15).
    assert paused.due == date(2026, 11, 6)


def test_running_pause_is_counted_up_to_today_and_reported():
    pause = Pause(PauseKind.FEE, date(2026, 11, 2))
    d = answer_deadline(CAL, date(2026, 10, 26), pauses=(pause,), today=date(2026, 11, 9))
    assert d.running_pause is PauseKind.FEE
    assert d.paused_days == 5


def test_correction_and_third_party_limits():
    # From Mon 09-28: 29, 30, 10-08, 10-09, 10-10 (Sat, 调休上班), 10-12, 10-13 = 7 wd.
    assert correction_notice_deadline(CAL, date(2026, 9, 28)) == date(2026, 10, 13)
    assert third_party_deadline(CAL, date(2026, 11, 2)) == date(2026, 11, 23)


def test_publication_limits_per_category():
    assert publication_deadline(CAL, date(2026, 11, 2), TimeLimit(days=3)) == date(2026, 11, 5)
    assert publication_deadline(CAL, date(2026, 8, 10), TimeLimit(LimitKind.QUARTER)) == date(2026, 9, 7)
    # Late in a quarter the statutory 20 wd is later than the quarter's end: quarter wins.
    assert publication_deadline(CAL, date(2026, 9, 20), TimeLimit(LimitKind.QUARTER)) == date(2026, 9, 30)
    # A configured limit can never exceed Art. 26's 20 working days.
    assert publication_deadline(CAL, date(2026, 11, 2), TimeLimit(days=40)) == date(2026, 11, 30)


def test_quarter_end():
    assert quarter_end(date(2026, 2, 1)) == date(2026, 3, 31)
    assert quarter_end(date(2026, 12, 31)) == date(2026, 12, 31)


@given(starts, st.integers(min_value=0, max_value=30))
def test_pause_of_k_days_moves_deadline_by_exactly_k_working_days(received, k):
    base = answer_deadline(CAL, received)
    paused = answer_deadline(CAL, received, paused_working_days=k)
    assert paused.due == CAL.add(base.due, k)
    assert CAL.count(base.due, paused.due) == k


@given(starts, st.integers(min_value=0, max_value=20))
def test_pause_given_as_dates_counts_its_working_days(received, k):
    pause_start = CAL.add(received, 3)
    pause = Pause(PauseKind.CONSULTATION, pause_start, CAL.add(pause_start, k))
    with_pause = answer_deadline(CAL, received, pauses=(pause,))
    assert with_pause.paused_days == k
    assert with_pause.due == CAL.add(answer_deadline(CAL, received).due, k)


@given(starts, st.integers(min_value=0, max_value=20))
def test_deadline_is_a_working_day_and_never_earlier_with_extension(received, ext):
    d = answer_deadline(CAL, received, extension_days=ext)
    assert CAL.is_working_day(d.due)
    assert d.due >= answer_deadline(CAL, received).due
