"""年度报告 — one agency's report for one year: what the clerk enters, the narrative, publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.audit import AppendOnly


class ReportState(models.TextChoices):
    DRAFT = "draft", "编写中"
    PUBLISHED = "published", "已发布"


class ReportScope(models.TextChoices):
    OWN = "own", "本机关"
    WITH_CHILDREN = "with_children", "本机关及下级机关汇总"
    CHILDREN = "children", "下级机关汇总"


class Report(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    version = models.CharField("格式版本", max_length=4)
    scope = models.CharField(
        "范围",
        max_length=16,
        choices=ReportScope.choices,
        default=ReportScope.OWN,
        help_text="汇总报告由下级机关已发布的年报(及上传的年报)逐项相加",
    )
    summary_batch = models.ForeignKey(
        "review.ReviewBatch",
        verbose_name="汇总时一并计入的上传年报",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    manual = models.JSONField(
        "人工填报的数据",
        default=dict,
        blank=True,
        help_text="系统不掌握的第二部分数据,如行政许可、行政处罚、收费金额",
    )
    sections = models.JSONField(
        "正文", default=dict, blank=True, help_text="第一、五、六部分的正文模板,{数据项}在生成时填入"
    )
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    snapshot = models.JSONField("发布时的表格", null=True, blank=True)
    source_url = models.URLField(
        "来源地址", max_length=500, blank=True, help_text="从另一平台同步的年报在其门户中的地址(xxgk sync)"
    )
    acknowledged = models.JSONField("已确认的警告", default=list, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"


class ReportEvent(AppendOnly):
    """Who did what to a report, when: saved, published, withdrawn (never changed afterwards)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=16)
    at = models.DateTimeField("时间", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "年报操作记录"
        verbose_name_plural = "年报操作记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action_label} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


ACTION_LABELS = {"save": "保存", "publish": "发布", "withdraw": "撤回"}


def _published_path(instance: PublishedFile, filename: str) -> str:
    return f"reports/{instance.report.agency_id}/{instance.report.year}/{filename}"


class PublishedFile(models.Model):
    """A published report's file (PDF, Word, HTML, JSON) as rendered once at publication: the file
    published is the file served, byte for byte, until the report is withdrawn (then it stays as the
    record of what was published, no longer served)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="published_files")
    fmt = models.CharField("格式", max_length=8)
    file = models.FileField("文件", upload_to=_published_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "已发布年报文件"
        verbose_name_plural = "已发布年报文件"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "fmt"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="published_file_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.fmt} {self.sha256[:12]}"
