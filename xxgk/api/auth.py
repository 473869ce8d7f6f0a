"""Bearer tokens per agency and scope, their rate limit, and the audit trail of every call."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import has_role
from xxgk.api.models import ApiCall, ApiToken, Scope, hash_key
from xxgk.clients import bump, client_address

WINDOW = 60  # seconds: ApiToken.per_minute
FAILURES_PER_MINUTE = 20  # failed token calls an address may make before it is refused (429)
# The roles a token's user must still hold in its agency for each scope: the same roles the web
# pages ask for that work (a token acts as its user, who may have left or changed posts since).
SCOPE_ROLES: dict[str, tuple[Role, ...]] = {
    Scope.ITEMS_SUBMIT: (Role.CLERK, Role.HEAD, Role.ADMIN),
    Scope.APPLICATIONS_REGISTER: (Role.CLERK, Role.HEAD, Role.ADMIN),
    Scope.APPLICATIONS_READ: (Role.CLERK, Role.REVIEWER, Role.HEAD, Role.ADMIN),
}


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
        if _failing(request):
            raise HttpError(429, "失败的调用过多,请稍后再试")
        if token is None or token.revoked_at is not None:
            _failed(request, 401, token, "密钥无效或已吊销")
            return None
        user = token.user
        if user is None or not user.is_active:
            _failed(request, 401, token, "令牌所属用户已停用")
            return None
        if self.scope not in token.scopes:
            _failed(request, 403, token, f"令牌没有{self.scope}权限")
            raise HttpError(403, f"该令牌没有“{self.scope}”权限")
        if not has_role(user, token.agency, *SCOPE_ROLES.get(self.scope, ())):
            _failed(request, 403, token, "令牌所属用户在该机关已无相应角色")
            raise HttpError(403, "令牌所属用户在该机关已没有使用该权限所需的角色")
        if over_rate(token):
            record(request, 429, token, "超过调用频率")
            raise HttpError(429, f"调用过于频繁:每分钟最多{token.per_minute}次")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token  # ninja puts it in request.auth


def _failure_key(request: HttpRequest) -> str:
    return f"xxgk:api:fail:{client_address(request)}:{int(timezone.now().timestamp()) // WINDOW}"


def _failing(request: HttpRequest) -> bool:
    """This address failed FAILURES_PER_MINUTE times this minute: refused before any lookup."""
    from django.core.cache import cache

    return int(cache.get(_failure_key(request)) or 0) >= FAILURES_PER_MINUTE


def _failed(request: HttpRequest, status: int, token: ApiToken | None, detail: str) -> None:
    """A refused call, counted per address; recorded in the trail, but a burst only up to the point
    where it is throttled (then once, saying so), so that guessing keys cannot fill the trail."""
    count = bump(_failure_key(request), WINDOW * 2)
    if count < FAILURES_PER_MINUTE:
        record(request, status, token, detail)
    elif count == FAILURES_PER_MINUTE:
        record(request, 429, token, f"{detail};本地址一分钟内失败{count}次,此后的调用暂被拒绝")


def over_rate(token: ApiToken) -> bool:
    """A fixed one-minute window in the shared cache: every process counts the same calls."""
    key = f"xxgk:api:{token.pk}:{int(timezone.now().timestamp()) // WINDOW}"
    return bump(key, WINDOW * 2) > token.per_minute


def current_token(request: Any) -> ApiToken:
    token: ApiToken = request.auth
    return token
