"""What the worker keeps besides the task queue: which scheduled runs have been started."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """One row per scheduled job and day: whichever worker creates it first starts that day's run,
    so several workers never start it twice."""

    name = models.CharField("任务", max_length=50)
    day = models.DateField("日期")
    queued_at = models.DateTimeField("加入队列时间", auto_now_add=True)

    class Meta:
        verbose_name = "计划任务记录"
        verbose_name_plural = "计划任务记录"
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="scheduled_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
