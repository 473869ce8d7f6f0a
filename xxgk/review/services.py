"""Use cases of 年报核查: upload a batch, rebuild its reports, sum them, export the workbook."""

from __future__ import annotations

from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.reports.review import CheckedReport, check_uploads, sum_reports, workbook
from xxgk.review.models import ReviewBatch, ReviewItem
from xxgk.review.uploads import Expanded, expand
from xxgk.rules.report import AnnualReport, Finding
from xxgk.security.models import SecurityKind
from xxgk.security.services import record


def create_batch(
    *,
    agency: Agency,
    user: AbstractBaseUser | None,
    files: list[tuple[str, bytes | BinaryIO]],
    title: str = "",
) -> ReviewBatch:
    """Read and check every uploaded report; a bad file is recorded and the rest go on.
    The batch is written in one transaction: it is there whole, or not at all."""
    expanded = Expanded()
    for name, data in files:
        expand(name, data, expanded)
    checked = check_uploads(expanded.uploads)
    with transaction.atomic():
        batch = ReviewBatch.objects.create(
            agency=agency,
            title=title or f"{len(checked)}份年报",
            created_by=user if user is not None and user.pk else None,
            rejected=[list(r) for r in expanded.rejected],
        )
        contents = {u.source: u for u in expanded.uploads}
        ReviewItem.objects.bulk_create([_item(batch, c, contents[c.source]) for c in checked])
    return batch


def _item(batch: ReviewBatch, checked: CheckedReport, upload) -> ReviewItem:  # type: ignore[no-untyped-def]
    report = checked.report
    return ReviewItem(
        batch=batch,
        source=checked.source,
        file_name=upload.name,
        content=upload.data,
        agency_name=(report.agency or "") if report else "",
        year=report.year if report else None,
        version=report.version.value if report else "",
        errors=checked.errors,
        warnings=checked.warnings,
        result=report.as_json(checked.findings) if report else None,
        error=checked.error or "",
    )


def checked_of(item: ReviewItem) -> CheckedReport:
    if item.result is None:
        return CheckedReport(item.source, error=item.error or "无法读取")
    report = AnnualReport.from_json(item.result)
    findings = [Finding.from_dict(f) for f in item.result.get("findings", [])]
    return CheckedReport(item.source, report=report, findings=findings)


def batch_workbook(batch: ReviewBatch) -> bytes:
    checked = [checked_of(item) for item in batch.items.all()]
    total = batch_sum(batch)
    record(
        SecurityKind.EXPORT,
        agency=batch.agency,
        detail=f"下载年报核查工作簿“{batch.title}”({len(checked)}份)",
    )
    return workbook(checked, total[0] if total[0] is not None else None)


def batch_sum(batch: ReviewBatch) -> tuple[AnnualReport | None, str]:
    """(the 汇总 of the readable reports, "") or (None, why they cannot be summed). Unreadable
    reports are left out; the page says how many (`ReviewItem.result` is null for them)."""
    from xxgk.reports.review import MixedReports

    reports = [c.report for c in map(checked_of, batch.items.all()) if c.report is not None]
    try:
        return sum_reports(reports, agency=f"{batch.agency.name}汇总"), ""
    except MixedReports as exc:
        return None, str(exc)
