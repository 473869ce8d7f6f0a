"""政务公开事项标准目录 (国办发〔2019〕54号): what is to be published, per field and level."""

from __future__ import annotations

from django.db import models

from xxgk.agencies.models import Agency
from xxgk.rules.catalogue import Cycle


class Mode(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "request", "依申请公开"


class CatalogueEntry(models.Model):
    """One 公开事项. An entry of a district's catalogue (owner: the district's office or department)
    applies to the 乡镇/街道 under it too, beside their own entries (catalogue.services.entries_for)."""

    owner = models.ForeignKey(
        Agency, verbose_name="编制机关", on_delete=models.CASCADE, related_name="catalogue"
    )
    field = models.CharField("领域", max_length=60)
    level = models.CharField("公开层级", max_length=60, help_text="如:区县级、乡镇级")
    matter = models.CharField("公开事项", max_length=200)
    elements = models.TextField("公开内容(要素)")
    basis = models.TextField("公开依据")
    time_limit = models.CharField("公开时限", max_length=200)
    limit_days = models.PositiveSmallIntegerField("时限工作日", default=20, help_text="信息形成或变更之日起")
    cycle = models.CharField("公开周期", max_length=10, choices=[(c.value, c.label) for c in Cycle])
    subject = models.CharField("公开主体", max_length=200)
    channels = models.CharField("公开渠道和载体", max_length=300)
    audience = models.CharField("公开对象", max_length=60, default="全社会")
    mode = models.CharField("公开方式", max_length=10, choices=Mode.choices, default=Mode.PROACTIVE)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["owner", "order", "pk"]  # the order of the file it came from
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "field", "level", "matter"], name="catalogue_matter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field} · {self.matter}"
