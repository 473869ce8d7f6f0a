"""Bearer tokens per agency and scope, their rate limit, and the audit trail of every call."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from xxgk.api.models import ApiCall, ApiToken, hash_key
from xxgk.clients import bump, client_address

WINDOW = 60  # seconds: ApiToken.per_minute


def record(request: HttpRequest, status: int, token: ApiToken | None, detail: str = "") -> None:
    ApiCall.objects.create(
        token=token,
        method=request.method or "",
        path=request.get_full_path()[:300],
        status=status,
        address=client_address(request)[:64],
        detail=detail[:300],
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer xxgk_…` with the scope the operation needs. A wrong, revoked or
    out-of-scope key gets 401/403 and is recorded; a key over its rate gets 429."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, key: str) -> ApiToken | None:
        token = (
            ApiToken.objects.select_related("agency", "user").filter(key_hash=hash_key(key.strip())).first()
            if key.startswith("xxgk_") and len(key) < 100
            else None
        )
        if token is None or token.revoked_at is not None:
            record(request, 401, token, "密钥无效或已吊销")
            return None
        if self.scope not in token.scopes:
            record(request, 403, token, f"令牌没有{self.scope}权限")
            raise HttpError(403, f"该令牌没有“{self.scope}”权限")
        if over_rate(token):
            record(request, 429, token, "超过调用频率")
            raise HttpError(429, f"调用过于频繁:每分钟最多{token.per_minute}次")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token  # ninja puts it in request.auth


def over_rate(token: ApiToken) -> bool:
    """A fixed one-minute window in the shared cache: every process counts the same calls."""
    key = f"xxgk:api:{token.pk}:{int(timezone.now().timestamp()) // WINDOW}"
    return bump(key, WINDOW * 2) > token.per_minute


def current_token(request: Any) -> ApiToken:
    token: ApiToken = request.auth
    return token
