"""What the security log hears of by itself: logins, failures, lockouts, role changes."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from xxgk.agencies.models import Membership
from xxgk.security.models import SecurityKind
from xxgk.security.services import record


@receiver(user_logged_in)
def _login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(SecurityKind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(SecurityKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password is never logged; the name typed is, since an attack shows in it.
    record(SecurityKind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


@receiver(user_locked_out)
def _locked(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    record(
        SecurityKind.LOCKED_OUT, request=request, username=username or "", detail=f"地址 {ip_address or ''}"
    )


@receiver(post_save, sender=Membership)
def _granted(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    record(
        SecurityKind.ROLE_GRANTED,
        user=instance.user,
        agency=instance.agency,
        detail=f"{instance.user.username} 在“{instance.agency.name}”的角色:{instance.get_role_display()}"
        + ("" if created else "(修改)"),
    )


@receiver(post_delete, sender=Membership)
def _revoked(sender: Any, instance: Membership, **kwargs: Any) -> None:
    record(
        SecurityKind.ROLE_REVOKED,
        user=instance.user,
        agency=instance.agency,
        detail=f"{instance.user.username} 在“{instance.agency.name}”不再担任:{instance.get_role_display()}",
    )
