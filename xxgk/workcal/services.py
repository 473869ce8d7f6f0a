"""The working-day calendar as the rest of the platform sees it: the package plus overrides."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

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


# Sent inside load_year's transaction with `year`, `before` and `after` (the calendars) and `user`:
# the parts that keep dates counted on the provisional calendar count them again (applications
# connects to it; the calendar knows nothing of cases).
year_loaded = Signal()


def current_calendar() -> WorkingDayCalendar:
    """A calendar with every administrator override. Cheap: a few hundred rows at most."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkingDayCalendar(overrides=overrides, loaded_years=years)


def todo(user: Any, today: date) -> list[Any]:
    """工作日历's part of 待办: from November, the next year's notice (published by the State Council
    in the autumn) until it is loaded; any time, the current year's. Only for those who can load it
    (an agency's 管理员, a superuser): a clerk sees nothing it cannot act on."""
    from django.urls import reverse

    from xxgk.agencies.models import Role
    from xxgk.todo import Todo, TodoGroup, agencies_where

    if not (getattr(user, "is_superuser", False) or agencies_where(user, Role.ADMIN).exists()):
        return []
    calendar = current_calendar()
    wanted = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    missing = [y for y in wanted if not calendar.knows(y)]
    if not missing:
        return []
    url = reverse("admin:workcal_calendaryear_add")
    items = [
        Todo(
            f"载入{y}年节假日安排(国务院办公厅关于{y}年部分节假日安排的通知)",
            f"{url}?year={y}",
            f"未载入前,涉及{y}年的期限按法定节假日暂定计算,载入后自动重新计算",
            "due_soon",
        )
        for y in missing
    ]
    listing = reverse("admin:workcal_calendaryear_changelist")
    return [TodoGroup("工作日历:节假日安排待载入", "管理员", items, listing)]


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
    before = current_calendar()
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_working_day=False, note=holiday_note) for d in holidays]
        + [CalendarDay(date=d, is_working_day=True, note=workday_note) for d in workdays]
    )
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice, "loaded_by": user if user and user.pk else None}
    )
    year_loaded.send(CalendarYear, year=year, before=before, after=current_calendar(), user=user)
    return entry
