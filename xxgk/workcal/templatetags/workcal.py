"""{{ day|due:calendar }}: a deadline as a page shows it, marked 暂定 when it was counted through a
year whose holiday notice is not loaded (the note says so on hover and to screen readers)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html

from xxgk.rules.workdays import WorkingDayCalendar

register = template.Library()


@register.filter
def due(day: date | None, calendar: WorkingDayCalendar | None) -> str:
    if day is None:
        return ""
    note = calendar.provisional_note(day) if calendar is not None else ""
    if not note:
        return f"{day:%Y-%m-%d}"
    return format_html('{}<span class="provisional" title="{}">(暂定)</span>', f"{day:%Y-%m-%d}", note)


@register.filter
def provisional(calendar: WorkingDayCalendar | None, day: date | None) -> bool:
    """{% if calendar|provisional:day %}: the date was counted on the provisional calendar."""
    return calendar is not None and calendar.is_provisional(day)
