"""Who is asking: the client's address behind the reverse proxies the operator trusts, and limits
per address on the shared cache (so that every app process counts together)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _trusted(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in spec.split(",") if p.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted(settings.XXGK_TRUSTED_PROXIES))


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is one of XXGK_TRUSTED_PROXIES: then the last address in
    X-Forwarded-For that is not a trusted proxy. Nothing a client writes into the header itself is
    believed, since only the addresses our own proxies appended (read from the right) are."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _is_trusted(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a garbled header: count the proxy itself, never a made-up address
    return remote


def axes_address(request: HttpRequest) -> str | None:
    """The address django-axes stores (an IP field): None where a request has none (a test client's
    forced login, a management command), rather than a word the database would refuse."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _key(request: HttpRequest, scope: str) -> str:
    return f"xxgk:rl:{scope}:{client_address(request)}"


def limit_reached(request: HttpRequest, scope: str, limit: int) -> bool:
    """Whether this address has used up `limit` in the current window (nothing is counted)."""
    return int(cache.get(_key(request, scope), 0)) >= limit


def count(request: HttpRequest, scope: str, window_seconds: int) -> int:
    """Count one use for this address in a fixed window; returns the count."""
    return bump(_key(request, scope), window_seconds)


def bump(key: str, timeout: int) -> int:
    """Add one to a counter in the shared cache, every process counting alike; returns the count."""
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def local_next(request: HttpRequest, target: str | None) -> str:
    """Where to go after a step, as the visitor asked (`next`), but only within this site: an
    address elsewhere, or none, gives the home page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"
