"""The working-day calendar (工作日): Monday–Friday, minus statutory holidays, plus make-up days.

The source is the `chinese-calendar` package, which knows the years it was released for. A year it
does not know is never guessed: an administrator loads that year's arrangement (the State Council
notice), or every computation reaching into it raises `UnknownYearError`. Administrator overrides
of single days win over the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

import chinese_calendar


class UnknownYearError(LookupError):
    """A computation needs a year whose holiday arrangement is not known."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未载入:请管理员根据国务院办公厅关于{year}年部分节假日安排的通知"
            f"载入该年的放假和调休上班日期后再计算(xxgk calendar load {year} …)"
        )


@cache
def package_years() -> frozenset[int]:
    """The years `chinese-calendar` has the State Council's arrangement for."""
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return frozenset(years)


@cache
def _package_days() -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, make-up working days) of the package. Looked up directly: the package's own
    is_workday() checks its date range with min()/max() over every entry on each call."""
    return frozenset(chinese_calendar.holidays), frozenset(chinese_calendar.workdays)


class WorkingDayCalendar:
    """Answers whether a day is a working day and does working-day arithmetic.

    `loaded_years`: years whose arrangement an administrator loaded (their weekdays count as working
    days except for overrides). `overrides`: date → True (working day) / False (day off); they win
    over the package in every year.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        loaded_years: Iterable[int] = (),
    ) -> None:
        self._overrides = dict(overrides or {})
        self._loaded = frozenset(loaded_years)
        self._cache: dict[date, bool] = {}

    def knows(self, year: int) -> bool:
        return year in self._loaded or year in package_years()

    @property
    def known_years(self) -> frozenset[int]:
        return self._loaded | package_years()

    def is_working_day(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self._overrides:
            result = self._overrides[day]
        elif day.year in package_years():
            holidays, workdays = _package_days()
            result = day in workdays or (day not in holidays and day.weekday() < 5)
        elif day.year in self._loaded:
            result = day.weekday() < 5
        else:
            raise UnknownYearError(day.year)
        self._cache[day] = result
        return result

    def add(self, start: date, n: int) -> date:
        """The N-th working day after `start` (start itself not counted). n = 0 gives start."""
        if n < 0:
            raise ValueError("工作日天数不能为负数")
        day = start
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def count(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many working days pass from start to end."""
        if end <= start:
            return 0
        total = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                total += 1
        return total

    def days_left(self, today: date, due: date) -> int:
        """Working days from today until due: positive before, 0 on the day, negative when late."""
        if due >= today:
            return self.count(today, due)
        return -self.count(due, today)
