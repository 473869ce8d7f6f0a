"""A reviewer's batch of uploaded reports and what the checks found in each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency


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

    class Meta:
        verbose_name = "年报核查批次"
        verbose_name_plural = "年报核查批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ReviewItem(models.Model):
    batch = models.ForeignKey(ReviewBatch, on_delete=models.CASCADE, related_name="items")
    source = models.CharField("来源", max_length=500)
    file_name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("原文件")
    agency_name = models.CharField("机关", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    version = models.CharField("格式版本", max_length=4, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    result = models.JSONField("核查结果", null=True, blank=True, help_text="report-model.md 的 JSON")
    error = models.TextField("读取错误", blank=True)

    class Meta:
        verbose_name = "核查报告"
        verbose_name_plural = "核查报告"
        ordering = ["batch", "source"]

    def __str__(self) -> str:
        return self.source
