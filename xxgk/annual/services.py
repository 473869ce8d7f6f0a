"""Use cases of the annual report: build it from the records, check it, publish it, sum reports.

The tables come from aggregate queries over the records (applications_table, appeals_table,
normative_rows); figures the system does not hold are the clerk's `manual` entries. A summary report
(汇总) adds up its contributors' tables cell by cell with the same sum as 年报核查.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import has_role
from xxgk.annual import selectors
from xxgk.annual.models import Report, ReportEvent, ReportScope, ReportState
from xxgk.annual.summary import Contribution, contributions
from xxgk.annual.tables import own_tables, parse_manual
from xxgk.reports.review import MixedReports, sum_reports
from xxgk.rules import narrative
from xxgk.rules.checks import check_report
from xxgk.rules.formats import SECTIONS, ReportVersion, version_for_year
from xxgk.rules.report import AnnualReport, Finding, Severity

NARRATIVE = ("一", "五", "六")


def get_or_start(
    agency: Agency, year: int, version: str | None = None, scope: str = ReportScope.OWN
) -> Report:
    if year < 2019:
        raise ValidationError("年报格式适用于2019年及以后的年度")
    if year > timezone.localdate().year:
        # A year that has not begun has no records to report (and its working calendar is unknown).
        raise ValidationError(f"{year}年尚未开始,不能编写该年度的年报")
    report, _ = Report.objects.get_or_create(
        agency=agency,
        year=year,
        defaults={
            "version": version or version_for_year(year).value,
            "scope": scope,
            "sections": narrative.default_templates(version or version_for_year(year)),
        },
    )
    return report


# --- the tables ------------------------------------------------------------------------------------


def _contributions(report: Report, today: date | None = None) -> list[Contribution] | None:
    return None if report.scope == ReportScope.OWN else contributions(report, today)


def tables(
    report: Report, today: date | None = None, parts_of: list[Contribution] | None = None
) -> AnnualReport:
    """Sections 二–四 of the report: from the agency's records, or the sum of its contributors
    (`parts_of`: the contributions when the caller has them already)."""
    version = ReportVersion(report.version)
    if report.scope == ReportScope.OWN:
        return own_tables(report.agency, report.year, version, report.manual)
    if parts_of is None:
        parts_of = contributions(report, today)
    parts = [c.report for c in parts_of if c.included and c.report is not None]
    if not parts:
        return AnnualReport.blank(version, fill=0, year=report.year, agency=report.agency.name)
    try:
        total = sum_reports(parts, agency=report.agency.name)
    except MixedReports as exc:  # contributions() already leaves out other years and versions
        raise ValidationError(str(exc)) from exc
    return total


# --- the narrative ---------------------------------------------------------------------------------


def _record_agencies(report: Report, parts_of: list[Contribution] | None) -> list[Agency]:
    """The agencies whose records the narrative's record facts cover."""
    if parts_of is None:
        return [report.agency]
    kids = [c.agency for c in parts_of if c.included and c.agency is not None]
    return list({a.pk: a for a in kids}.values())


def field_values(
    report: Report, built: AnnualReport, parts_of: list[Contribution] | None = None
) -> dict[str, str]:
    """Every narrative field's value for this report (what the editor shows beside the text)."""
    if parts_of is None:
        parts_of = _contributions(report)
    agencies = _record_agencies(report, parts_of)
    genres = selectors.published_by_genre(agencies, report.year)
    timely = selectors.timeliness(agencies, report.year)
    values = narrative.table_fields(built)
    total = sum(n for _, n in genres)
    values.update(
        {
            "机关": report.agency.short_name or "本机关",
            "主动公开情况": narrative.proactive_sentence(total, genres),
            "主动公开总数": str(total),
            "按期答复": str(timely.total_on_time),
            "逾期答复": str(timely.total_late),
            "收费情况": selectors.fees_sentence(agencies, report.year),
            "政策解读情况": selectors.interpretations_sentence(agencies, report.year),
        }
    )
    return values


def build(report: Report) -> AnnualReport:
    """The report in the rules' model: tables, and the narrative with its fields filled."""
    parts_of = _contributions(report)  # a summary's contributors, read once for tables and text
    out = tables(report, parts_of=parts_of)
    out.year, out.agency = report.year, report.agency.name
    values = field_values(report, out, parts_of)
    templates = narrative.default_templates(report.version) | {
        k: v for k, v in report.sections.items() if k in NARRATIVE and v.strip()
    }
    texts = {key: narrative.fill(templates.get(key, ""), values) for key, _ in SECTIONS}
    out.with_standard_sections(texts)
    return out


def previous_of(report: Report) -> AnnualReport | None:
    """Last year's report as published (its frozen tables), for the cross-year checks."""
    last = Report.objects.filter(
        agency=report.agency, year=report.year - 1, state=ReportState.PUBLISHED
    ).first()
    if last is None or not last.snapshot:
        return None
    return AnnualReport.from_json(last.snapshot)


def check(report: Report) -> tuple[AnnualReport, list[Finding]]:
    built = build(report)
    return built, check_report(built, previous_of(report))


# --- writes ----------------------------------------------------------------------------------------


def _require_editable(report: Report, user: AbstractBaseUser) -> None:
    if report.state == ReportState.PUBLISHED:
        raise ValidationError("已发布的年报不能修改")
    if not has_role(user, report.agency, Role.CLERK, Role.REVIEWER, Role.HEAD, Role.ADMIN):
        raise PermissionDenied("只有本机关的工作人员可以编写年报")


@transaction.atomic
def save_draft(
    report: Report,
    user: AbstractBaseUser,
    values: dict[str, Any],
    sections: dict[str, str],
    *,
    scope: str | None = None,
    summary_batch: Any = None,
) -> Report:
    """Store the clerk's figures and narrative. Nothing is stored when anything is wrong."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_editable(report, user)
    manual = parse_manual(report.version, values)
    problems = []
    for key in NARRATIVE:
        problems += [f"第{key}部分{p}" for p in narrative.check_fields(sections.get(key, ""))]
    if problems:
        raise ValidationError(problems)
    if scope is not None:
        if scope != ReportScope.OWN and report.agency.children.count() == 0 and summary_batch is None:
            raise ValidationError("本机关没有下级机关,汇总报告须选择上传的年报")
        report.scope = scope
        report.summary_batch = summary_batch
    report.manual = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in manual.items()}
    report.sections = {k: sections.get(k, "") for k in NARRATIVE}
    report.save()
    ReportEvent.objects.create(report=report, action="save", by=user)
    return report


def too_early(report: Report) -> str:
    """Why the report cannot be published yet ("" when it can): Art. 49 has a year's report
    published after that year, by 31 January (departments) or 31 March (governments) of the next;
    a report published before its year ends would leave out the rest of the year's records."""
    today = timezone.localdate()
    if today.year <= report.year:
        return (
            f"{report.year}年尚未结束,不能发布该年度的年报:年报须在{report.year + 1}年1月1日以后发布"
            f"(条例第四十九条:于{report.year + 1}年1月31日前,政府的年报于3月31日前向社会公布)"
        )
    return ""


@transaction.atomic
def publish(report: Report, user: AbstractBaseUser, acknowledge: bool = False) -> Report:
    """Errors block publication; warnings need the publisher's acknowledgement. The tables and the
    text are frozen as published: later records change next year's report, not this one."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        raise ValidationError("该年报已发布")
    if not has_role(user, report.agency, Role.REVIEWER, Role.HEAD, Role.ADMIN):
        raise PermissionDenied("发布年报须由审核人或负责人操作")
    early = too_early(report)
    if early:
        raise ValidationError(early)
    built, findings = check(report)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise ValidationError([f"{f.where}:{f.message}" for f in errors])
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    if warnings and not acknowledge:
        raise ValidationError(
            f"有{len(warnings)}条警告需要确认后才能发布:" + ";".join(f.message for f in warnings)
        )
    report.snapshot = built.as_json(findings)
    report.snapshot["sections"] = {s.key: s.text for s in built.sections}
    report.acknowledged = [f.as_dict() for f in warnings]
    report.state, report.published_at, report.published_by = ReportState.PUBLISHED, timezone.now(), user  # type: ignore[assignment]
    report.save()
    note = f"确认了{len(warnings)}条警告" if warnings else ""
    ReportEvent.objects.create(report=report, action="publish", by=user, note=note)
    # The published record: rendered once by the worker (PDF takes seconds), served as stored; a
    # download before it is done makes the same files (published_file).
    from xxgk.background import queue

    queue.enqueue("annual.freeze_report", report.pk)
    return report


@transaction.atomic
def withdraw(report: Report, user: AbstractBaseUser, reason: str) -> Report:
    """Take a published report back to draft to correct it (the portal stops showing it)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.PUBLISHED:
        raise ValidationError("只有已发布的年报可以撤回")
    if not has_role(user, report.agency, Role.HEAD, Role.ADMIN):
        raise PermissionDenied("撤回年报须由负责人操作")
    if not reason.strip():
        raise ValidationError("请写明撤回的理由")
    from xxgk.annual.models import PublishedFile

    # The files stay as the record of what was published; they are no longer served.
    PublishedFile.objects.filter(report=report, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    report.state, report.snapshot = ReportState.DRAFT, None
    report.published_at = report.published_by = None  # type: ignore[assignment]
    report.acknowledged = []
    report.save()
    ReportEvent.objects.create(report=report, action="withdraw", by=user, note=reason.strip())
    return report


def as_published(report: Report) -> AnnualReport:
    """The report as it was published (tables and narrative frozen), or as built now for a draft."""
    if report.state != ReportState.PUBLISHED or not report.snapshot:
        return build(report)
    out = AnnualReport.from_json(report.snapshot)
    out.with_standard_sections(report.snapshot.get("sections", {}))
    return out


def current(report: Report) -> tuple[AnnualReport, list[Finding]]:
    """The report and its findings as they stand: frozen as published, or checked now for a draft."""
    if report.state == ReportState.PUBLISHED and report.snapshot:
        return as_published(report), [Finding.from_dict(f) for f in report.snapshot.get("findings", [])]
    return check(report)


EXPORTS = {  # format → (file suffix, content type)
    "html": ("html", "text/html; charset=utf-8"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "application/pdf"),
    "text": ("txt", "text/plain; charset=utf-8"),
    "json": ("json", "application/json"),
}


def export_report(report: Report, fmt: str) -> bytes:
    """The report's file in `fmt`, the JSON carrying its findings (the web, the portal and the CLI)."""
    built, findings = current(report)
    return export(built, fmt, [f.as_dict() for f in findings])


def export(built: AnnualReport, fmt: str, findings: list[dict[str, str]] | None = None) -> bytes:
    """The report as a file for the website, Word, print, or another system (report-model.md JSON)."""
    if fmt == "html":
        from xxgk.reports.write.html import render_html

        return render_html(built).encode()
    if fmt == "docx":
        from xxgk.reports.write.docx import render_docx

        return render_docx(built)
    if fmt == "pdf":
        from xxgk.reports.write.pdf import render_pdf

        return render_pdf(built)
    if fmt == "text":
        from xxgk.reports.write.text import render_text

        return render_text(built).encode()
    if fmt == "json":
        import json

        data = built.as_json()
        data["findings"] = findings or []
        return json.dumps(data, ensure_ascii=False, indent=1).encode()
    raise ValueError(f"不支持的导出格式:{fmt}")


FROZEN = ("pdf", "docx", "html", "json")  # the files a publication fixes


def freeze(report: Report) -> list[Any]:
    """Render the published report's files once and store them with their SHA-256: what the portal
    serves from now on, until the report is withdrawn."""
    return [published_file(report, fmt) for fmt in FROZEN]


def published_file(report: Report, fmt: str) -> Any:
    """The stored file of a published report in `fmt`. Made at publication; a report published before
    files were kept, or mirrored from another platform, gets its files fixed at the first request."""
    import hashlib

    from django.core.files.base import ContentFile

    from xxgk.annual.models import PublishedFile

    if report.state != ReportState.PUBLISHED:
        raise ValidationError("只有已发布的年报有发布文件")
    # Every download of a published report asks: read without a lock; lock only to make a file.
    found = PublishedFile.objects.filter(report=report, fmt=fmt, withdrawn_at__isnull=True).first()
    if found is not None:
        return found
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()  # one maker at a time
        found = PublishedFile.objects.filter(report=report, fmt=fmt, withdrawn_at__isnull=True).first()
        if found is not None:
            return found
        data = export_report(report, fmt)
        digest = hashlib.sha256(data).hexdigest()
        stored = PublishedFile(report=report, fmt=fmt, sha256=digest, size=len(data))
        stored.file.save(f"{digest[:16]}.{EXPORTS[fmt][0]}", ContentFile(data), save=False)
        stored.save()
        return stored


def version_choices() -> list[str]:
    return [v.value for v in ReportVersion]
