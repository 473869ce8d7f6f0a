"""The working-day calendar as the rest of the platform sees it: the package plus overrides."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from xxgk.rules.workdays import WorkingDayCalendar
from xxgk.workcal.models import CalendarDay, CalendarYear


def parse_days(text: str) -> list[date]:
    """Dates and ranges as an administrator types them: 2027-10-01, or 2027-10-01:2027-10-07 /
    2027-10-01至2027-10-07 (both ends included), separated by new lines, commas or spaces."""
    days: list[date] = []
    for item in re.split(r"[\s,,、;;]+", text.strip()):
        if not item:
            continue
        first, _, last = re.sub(r"[至~]", ":", item).partition(":")
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            raise ValidationError(
                f"日期“{item}”格式不正确,应为 YYYY-MM-DD 或 YYYY-MM-DD:YYYY-MM-DD"
            ) from None
        if end < start:
            raise ValidationError(f"日期范围“{item}”的结束日期早于开始日期")
        days.extend(start + timedelta(days=i) for i in range((end - start).days + 1))
    return days


def current_calendar() -> WorkingDayCalendar:
    """A calendar with every administrator override. Cheap: a few hundred rows at most."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkingDayCalendar(overrides=overrides, loaded_years=years)


def validate_arrangement(year: int, holidays: Iterable[date], workdays: Iterable[date]) -> None:
    holidays, workdays = set(holidays), set(workdays)
    wrong = sorted(d for d in holidays | workdays if d.year != year)
    if wrong:
        raise ValidationError(f"日期 {wrong[0]:%Y-%m-%d} 不在{year}年内")
    both = holidays & workdays
    if both:
        raise ValidationError(f"日期 {min(both):%Y-%m-%d} 既列为放假又列为上班")
    if not holidays:
        raise ValidationError(f"{year}年的放假日期不能为空")


@transaction.atomic
def load_year(
    year: int,
    *,
    holidays: Iterable[date],
    workdays: Iterable[date] = (),
    notice: str = "",
    user: AbstractBaseUser | None = None,
    holiday_note: str = "放假",
    workday_note: str = "调休上班",
) -> CalendarYear:
    """Load a year's arrangement: its days off and its make-up working days. Replaces an earlier load
    of the same year; all or nothing."""
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    validate_arrangement(year, holidays, workdays)
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_working_day=False, note=holiday_note) for d in holidays]
        + [CalendarDay(date=d, is_working_day=True, note=workday_note) for d in workdays]
    )
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice, "loaded_by": user if user and user.pk else None}
    )
    return entry
