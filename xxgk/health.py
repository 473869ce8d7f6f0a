"""What /healthz reports: the database, the shared cache and the task workers, each "ok" or what is
wrong. A failing part makes the answer 503 (a load balancer takes the process out); a degraded one
(Redis gone, the database's cache serving) is said but still 200, since every page still works."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

FAILED, DEGRADED, OK = "failed", "degraded", "ok"


@dataclass
class Health:
    parts: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return FAILED if self.failed else DEGRADED if self.degraded else OK

    def as_json(self) -> dict[str, object]:
        return {"status": self.status, **self.parts}


def check() -> Health:
    health = Health()
    _database(health)
    _cache(health)
    if "database" not in health.failed:
        _workers(health)
    return health


def _database(health: Health) -> None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        health.parts["database"] = OK
    except Exception as exc:  # any failure is the answer, not an error page
        health.parts["database"] = f"数据库无法连接:{type(exc).__name__}"
        health.failed.append("database")


def _cache(health: Health) -> None:
    from django.core.cache import caches

    from xxgk.cache import FallbackCache

    cache = caches["default"]
    try:
        cache.set("xxgk:health", 1, 10)
        if cache.get("xxgk:health") != 1:
            raise RuntimeError("写入的值读不回来")
    except Exception as exc:
        health.parts["cache"] = f"缓存不可用:{type(exc).__name__}"
        health.failed.append("cache")
        return
    if isinstance(cache, FallbackCache) and cache.degraded:
        health.parts["cache"] = "Redis 不可用,已改用数据库缓存"
        health.degraded.append("cache")
    else:
        health.parts["cache"] = OK


def _workers(health: Health) -> None:
    """Each queue a worker ever served needs one beating now; none ever seen is said, not failed
    (a platform started with --no-worker, its workers elsewhere and not started yet)."""
    from django.utils import timezone

    from xxgk.background.models import WorkerHeartbeat
    from xxgk.background.worker import STALE

    now = timezone.now()
    rows = list(WorkerHeartbeat.objects.values_list("queues", "seen_at"))
    if not rows:
        health.parts["worker"] = "未发现后台任务进程(以 --no-worker 启动时须另行运行 xxgk worker)"
        return
    last: dict[str, datetime] = {}
    for queue, seen in rows:
        last[queue] = max(seen, last.get(queue, seen))
    stopped = {q: s for q, s in last.items() if s < now - STALE}
    if stopped:
        said = ",".join(
            f"队列{q}最近心跳{timezone.localtime(s):%Y-%m-%d %H:%M:%S}" for q, s in sorted(stopped.items())
        )
        health.parts["worker"] = f"后台任务进程已停止:{said}"
        health.failed.append("worker")
    else:
        health.parts["worker"] = OK
