"""A reviewer's batch of uploaded reports and what the checks found in each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency


class BatchState(models.TextChoices):
    QUEUED = "queued", "排队等待"
    RUNNING = "running", "正在核查"
    DONE = "done", "已完成"


class ReviewBatch(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="核查机关", on_delete=models.CASCADE, related_name="review_batches"
    )
    title = models.CharField("名称", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    rejected = models.JSONField("未读取的文件", default=list, help_text="[[文件名, 原因], …]")
    state = models.CharField("状态", max_length=10, choices=BatchState.choices, default=BatchState.QUEUED)
    started_at = models.DateTimeField("开始核查", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # The worker that holds the batch renews its lease after every report; a batch whose lease ran out
    # (its worker stopped or was restarted) is taken up again where it stopped.
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    allow_private = models.BooleanField(
        "允许内网地址",
        default=False,
        help_text="允许从内网或本机地址下载年报(仅管理员可设;默认拒绝,防止借平台访问内部服务)",
    )

    class Meta:
        verbose_name = "年报核查批次"
        verbose_name_plural = "年报核查批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


def _source_path(instance: ReviewSource, filename: str) -> str:
    return f"review/{instance.batch_id}/{filename}"


class ReviewSource(models.Model):
    """What the reviewer gave: an uploaded file (possibly a ZIP of many reports), kept until the
    worker has unpacked it into items."""

    batch = models.ForeignKey(ReviewBatch, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to=_source_path, max_length=500)
    expanded = models.BooleanField("已展开", default=False)

    class Meta:
        verbose_name = "上传文件"
        verbose_name_plural = "上传文件"

    def __str__(self) -> str:
        return self.name


class ItemState(models.TextChoices):
    PENDING = "pending", "等待核查"
    DONE = "done", "已核查"


class ReviewItem(models.Model):
    batch = models.ForeignKey(ReviewBatch, on_delete=models.CASCADE, related_name="items")
    source = models.CharField("来源", max_length=500)
    file_name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("原文件", default=b"")
    url = models.URLField("年报网址", max_length=2000, blank=True)
    listed_agency = models.CharField("清单中的机构名称", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    agency_name = models.CharField("机关", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    version = models.CharField("格式版本", max_length=4, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    result = models.JSONField("核查结果", null=True, blank=True, help_text="report-model.md 的 JSON")
    tokens = models.JSONField("读取的原文", default=list, blank=True, help_text="[[类型, 文字, 位置], …]")
    error = models.TextField("读取错误", blank=True)

    class Meta:
        verbose_name = "核查报告"
        verbose_name_plural = "核查报告"
        ordering = ["batch", "source"]
        indexes = [models.Index(fields=["batch", "state"])]

    def __str__(self) -> str:
        return self.source


class Evidence(models.Model):
    """What was fetched from a report's link, kept as it came: the bytes, the address, when, and
    their SHA-256, so that a finding can be shown against what the agency's site served."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField("请求网址", max_length=2000)
    final_url = models.URLField("最终网址", max_length=2000, blank=True)
    fetched_at = models.DateTimeField("获取时间")
    status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    content_type = models.CharField("内容类型", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("字节数", default=0)
    content = models.BinaryField("获取的内容", default=b"")
    error = models.TextField("获取错误", blank=True)

    class Meta:
        verbose_name = "网址获取记录"
        verbose_name_plural = "网址获取记录"
        ordering = ["item", "fetched_at", "pk"]

    def __str__(self) -> str:
        return self.url


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已排除"


class FindingDecision(models.Model):
    """A reviewer's decision on one finding of a report: confirmed (with what the agency is to do) or
    dismissed (with why). Kept by the reviewing office under the finding's fingerprint — the report
    (agency and year), the rule and the place — so that a re-check or a re-upload of the same report
    shows it decided, not pending again."""

    reviewer = models.ForeignKey(
        Agency, verbose_name="核查机关", on_delete=models.CASCADE, related_name="finding_decisions"
    )
    fingerprint = models.CharField("问题标识", max_length=24)
    agency_name = models.CharField("被核查机关", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    rule = models.CharField("规则", max_length=60)
    where = models.CharField("位置", max_length=120, blank=True)
    message = models.TextField("问题")
    decision = models.CharField("处理", max_length=10, choices=Decision.choices)
    note = models.TextField("整改要求或排除理由")
    item = models.ForeignKey(
        ReviewItem, verbose_name="核查报告", null=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField("处理时间")

    class Meta:
        verbose_name = "核查问题的处理"
        verbose_name_plural = "核查问题的处理"
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "fingerprint"], name="one_decision_per_finding")
        ]
        indexes = [models.Index(fields=["reviewer", "agency_name", "year"])]

    def __str__(self) -> str:
        return f"{self.agency_name} {self.year} {self.rule}"
