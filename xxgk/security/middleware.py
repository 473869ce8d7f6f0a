"""What a staff session must have before it does anything: a second factor where the agency
requires one, and a password that has not expired."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from xxgk.security.passwords import password_expired
from xxgk.security.second_factor import enrolled, needs_second_factor
from xxgk.security.services import current_request

_EXEMPT = ("/static/", "/account/", "/admin/logout/", "/admin/password_change/", "/admin/jsi18n/")
_PASSWORD_CHANGE = "/admin/password_change/"


class RequestContextMiddleware:
    """Makes the request known to the security log for the time it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_EXEMPT):
            if needs_second_factor(user) and not user.is_verified():
                return _second_factor(request)
            if password_expired(user):
                messages.warning(request, "密码已超过有效期,请先修改密码")
                return redirect("admin:password_change")
        elif (
            user is not None
            and user.is_authenticated
            and request.path.startswith(_PASSWORD_CHANGE)
            and not user.is_verified()
            and enrolled(user)
        ):
            # A password alone must not change the password of an account with a second factor.
            return _second_factor(request)
        return self.get_response(request)


def _second_factor(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("security:second_factor") + "?" + urlencode({"next": request.get_full_path()}))
