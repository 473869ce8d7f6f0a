"""年度报告's background task: a published report's files, rendered once and stored by the worker."""

from __future__ import annotations

from django_tasks import task


@task()
def freeze_report(report_id: int) -> None:
    from xxgk.annual.models import Report, ReportState
    from xxgk.annual.services import freeze

    report = Report.objects.filter(pk=report_id, state=ReportState.PUBLISHED).first()
    if report is not None:  # withdrawn meanwhile: nothing to fix
        freeze(report)
