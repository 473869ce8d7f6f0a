"""Audit trails (办理记录, 操作记录): records that are written once and never changed or deleted."""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnly(models.Model):
    """A model whose rows refuse update and delete, so an audit trail stays what happened."""

    record_name = "操作记录"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(f"{self.record_name}一经写入不得修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{self.record_name}不得删除")
