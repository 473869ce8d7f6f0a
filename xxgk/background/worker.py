"""`xxgk worker`: Django's database task worker plus what a platform needs of it to keep running.

Beside the worker loop (django-tasks-db's db_worker) one thread, every HEARTBEAT seconds: records
that this worker is alive (WorkerHeartbeat, which /healthz reads); takes back the tasks of workers
that died mid-task (requeued, or failed with the reason after MAX_ATTEMPTS); queues again 年报核查
batches whose worker stopped; queues the daily run once a day after XXGK_DAILY_AT.

The loop itself survives the database going away: a database error ends db_worker, and run()
starts it again after a growing pause, until the database answers. A stop asked for (Ctrl+C,
SIGTERM) ends it for good, after the task in hand.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time as clock
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

logger = logging.getLogger("xxgk.worker")
HEARTBEAT = 10.0
STALE = timedelta(seconds=60)  # a worker not seen for this long has stopped
MAX_ATTEMPTS = 3  # a task whose worker died this many times is failed, not run again
BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)


class WorkerDied(RuntimeError):
    """The reason recorded on a task whose worker stopped while running it."""


def daily_at() -> time:
    return time.fromisoformat(getattr(settings, "XXGK_DAILY_AT", "06:00"))


def schedule_daily(now: datetime | None = None) -> bool:
    """Queue today's daily run if it is time and no worker has yet. True if this call queued it."""
    from xxgk.background.models import ScheduledRun
    from xxgk.daily import daily

    local = timezone.localtime(now or timezone.now())
    if local.time() < daily_at():
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name="daily", day=local.date())
    except IntegrityError:
        return False
    daily.enqueue(local.date().isoformat())
    return True


def beat(worker_id: str, queues: str) -> None:
    from xxgk.background.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "queues": queues,
            "host": socket.gethostname()[:100],
            "pid": os.getpid(),
            "seen_at": timezone.now(),
        },
    )


def recover_orphans(now: datetime | None = None) -> list[str]:
    """Tasks RUNNING under a worker that no longer beats: queued again (the platform's tasks are safe
    to run twice), or failed with the reason once they have been tried MAX_ATTEMPTS times."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from xxgk.background.models import WorkerHeartbeat

    now = now or timezone.now()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE).values_list("worker_id", flat=True))
    taken = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - STALE):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            locked = (
                DBTaskResult.objects.select_for_update().filter(pk=result.pk, status=result.status).first()
            )
            if locked is None:
                continue
            if len(locked.worker_ids) >= MAX_ATTEMPTS:
                locked.set_failed(WorkerDied(f"后台任务进程{len(locked.worker_ids)}次在执行中停止,不再重试"))
                taken.append(f"{locked.task_path}:失败")
            else:
                locked.status, locked.started_at = TaskResultStatus.READY, None
                locked.save(update_fields=["status", "started_at"])
                taken.append(f"{locked.task_path}:重新排队")
    # A stopped worker's row is kept (/healthz reports it) until another serves the same queue.
    served = WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE).values_list("queues", flat=True)
    WorkerHeartbeat.objects.filter(queues__in=set(served), seen_at__lt=now - STALE).delete()
    return taken


def release(worker_id: str) -> int:
    """Queue again the tasks this worker was running when its database connection broke: the worker
    lives on (so recover_orphans would not take them) but their run was lost with the connection."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    taken = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            result.status, result.started_at = TaskResultStatus.READY, None
            result.save(update_fields=["status", "started_at"])
            taken += 1
    if taken:
        logger.warning("数据库恢复后重新排队%s个中断的任务", taken)
    return taken


def housekeeping(worker_id: str = "", queues: str = "*") -> None:
    from xxgk.review.services import resume_stalled

    if worker_id:
        beat(worker_id, queues)
    taken = recover_orphans()
    if taken:
        logger.warning("收回中断的后台任务:%s", ";".join(taken))
    resumed = resume_stalled()
    if resumed:
        logger.warning("继续核查中断的批次:%s", ", ".join(map(str, resumed)))
    schedule_daily()


def _orphaned() -> bool:
    """Started by `xxgk serve`, which has died without stopping us: nobody supervises us now."""
    parent = os.environ.get("XXGK_SUPERVISOR_PID", "")
    return parent.isdigit() and os.getppid() != int(parent)


def _housekeeping_loop(stop: threading.Event, worker_id: str, queues: str) -> None:
    while not stop.is_set():
        if _orphaned():
            logger.warning("启动本进程的 xxgk serve 已退出,后台任务进程随之停止")
            os.kill(os.getpid(), signal.SIGTERM)  # db_worker's own stop: the task in hand is finished
            return
        try:
            close_old_connections()
            housekeeping(worker_id, queues)
        except Exception:  # the worker must go on; the next round tries again
            logger.exception("后台任务维护出错")
        finally:
            connection.close()
        stop.wait(HEARTBEAT)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def run(*, interval: float = 1.0, drain: bool = False, verbosity: int = 1, queue: str = "*") -> None:
    """Run tasks of `queue` ("*": all) until stopped (Ctrl+C, SIGTERM: the running task is finished
    first); with `drain`, run housekeeping once and every task waiting, then return."""
    from django.core.management import call_command

    worker_id = new_worker_id()
    options = {
        "queue_name": queue,
        "interval": interval,
        "reload": False,
        "startup_delay": False,
        "worker_id": worker_id,
    }
    if drain:
        housekeeping()
        call_command("db_worker", batch=True, verbosity=verbosity, **options)
        return
    stop = threading.Event()
    thread = threading.Thread(
        target=_housekeeping_loop, args=(stop, worker_id, queue), name="xxgk-housekeeping", daemon=True
    )
    thread.start()
    failures = 0
    try:
        while True:
            began = clock.monotonic()
            try:
                if failures:
                    release(worker_id)  # the task in hand when the database went away
                call_command("db_worker", verbosity=verbosity, **options)
                return  # asked to stop
            except (OperationalError, InterfaceError) as exc:
                if clock.monotonic() - began > 60:
                    failures = 0  # it had been running well: start the pauses again from the shortest
                # The database went away (a restart, a network cut): wait, reconnect, go on.
                pause = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                logger.warning("数据库连接中断(%s),%s秒后重新连接", exc.__class__.__name__, pause)
                connection.close()
                clock.sleep(pause)
    finally:
        stop.set()
        try:
            from xxgk.background.models import WorkerHeartbeat

            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()  # a clean stop is no failure
        except Exception:  # the database may be the reason we stop
            pass
        finally:
            connection.close()
