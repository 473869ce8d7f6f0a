"""The working-day calendar (工作日): Monday–Friday, minus statutory holidays, plus make-up days.

The source is the `chinese-calendar` package, which knows the years it was released for, and the
years an administrator loaded from the State Council's notice (国务院办公厅关于某年部分节假日安排的
通知). Administrator overrides of single days win over both.

A year with no notice yet (each is published in the autumn before) is never a reason to stop work:
its days are counted on a **provisional** calendar made of what the law itself fixes — the holidays
of 《全国年节及纪念日放假办法》 (as revised by 国务院令第795号, in force from 2025-01-01), weekends
as rest, and no make-up working days (调休上班 exists only by the notice). Every date computed
through such a year says so (`is_provisional`), and is computed again when the notice is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from lunardate import LunarDate

# 《全国年节及纪念日放假办法》 as revised on 2024-11-10 (国务院令第795号), in force from 2025-01-01:
# Art. 2 — 元旦 1 day; 春节 4 days (农历除夕至正月初三); 清明节 1 day (the 清明 solar term);
# 劳动节 2 days (5月1日、2日); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五);
# 国庆节 3 days (10月1日至3日). Art. 6 — a holiday for all citizens falling on a Saturday or Sunday
# is made up on a working day (补假). The previous text (2013 revision: 春节 3 days, 劳动节 1) applied
# to years before 2025; provisional years are always future ones, so only the revision in force is kept.
HOLIDAY_RULES_SOURCE = "《全国年节及纪念日放假办法》(2024年修订,2025年1月1日起施行)"
PROVISIONAL_NOTE = (
    "{years}年的节假日安排尚未公布,期限按" + HOLIDAY_RULES_SOURCE + "规定的法定节假日暂定计算,"
    "公布并载入后重新计算"
)


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The days off that the 办法 itself gives in `year`, with Art. 6's make-up days off (补假)."""
    days = [date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), *(date(year, 10, d) for d in (1, 2, 3))]
    try:  # both tables cover 1900–2099; beyond them only the solar-dated holidays are known
        qingming = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        days += [d for d, name in qingming if name == "清明"]
        spring = LunarDate(year, 1, 1).to_solar_date()
        days += [spring + timedelta(days=i) for i in range(-1, 3)]  # 除夕 to 正月初三
        days += [LunarDate(year, 5, 5).to_solar_date(), LunarDate(year, 8, 15).to_solar_date()]
    except (ValueError, NotImplementedError):
        pass
    off = set(days)
    for day in sorted(days):
        if day.weekday() >= 5:  # Art. 6: made up on the next working day not already off
            extra = day + timedelta(days=1)
            while extra.weekday() >= 5 or extra in off:
                extra += timedelta(days=1)
            off.add(extra)
    return frozenset(off)


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

    def provisional_years(self, *days: date | None) -> list[int]:
        """The years without a notice from the earliest to the latest of `days`: a working-day
        count between them went through those years on the provisional calendar."""
        given = [d for d in days if d is not None]
        if not given:
            return []
        return [y for y in range(min(given).year, max(given).year + 1) if not self.knows(y)]

    def is_provisional(self, *days: date | None) -> bool:
        return bool(self.provisional_years(*days))

    def provisional_note(self, *days: date | None) -> str:
        """What a page or a letter says of a date counted through years without a notice ("" if none)."""
        years = self.provisional_years(*days)
        return PROVISIONAL_NOTE.format(years="、".join(map(str, years))) if years else ""

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
        else:  # no notice yet: the provisional calendar
            result = day.weekday() < 5 and day not in statutory_holidays(day.year)
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
