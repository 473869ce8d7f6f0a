"""Tokens that let another system act for an agency through /api/v1/, and the trail of their calls."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency


class Scope(models.TextChoices):
    ITEMS_SUBMIT = "items:submit", "报送主动公开信息(提交审核)"
    APPLICATIONS_REGISTER = "applications:register", "登记其他渠道收到的申请"
    APPLICATIONS_READ = "applications:read", "查询申请的办理状态和期限"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """Only the key's SHA-256 is kept: the key is shown once, when the token is created. Calls
    act as `user`, so the services check that user's role in the agency as for the web pages."""

    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100, help_text="如:市政务服务平台")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代表的工作人员",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="接口调用以此人的名义、按其在本机构的角色办理,并记入办理记录",
    )
    scopes = models.JSONField("权限范围", default=list)
    prefix = models.CharField("密钥前缀", max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    per_minute = models.PositiveIntegerField("每分钟调用上限", default=60)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.agency} · {self.name}({self.prefix}…)"

    def new_key(self) -> str:
        """A fresh key for this token (saved by the caller); the old one stops working."""
        key = f"xxgk_{secrets.token_urlsafe(32)}"
        self.prefix, self.key_hash = key[:12], hash_key(key)
        return key


class ApiCall(models.Model):
    """Every call made with a token (and every refused token), for the agency's audit."""

    token = models.ForeignKey(ApiToken, null=True, on_delete=models.SET_NULL, related_name="calls")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("地址", max_length=300)
    status = models.PositiveSmallIntegerField("结果")
    address = models.CharField("来源地址", max_length=64)
    detail = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "接口调用记录"
        verbose_name_plural = "接口调用记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
