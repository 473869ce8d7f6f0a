"""Scheduled work, run by the worker: the daily reminders and the retention purge."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def daily(day: str) -> dict[str, int]:
    """What `xxgk daily` does: remind of deadlines, then purge personal data past retention."""
    from xxgk.applications.reminders import send_reminders
    from xxgk.applications.retention import purge

    today = date.fromisoformat(day)
    run = send_reminders(today)
    purged = purge(today)
    return {"mails": run.mails, "cases": run.cases, "purged": purged.cases}


@task()
def build_export(export_id: int) -> None:
    from xxgk.background.exports import build

    build(export_id)
