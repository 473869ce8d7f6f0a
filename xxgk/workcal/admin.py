from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from xxgk.workcal.models import CalendarDay, CalendarYear
from xxgk.workcal.services import load_year, parse_days, validate_arrangement

_DAYS_HELP = "每行一个日期或日期范围,如 2027-01-01 或 2027-02-05:2027-02-11(含首尾两天)"


class CalendarYearForm(forms.ModelForm):
    """Load a year's arrangement in one go, as the State Council's notice lists it."""

    holidays = forms.CharField(
        label="放假日期", widget=forms.Textarea(attrs={"rows": 6}), help_text=_DAYS_HELP
    )
    workdays = forms.CharField(
        label="调休上班日期", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=_DAYS_HELP
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "notice"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            days = CalendarDay.objects.filter(date__year=self.instance.year)
            self.initial["holidays"] = "\n".join(f"{d.date:%Y-%m-%d}" for d in days if not d.is_working_day)
            self.initial["workdays"] = "\n".join(f"{d.date:%Y-%m-%d}" for d in days if d.is_working_day)

    def clean_holidays(self) -> list[Any]:
        return parse_days(self.cleaned_data["holidays"])

    def clean_workdays(self) -> list[Any]:
        return parse_days(self.cleaned_data.get("workdays") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"year", "holidays", "workdays"} <= data.keys():
            validate_arrangement(data["year"], data["holidays"], data["workdays"])
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "notice", "loaded_by", "loaded_at"]
    readonly_fields = ["loaded_by", "loaded_at"]

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        # One service for the admin and `xxgk calendar load`; the form already validated the input.
        saved = load_year(
            form.cleaned_data["year"],
            holidays=form.cleaned_data["holidays"],
            workdays=form.cleaned_data["workdays"],
            notice=form.cleaned_data["notice"],
            user=request.user,  # type: ignore[arg-type]
        )
        obj.pk = saved.pk


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]
