"""依申请公开's background task: keeping the answer letter as sent (PDF and Word take a second or two)."""

from __future__ import annotations

from django_tasks import task


@task()
def keep_letter(application_id: int, slug: str) -> None:
    from xxgk.applications.models import Application
    from xxgk.applications.services import keep_as_sent

    app = Application.objects.filter(pk=application_id).first()
    if app is not None:
        keep_as_sent(app, slug)
