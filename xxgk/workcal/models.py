"""Administrator overrides of the working-day calendar (工作日历)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarYear(models.Model):
    """A year whose holiday arrangement an administrator loaded (for years chinese-calendar lacks)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField(
        "依据", max_length=200, blank=True, help_text="如:国务院办公厅关于2027年部分节假日安排的通知"
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="载入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    loaded_at = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    """One day declared a working day (调休上班) or a day off (放假), winning over the package."""

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("上班", help_text="勾选:工作日(含调休上班);不勾选:放假")
    note = models.CharField("说明", max_length=100, blank=True, help_text="如:春节、国庆节调休上班")

    class Meta:
        verbose_name = "日期调整"
        verbose_name_plural = "日期调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_working_day else '放假'}"
