"""Password rules: character classes, and the date of the last change for the expiry rule."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone


def _classes(password: str) -> int:
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() or not c.isascii() for c in password),
        )
    )


class CharacterClassesValidator:
    """At least `min_classes` of: capital letters, small letters, digits, other characters (等保
    level 3: 口令具有复杂度要求). Also notes when a password was set, whatever sets it."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、其他字符(含汉字)中的至少{self.min_classes}类",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、其他字符(含汉字)中的至少{self.min_classes}类。"

    def password_changed(self, password: str, user: Any = None) -> None:
        # Django calls this after saving a user whose password was set (forms, admin, CLI, API).
        if user is None or user.pk is None:
            return
        from xxgk.security.models import PasswordRecord

        PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})


def password_expired(user: Any) -> bool:
    from django.conf import settings

    from xxgk.security.models import PasswordRecord

    days = settings.XXGK_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    record = PasswordRecord.objects.filter(user=user).first()
    changed = record.changed_at if record else user.date_joined
    return (timezone.now() - changed).days >= days
