"""The TOTP second factor (django-otp): who must use it, setting it up, checking it."""

from __future__ import annotations

from typing import Any

from xxgk.agencies.models import Membership, Role

# Roles that hold an agency's keys: they approve extensions, publish reports, set staff.
GUARDED_ROLES = (Role.HEAD, Role.ADMIN)


def enrolled(user: Any) -> bool:
    """The person has set up a second factor (a confirmed TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user: Any) -> bool:
    """A 负责人 or 管理员 of an agency that requires a second factor (Agency.require_second_factor),
    and a superuser who has set one up: a superuser holds every agency's keys."""
    if getattr(user, "is_superuser", False) and enrolled(user):
        return True
    return Membership.objects.filter(
        user=user, role__in=GUARDED_ROLES, agency__require_second_factor=True
    ).exists()


def device_for(user: Any) -> Any:
    """The person's confirmed TOTP device, or an unconfirmed one to set up (made on first need)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return confirmed
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "动态口令"})
    return device


def qr_svg(device: Any) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no script, no external image)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg
