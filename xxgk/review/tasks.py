"""年报核查's background task: the worker runs it; the web upload and `resume_stalled` queue it."""

from __future__ import annotations

from django_tasks import task

from xxgk.review import services


@task()
def run_batch(batch_id: int) -> None:
    services.process_batch(batch_id)
