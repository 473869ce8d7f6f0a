"""主动公开's background task: an attachment's text, read by the worker."""

from __future__ import annotations

from django_tasks import task


@task()
def extract_attachment(attachment_id: int) -> None:
    from xxgk.publishing.services import take_attachment_text

    take_attachment_text(attachment_id)
