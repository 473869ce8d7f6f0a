"""The daily run (`xxgk daily`, and the worker's scheduled task on the "slow" queue): each part of
the work registers what it does once a day (in its AppConfig.ready), and the run calls each in
turn. One job failing is recorded and the others still run; this module imports no app, so no
task module and service import each other in a circle."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django_tasks import task

logger = logging.getLogger("xxgk.daily")
Job = Callable[[date], Any]
# name → (place in the run, job); a job returns what it did, for the run's result.
JOBS: dict[str, tuple[int, Job]] = {}


def register(name: str, job: Job, place: int) -> None:
    JOBS[name] = (place, job)


def run_jobs(today: date) -> dict[str, str]:
    done: dict[str, str] = {}
    for name, (_, job) in sorted(JOBS.items(), key=lambda kv: kv[1][0]):
        try:
            done[name] = str(job(today))
        except Exception as exc:  # one job's failure must not cost the others their run
            logger.exception("每日任务“%s”出错", name)
            done[name] = f"出错:{type(exc).__name__}: {exc}"
    return done


@task(queue_name="slow")
def daily(day: str) -> dict[str, str]:
    return run_jobs(date.fromisoformat(day))


def _federation(today: date) -> str:
    from xxgk.federation import sync_all

    return f"同步{len(sync_all())}个机构"


register("federation", _federation, place=90)  # last: the longest, bounded per agency
