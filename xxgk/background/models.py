"""What the worker keeps besides the task queue: which scheduled runs have been started."""

from __future__ import annotations

from django.conf import settings
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


class ExportState(models.TextChoices):
    QUEUED = "queued", "排队等待"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


def _export_path(instance: Export, filename: str) -> str:
    return f"exports/{instance.pk or 'new'}-{filename}"


class Export(models.Model):
    """A large export built by the worker (a ledger of thousands of cases, a workbook of hundreds of
    reports); the person who asked downloads it from its page when it is ready."""

    kind = models.CharField("类型", max_length=40)
    object_id = models.PositiveBigIntegerField("对象")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE, related_name="exports"
    )
    title = models.CharField("名称", max_length=200)
    state = models.CharField("状态", max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    file = models.FileField("文件", upload_to=_export_path, blank=True, max_length=300)
    file_name = models.CharField("下载文件名", max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出文件"
        verbose_name_plural = "导出文件"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class WorkerHeartbeat(models.Model):
    """A running `xxgk worker`, seen every few seconds: /healthz says when one stopped beating, and
    its tasks are taken back (requeued or failed with a reason) when it died mid-task."""

    worker_id = models.CharField("进程标识", max_length=64, unique=True)
    queues = models.CharField("队列", max_length=100)
    host = models.CharField("主机", max_length=100)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间", auto_now_add=True)
    seen_at = models.DateTimeField("最近心跳")

    class Meta:
        verbose_name = "后台任务进程"
        verbose_name_plural = "后台任务进程"

    def __str__(self) -> str:
        return f"{self.worker_id}({self.queues})"
