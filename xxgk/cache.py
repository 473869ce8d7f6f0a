"""The shared cache with a way down: Redis (XXGK_CACHE_URL) while it answers, the database's cache
table while it does not. Rate limits, the 验证问题 and cached sessions live in the cache; with Redis
gone they go on in the database (logged once when it goes, once when it is back), and Redis is tried
again every XXGK_CACHE_RETRY_SECONDS (30). Sessions are written through to the database anyway (cached_db)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("xxgk.cache")


def retry_seconds() -> float:
    return float(getattr(settings, "XXGK_CACHE_RETRY_SECONDS", 30.0))


class FallbackCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = {"socket_connect_timeout": 1, "socket_timeout": 1, **params.get("OPTIONS", {})}
        self.primary = RedisCache(location, {**params, "OPTIONS": options})
        self.secondary = DatabaseCache(params.get("FALLBACK_TABLE", "xxgk_cache"), {**params, "OPTIONS": {}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """Redis did not answer lately: the database's cache serves."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        import redis

        if not self.degraded:
            try:
                result = getattr(self.primary, name)(*args, **kwargs)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                with self._lock:
                    if not self.degraded:
                        logger.error(
                            "Redis 不可用(%s),缓存改用数据库,%s秒后重试", type(exc).__name__, retry_seconds()
                        )
                    self._down_until = time.monotonic() + retry_seconds()
            else:
                if self._down_until:
                    with self._lock:
                        if self._down_until:
                            logger.warning("Redis 已恢复,缓存改回 Redis")
                            self._down_until = 0.0
                return result
        return getattr(self.secondary, name)(*args, **kwargs)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        return bool(self._call("add", key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("delete", key, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return dict(self._call("get_many", keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("has_key", key, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._call("incr", key, delta, version))

    def set_many(self, data: Any, timeout: Any = None, version: int | None = None) -> list[Any]:
        return list(self._call("set_many", data, timeout, version) or [])

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._call("delete_many", keys, version)

    def clear(self) -> None:
        self._call("clear")
