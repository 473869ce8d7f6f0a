"""Scheduled work, run by the worker: the daily reminders and the retention purge."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def daily(day: str) -> dict[str, int]:
    """What `xxgk daily` does: remind of deadlines, purge personal data past retention; then pull
    federated agencies' items and reports."""
    from xxgk.applications.reminders import send_reminders
    from xxgk.applications.retention import purge
    from xxgk.federation import sync_all

    today = date.fromisoformat(day)
    run = send_reminders(today)
    purged = purge(today)
    synced = sync_all()  # agencies published on another platform (xxgk sync)
    return {"mails": run.mails, "cases": run.cases, "purged": purged.cases, "synced": len(synced)}


@task()
def build_export(export_id: int) -> None:
    from xxgk.background.exports import build

    build(export_id)
