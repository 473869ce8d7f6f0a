from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_otp import login as otp_login

from xxgk.clients import local_next
from xxgk.security.models import SecurityKind
from xxgk.security.second_factor import device_for, qr_svg
from xxgk.security.services import record


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter the code of the authenticator app; the first time, scan its QR code first."""
    next_url = local_next(request, request.POST.get("next") or request.GET.get("next"))
    device = device_for(request.user)
    if not device.confirmed and not _reauthenticated(request):
        # The secret is shown only after the password is given again: a session taken over (or left
        # open) is not enough to enrol an authenticator of one's own.
        if request.method == "POST" and "password" in request.POST:
            if request.user.check_password(request.POST["password"]):  # type: ignore[union-attr]
                request.session[REAUTH] = time.time()
                return redirect(f"{request.path}?{urlencode({'next': next_url})}")
            record(SecurityKind.SECOND_FACTOR_FAILED, request=request, detail="设置动态口令前密码不正确")
            messages.error(request, "密码不正确")
        return render(request, "security/second_factor.html", {"reauth": True, "next": next_url})
    if request.method == "POST":
        token = "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())[:8]
        if token and device.verify_token(token):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(SecurityKind.SECOND_FACTOR_SET, request=request)
            otp_login(request, device)
            record(SecurityKind.SECOND_FACTOR, request=request)
            return redirect(next_url)
        record(SecurityKind.SECOND_FACTOR_FAILED, request=request)
        messages.error(request, "动态口令不正确或已过期,请输入验证器当前显示的6位数字")
    context = {"device": device, "next": next_url, "setup": not device.confirmed}
    if not device.confirmed:
        context["qr"] = qr_svg(device)
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "security/second_factor.html", context)


REAUTH = "xxgk_otp_reauth"
REAUTH_SECONDS = 600


def _reauthenticated(request: HttpRequest) -> bool:
    when = request.session.get(REAUTH)
    return isinstance(when, (int, float)) and time.time() - when < REAUTH_SECONDS


def locked_out(
    request: HttpRequest, credentials: object = None, *args: object, **kwargs: object
) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): what happened and what to do, in Chinese."""
    from django.conf import settings

    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "security/locked.html", {"minutes": minutes}, status=429)


class StaffLoginView(LoginView):
    """工作人员登录: the platform's own page (Chinese, the site's frame), not Django admin's. The
    same authentication backends apply: django-axes counts failures, and the second factor follows
    (StaffSessionMiddleware) where the agency requires it."""

    template_name = "security/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["username"].label = "用户名"
        form.fields["password"].label = "密码"
        form.error_messages["invalid_login"] = "用户名或密码不正确。连续多次输错,账号会被暂时锁定。"
        form.error_messages["inactive"] = "该账号已停用,请联系本机关的管理员。"
        return form
