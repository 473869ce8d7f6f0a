"""`xxgk worker`: Django's database task worker plus the housekeeping a platform needs of it.

Beside the worker loop (django-tasks-db's db_worker) one thread, every HOUSEKEEPING seconds:
queues again 年报核查 batches whose worker stopped (so a restart resumes them), and queues the daily
run (reminders, then the retention purge) once a day after XXGK_DAILY_AT.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger("xxgk.worker")
HOUSEKEEPING = 30.0


def daily_at() -> time:
    return time.fromisoformat(getattr(settings, "XXGK_DAILY_AT", "06:00"))


def schedule_daily(now: datetime | None = None) -> bool:
    """Queue today's daily run if it is time and no worker has yet. True if this call queued it."""
    from xxgk.background.models import ScheduledRun
    from xxgk.background.tasks import daily

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


def housekeeping() -> None:
    from xxgk.review.services import resume_stalled

    resumed = resume_stalled()
    if resumed:
        logger.warning("继续核查中断的批次:%s", ", ".join(map(str, resumed)))
    schedule_daily()


def _housekeeping_loop(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            housekeeping()
        except Exception:  # the worker must go on; the next round tries again
            logger.exception("后台任务维护出错")
        finally:
            connection.close()
        stop.wait(HOUSEKEEPING)


def run(*, interval: float = 1.0, drain: bool = False, verbosity: int = 1) -> None:
    """Run tasks until stopped (Ctrl+C, SIGTERM: the running task is finished first); with
    `drain`, run housekeeping once and every task waiting, then return."""
    from django.core.management import call_command

    options = {"queue_name": "*", "interval": interval, "reload": False, "startup_delay": False}
    if drain:
        housekeeping()
        call_command("db_worker", batch=True, verbosity=verbosity, **options)
        return
    stop = threading.Event()
    thread = threading.Thread(target=_housekeeping_loop, args=(stop,), name="xxgk-housekeeping", daemon=True)
    thread.start()
    try:
        call_command("db_worker", verbosity=verbosity, **options)
    finally:
        stop.set()
