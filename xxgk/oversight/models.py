"""The 公开办's register of 投诉举报 about its agencies' disclosure work (rules/complaints.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency
from xxgk.rules.complaints import Conclusion, Kind, State


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上"
    VISIT = "visit", "来访"
    HOTLINE = "hotline", "12345热线转办"


class Complaint(models.Model):
    office = models.ForeignKey(
        Agency, verbose_name="受理的公开办", on_delete=models.PROTECT, related_name="complaints_received"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="被投诉举报的机关", on_delete=models.PROTECT, related_name="complaints"
    )
    number = models.CharField("编号", max_length=30)
    received = models.DateField("收到日期")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    kind = models.CharField("类别", max_length=12, choices=[(k.value, k.label) for k in Kind])
    complainant = models.CharField("投诉举报人(可不填)", max_length=100, blank=True)
    contact = models.CharField("联系方式(可不填)", max_length=100, blank=True)
    subject = models.CharField("事由", max_length=200)
    content = models.TextField("内容")
    state = models.CharField(
        "状态", max_length=10, choices=[(s.value, s.label) for s in State], default=State.RECEIVED
    )
    urge_note = models.TextField("督促整改要求", blank=True)
    urged_on = models.DateField("督促整改日期", null=True, blank=True)
    reply = models.TextField("机关回复的整改情况", blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    conclusion = models.CharField(
        "办结结论", max_length=12, blank=True, choices=[(c.value, c.label) for c in Conclusion]
    )
    notice = models.TextField("通报内容", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received", "-pk"]
        constraints = [models.UniqueConstraint(fields=["office", "number"], name="complaint_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"
