"""Writing the security log, and the rules of passwords and second factors."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

from xxgk.clients import client_address
from xxgk.security.models import SecurityEvent, SecurityKind

# The request being served, so that a service writing the log (an import, an export) knows the
# address without every caller passing it; None in the CLI and in background tasks.
current_request: ContextVar[HttpRequest | None] = ContextVar("xxgk_current_request", default=None)


def record(
    kind: SecurityKind | str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    agency: Any = None,
    detail: str = "",
) -> SecurityEvent:
    """One entry of the security log. `user` defaults to the request's; `username` is for people
    who are no user (a failed login names whatever was typed)."""
    request = request if request is not None else current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=SecurityKind(kind),
        username=(getattr(user, "username", "") or username)[:150],
        user_id_value=getattr(user, "pk", None),
        address=client_address(request)[:64] if request is not None else "命令行",
        agency=agency,
        detail=detail[:2000],
    )
