"""The working-day calendar as the rest of the platform sees it: the package plus overrides."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from xxgk.rules.workdays import WorkingDayCalendar
from xxgk.workcal.models import CalendarDay, CalendarYear


def current_calendar() -> WorkingDayCalendar:
    """A calendar with every administrator override. Cheap: a few hundred rows at most."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkingDayCalendar(overrides=overrides, loaded_years=years)


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
    wrong = [d for d in [*holidays, *workdays] if d.year != year]
    if wrong:
        raise ValidationError(f"日期 {wrong[0]:%Y-%m-%d} 不在{year}年内")
    both = set(holidays) & set(workdays)
    if both:
        raise ValidationError(f"日期 {min(both):%Y-%m-%d} 既列为放假又列为上班")
    if not holidays:
        raise ValidationError(f"{year}年的放假日期不能为空")
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_working_day=False, note=holiday_note) for d in holidays]
        + [CalendarDay(date=d, is_working_day=True, note=workday_note) for d in workdays]
    )
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice, "loaded_by": user if user and user.pk else None}
    )
    return entry
