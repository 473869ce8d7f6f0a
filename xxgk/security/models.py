"""The security log (安全审计日志, GB/T 22239-2019 8.1.4.3): who logged in, failed, was locked out,
got or lost a role, exported or imported what — written once, never changed or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xxgk.audit import AppendOnly


class SecurityKind(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号或地址被锁定"
    UNLOCKED = "unlocked", "解除锁定"
    LOGOUT = "logout", "退出"
    SECOND_FACTOR = "second_factor", "动态口令验证"
    SECOND_FACTOR_FAILED = "second_factor_failed", "动态口令错误"
    SECOND_FACTOR_SET = "second_factor_set", "设置动态口令"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    ROLE_GRANTED = "role_granted", "授予角色"
    ROLE_REVOKED = "role_revoked", "撤销角色"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    PURGE = "purge", "清除个人信息"


class SecurityEvent(AppendOnly):
    record_name = "安全日志"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=32, choices=SecurityKind.choices, db_index=True)
    # The person as a name and a number, not a foreign key: the log outlives accounts.
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    user_id_value = models.BigIntegerField("用户编号", null=True, blank=True)
    address = models.CharField("访问地址", max_length=64, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    detail = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "安全日志"
        verbose_name_plural = "安全日志"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"


class PasswordRecord(models.Model):
    """When a person last set their password, for the expiry rule (XXGK_PASSWORD_MAX_AGE_DAYS)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record"
    )
    changed_at = models.DateTimeField("密码修改时间")

    class Meta:
        verbose_name = "密码记录"
        verbose_name_plural = "密码记录"

    def __str__(self) -> str:
        return f"{self.user} {self.changed_at:%Y-%m-%d}"
