"""汇总 — who contributes what to a summary report, and whether each published in time.

A superior office sums its own records (when it chooses), each subordinate's report published in the
system, else that subordinate's uploaded report (年报核查), and uploads of agencies outside the system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from xxgk.agencies.models import Agency, AgencyKind, AgencyLevel
from xxgk.annual.models import Report, ReportScope, ReportState
from xxgk.annual.tables import own_tables
from xxgk.rules.checks import check_report
from xxgk.rules.deadlines import Art49Kind, annual_report_due
from xxgk.rules.formats import ReportVersion
from xxgk.rules.report import AnnualReport, Finding, Severity
from xxgk.rules.text import chinese_date


def art49_kind(agency: Agency) -> Art49Kind:
    county_or_above = agency.level != AgencyLevel.TOWNSHIP
    if county_or_above and agency.kind == AgencyKind.GOVERNMENT:
        return Art49Kind.GOVERNMENT
    if county_or_above and agency.kind == AgencyKind.DEPARTMENT:
        return Art49Kind.DEPARTMENT
    return Art49Kind.UNNAMED


def due_date(agency: Agency, year: int) -> date | None:
    """Art. 49's date for the agency's report on `year`; for kinds the article does not name, the
    date its superior office set (Agency.subordinate_report_due), or None while it has set none."""
    parent = agency.parent  # None for a top-level agency
    set_by = parent.subordinate_report_due if parent is not None else ""
    month_day = (int(set_by[:2]), int(set_by[3:])) if set_by else None
    return annual_report_due(year, art49_kind(agency), month_day)


UNSET = "《条例》第四十九条未规定本机关的年报发布日期,上级机关尚未确定"


def due_notice(agency: Agency, reports: dict[int, Report], today: date) -> str:
    """From December on, the report that is due next (Art. 49), unless it is already published."""
    year = today.year if today.month == 12 else today.year - 1
    due = due_date(agency, year)
    report = reports.get(year)
    if due is None:
        published = report is not None and report.state == ReportState.PUBLISHED
        return (
            ""
            if published or today.month not in (12, 1, 2, 3)
            else f"{year}年政府信息公开工作年度报告:{UNSET}。"
        )
    if (today.month != 12 and today > due) or (report and report.state == ReportState.PUBLISHED):
        return ""
    left = (due - today).days
    return f"{year}年政府信息公开工作年度报告应于{chinese_date(due)}前发布,还有{left}天。"


@dataclass
class Contribution:
    """One agency's part in a summary report (汇总) and what is wrong with it."""

    name: str
    source: str  # 本机关记录 · 系统内已发布 · 上传:文件名
    agency: Agency | None = None
    report: AnnualReport | None = None
    findings: list[Finding] = field(default_factory=list)
    status: str = ""  # 已发布 / 逾期发布 / 尚未发布 / 逾期未发布
    late: bool = False
    included: bool = True
    reason: str = ""  # why it is left out

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def publication_status(agency: Agency, year: int, published_at: date | None, today: date) -> tuple[str, bool]:
    due = due_date(agency, year)
    if due is None:
        if published_at is not None:
            return f"已发布({published_at:%Y-%m-%d})", False
        return f"尚未发布({UNSET})", False
    if published_at is not None:
        if published_at > due:
            return f"逾期发布({published_at:%Y-%m-%d},应于{due:%Y-%m-%d}前)", True
        return f"已发布({published_at:%Y-%m-%d})", False
    if today > due:
        return f"逾期未发布(应于{due:%Y-%m-%d}前)", True
    return f"尚未发布(应于{due:%Y-%m-%d}前)", False


def contributions(report: Report, today: date | None = None) -> list[Contribution]:
    """Who contributes what to a summary report: the office's own records (when chosen), each
    subordinate's report published in the system, else its uploaded report, and uploaded reports of
    agencies outside the system. Reports of another year or format version are left out, with why."""
    from xxgk.review.services import checked_of

    today = today or timezone.localdate()
    version = ReportVersion(report.version)
    out: list[Contribution] = []
    if report.scope == ReportScope.WITH_CHILDREN:
        own = own_tables(report.agency, report.year, version, report.manual)
        out.append(
            Contribution(
                report.agency.name,
                "本机关记录",
                report.agency,
                own,
                check_report(own, text=False, structure=False),
                "本报告",
            )
        )
    uploads = []
    if report.summary_batch_id:
        uploads = [checked_of(i) for i in report.summary_batch.items.filter(state="done")]  # type: ignore[union-attr]
    # A department's upload of this year stands in for it; one of another year is listed apart.
    by_name = {
        c.report.agency: c
        for c in uploads
        if c.report is not None and c.report.agency and c.report.year == report.year
    }
    used: set[str] = set()
    children = list(report.agency.children.order_by("name"))
    published = {
        r.agency_id: r
        for r in Report.objects.filter(agency__in=children, year=report.year, state=ReportState.PUBLISHED)
    }
    for child in children:
        mine = published.get(child.pk)
        when = timezone.localtime(mine.published_at).date() if mine and mine.published_at else None
        status, late = publication_status(child, report.year, when, today)
        if mine is not None and mine.snapshot:
            tables = AnnualReport.from_json(mine.snapshot)
            found = [Finding.from_dict(f) for f in mine.snapshot.get("findings", [])]
            out.append(Contribution(child.name, "系统内已发布", child, tables, found, status, late))
        elif child.name in by_name:
            checked = by_name[child.name]
            used.add(child.name)
            out.append(
                Contribution(
                    child.name,
                    f"上传:{checked.source}",
                    child,
                    checked.report,
                    checked.findings,
                    status,
                    late,
                )
            )
        else:
            out.append(Contribution(child.name, "—", child, None, [], status, late, False, "没有可用的年报"))
    for checked in uploads:
        if checked.report is None:
            out.append(
                Contribution(
                    checked.source, f"上传:{checked.source}", included=False, reason=checked.error or ""
                )
            )
        elif (checked.report.agency or "") not in used:
            name = checked.report.agency or checked.source
            out.append(
                Contribution(name, f"上传:{checked.source}", None, checked.report, checked.findings, "上传")
            )
    for c in out:
        if c.report is None or not c.included:
            continue
        if c.report.year != report.year:
            c.included, c.reason = False, f"年度为{c.report.year}年,不是{report.year}年"
        elif c.report.version is not version:
            c.included, c.reason = False, f"为{c.report.version.value}版格式,本报告为{version.value}版"
    return out
