"""Background tasks of the background app itself: exports. (The daily run is xxgk/daily.py.)"""

from __future__ import annotations

from django_tasks import task


@task()
def build_export(export_id: int) -> None:
    from xxgk.background.exports import build

    build(export_id)
