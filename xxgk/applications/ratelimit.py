"""A fixed-window limit per client address, on Django's cache (shared across processes when the
cache is; the default local-memory cache limits each process)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; True when the address has made more than `limit` in the window."""
    key = f"xxgk:rl:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
