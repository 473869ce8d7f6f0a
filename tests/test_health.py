"""What keeps the platform running (issue 20): the worker's heartbeat and /healthz, tasks taken back
from a worker that died, `xxgk serve` restarting a worker that exits, the cache going on in the
database while Redis is away."""

from __future__ import annotations

import socket
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from xxgk.background.models import WorkerHeartbeat
from xxgk.background.worker import MAX_ATTEMPTS, STALE, beat, recover_orphans

pytestmark = pytest.mark.django_db


def test_healthz_names_the_failing_part_and_answers_503(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json()["database"] == "ok" and answer.json()["cache"] == "ok"
    assert "未发现后台任务进程" in answer.json()["worker"]  # none started: said, not failed
    beat("w-default", "default")
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok", "worker": "ok"}
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - STALE - timedelta(seconds=1))
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["status"] == "failed"
    assert answer.json()["worker"].startswith("后台任务进程已停止:队列default最近心跳")
    beat("w-default-2", "default")  # restarted under a new id: healthy, and the dead one forgotten
    recover_orphans()
    assert client.get("/healthz").status_code == 200
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w-default-2"]


def test_a_dead_workers_task_is_queued_again_then_failed_with_the_reason(run_tasks):
    from django_tasks_db.models import DBTaskResult

    from xxgk.background.tasks import build_export

    result = build_export.enqueue(0)
    row = DBTaskResult.objects.get(pk=result.id)
    long_ago = timezone.now() - STALE * 2
    row.status, row.started_at, row.worker_ids = "RUNNING", long_ago, ["dead-1"]
    row.save()
    beat("alive", "default")  # another worker lives; dead-1 does not beat
    assert recover_orphans() == ["xxgk.background.tasks.build_export:重新排队"]
    row.refresh_from_db()
    assert row.status == "READY"
    row.status, row.started_at, row.worker_ids = (
        "RUNNING",
        long_ago,
        [f"dead-{n}" for n in range(MAX_ATTEMPTS)],
    )
    row.save()
    assert recover_orphans() == ["xxgk.background.tasks.build_export:失败"]
    row.refresh_from_db()
    assert row.status == "FAILED" and "不再重试" in row.traceback + row.exception_class_path + str(
        row.return_value
    )
    fresh = DBTaskResult.objects.get(pk=build_export.enqueue(0).id)
    fresh.status, fresh.started_at, fresh.worker_ids = "RUNNING", long_ago, ["alive"]
    fresh.save()
    assert recover_orphans() == []  # its worker still beats: it is only slow


def test_serve_restarts_a_worker_that_exits(monkeypatch, tmp_path):
    from xxgk import supervise

    monkeypatch.setattr(supervise, "PAUSES", (0.1,))
    marker = tmp_path / "starts"
    command = [sys.executable, "-c", f"open({str(marker)!r}, 'a').write('x'); import sys; sys.exit(3)"]
    worker = supervise.Supervised("default", command).start()
    try:
        deadline = time.monotonic() + 20
        while (not marker.exists() or len(marker.read_text()) < 3) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.stop()
    assert worker.restarts >= 2 and len(marker.read_text()) >= 3


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_with_redis_gone_the_cache_goes_on_in_the_database_and_healthz_says_so(settings, client, caplog):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "xxgk.cache.FallbackCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    cache = caches["default"]
    cache.set("k", 41, 30)
    assert cache.incr("k") == 42 and cache.get("k") == 42 and cache.degraded
    assert sum("Redis 不可用" in r.message for r in caplog.records) == 1
    cache.set("again", 1)  # while degraded nothing is tried or logged again
    assert sum("Redis 不可用" in r.message for r in caplog.records) == 1
    answer = client.get("/healthz").json()
    assert answer["status"] == "degraded" and answer["cache"] == "Redis 不可用,已改用数据库缓存"
    assert client.get("/apply/").status_code == 200
