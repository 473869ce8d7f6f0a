"""年报核查 — reading many published reports, checking them, and summing them (汇总).

One service for the CLI (`xxgk check`, `xxgk sum`) and the web upload: the same reader, the same
checks, the same workbook.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xxgk.reports.fetch import Fetched, Fetcher, Listed, document_links
from xxgk.reports.read import UnreadableReport, read_with_tokens
from xxgk.reports.tokens import AMOUNT_UNITS
from xxgk.rules.checks import CHAIN_RULES, assess, chain_outcomes, check_report, total_of
from xxgk.rules.formats import OTHER_2019, ReportVersion, ValueKind, report_format
from xxgk.rules.report import AnnualReport, Cell, Finding, Outcome, Severity, Status
from xxgk.untrusted import UntrustedFileError, run_limited


@dataclass
class CheckedReport:
    source: str
    report: AnnualReport | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be read as a report at all
    # The source as the reader saw it, [kind, text, where] each, shown beside the findings.
    tokens: list[list[str]] = field(default_factory=list)
    # Every rule applied, passed, failed or not assessable (rules.checks.assess).
    checklist: list[Outcome] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """report-model.md's JSON with the checklist: what `xxgk check --json` prints and a batch keeps."""
        if self.report is None:
            return {"source": self.source, "error": self.error}
        return {
            **self.report.as_json(self.findings),
            "checklist": [o.as_dict() for o in self.checklist],
            # The narrative as read, for the checks made later against another year (五 repeated).
            "sections": {s.key: s.text for s in self.report.sections},
        }

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings) + (1 if self.error else 0)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def report_key(checked: CheckedReport) -> str:
    """What makes two uploads "the same report": its agency and year as read, else its file name. A
    corrected version uploaded again keeps the key, and with it the reviewer's decisions."""
    report = checked.report
    if report is not None and report.agency and report.year:
        return f"{_plain(report.agency)}|{report.year}"
    return "file|" + re.split(r"[/\\!]", checked.source)[-1].strip().lower()


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def fingerprints(checked: CheckedReport) -> list[str]:
    """A stable name for each finding, in order: the report, the rule and the place (and which one,
    when a rule finds two things at one place). The message is not part of it, so a finding whose
    numbers changed in a re-upload is still the finding the reviewer decided on."""
    key = report_key(checked)
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in checked.findings:
        n = seen.get((f.rule, f.where), 0)
        seen[(f.rule, f.where)] = n + 1
        out.append(hashlib.sha256(f"{key}|{f.rule}|{f.where}|{n}".encode()).hexdigest()[:24])
    return out


@dataclass(frozen=True)
class Upload:
    name: str  # file name, decides the reader
    data: bytes
    source: str  # shown to the person: a path, a URL, zip!member


Progress = Callable[[int, int, str], None]
# A text report reads in well under a second; a scanned one takes ~5 s a page by OCR (at most
# ocr.MAX_PAGES pages), so a report's limit is minutes, not the parser's default minute.
READ_SECONDS = 300.0


def read_one(upload: Upload) -> CheckedReport:
    """One report, read in a child process with a time and memory cap (a hostile PDF must not hold
    a batch, or the server, for minutes); a file the reader refuses is one error naming it."""
    try:
        report, tokens = run_limited(
            read_with_tokens,
            upload.data,
            upload.name,
            upload.source,
            name=upload.source,
            seconds=READ_SECONDS,
        )
    except (UnreadableReport, UntrustedFileError) as exc:
        return CheckedReport(upload.source, error=str(exc))
    except ValueError as exc:  # UnreadableReport, as it comes back from the child process
        return CheckedReport(upload.source, error=str(exc))
    except Exception as exc:  # a reader bug must not stop a batch of hundreds of reports
        return CheckedReport(upload.source, error=f"读取失败({type(exc).__name__}):{exc}")
    return CheckedReport(upload.source, report=report, tokens=[[t.kind.value, t.text, t.loc] for t in tokens])


def _without_tables(checked: CheckedReport) -> bool:
    report = checked.report
    return report is None or report.tables_unreadable


@dataclass
class LinkRead:
    checked: CheckedReport
    evidence: list[Fetched]  # everything fetched for the link, in order
    document: Fetched | None = None  # the one the report was read from


def read_link(fetcher: Fetcher, url: str) -> LinkRead:
    """The report a link points to, and everything fetched for it (the evidence). A page that is
    not the report itself but links it as a PDF or DOCX (the usual 年报 article with an attachment)
    leads to that file; up to three such links are tried, report-like ones first."""
    page = fetcher.fetch(url)
    evidence = [page]
    if page.error:
        return LinkRead(CheckedReport(url, error=f"无法获取:{page.error}"), evidence)
    first = read_one(Upload(page.file_name, page.data, url))
    if page.suffix in (".html", ".htm") and _without_tables(first):
        for link in document_links(page.data, page.final_url or url)[:3]:
            document = fetcher.fetch(link)
            evidence.append(document)
            if document.error:
                continue
            second = read_one(Upload(document.file_name, document.data, url))
            if not _without_tables(second):
                return LinkRead(second, evidence, document)
    return LinkRead(first, evidence, page)


def check_links(
    listed: Iterable[Listed], fetcher: Fetcher, progress: Progress | None = None
) -> list[LinkRead]:
    """`xxgk check --urls`: every link fetched, read and checked, as check_uploads does for files."""
    links = list(listed)
    results = []
    for n, link in enumerate(links, start=1):
        if progress:
            progress(n, len(links), link.url)
        read = read_link(fetcher, link.url)
        report = read.checked.report
        if report is not None and not report.agency and link.agency:
            report.agency = link.agency  # the list names the agency the report does not
        results.append(read)
    chain([r.checked for r in results])
    return results


def check_uploads(uploads: Iterable[Upload], progress: Progress | None = None) -> list[CheckedReport]:
    """Read and check every upload. Reports of one agency for consecutive years are chained, so that
    carry-over (apps.carry_chain) and normative documents in force (proactive.in_force) are checked."""
    items = list(uploads)
    checked: list[CheckedReport] = []
    for n, upload in enumerate(items, start=1):
        if progress:
            progress(n, len(items), upload.source)
        checked.append(read_one(upload))
    chain(checked)
    return checked


def chain(checked: list[CheckedReport]) -> None:
    """Check each report, the same agency's report of the year before (if among them) beside it."""
    by_agency_year = _by_agency_year(checked)
    for c in checked:
        if c.report is None:
            continue
        previous = None
        if c.report.agency and c.report.year:
            previous = by_agency_year.get((c.report.agency, c.report.year - 1))
        c.findings, c.checklist = assess(c.report, previous)


def _by_agency_year(checked: list[CheckedReport]) -> dict[tuple[str, int], AnnualReport]:
    return {
        (c.report.agency, c.report.year): c.report
        for c in checked
        if c.report is not None and c.report.agency and c.report.year
    }


def rechain(checked: list[CheckedReport]) -> list[CheckedReport]:
    """Reports already checked one by one (each as it was read, by the worker): add what checking
    against the same agency's previous year finds, where that report is among them. Only those
    checks are run again, so the findings of the full text check stay. Returns the ones changed."""
    reports = _by_agency_year(checked)
    changed = []
    for c in checked:
        if c.report is None or not c.report.agency or not c.report.year:
            continue
        previous = reports.get((c.report.agency, c.report.year - 1))
        if previous is None:
            continue
        if c.report.tables_unreadable:
            continue
        alone = [f for o in chain_outcomes(c.report, None) for f in o.findings]
        together = chain_outcomes(c.report, previous)
        findings = [f for f in c.findings if f not in alone] + [f for o in together for f in o.findings]
        outcomes = [o for o in c.checklist if o.rule not in CHAIN_RULES] + together
        if findings != c.findings or outcomes != c.checklist:
            c.findings, c.checklist = findings, outcomes
            changed.append(c)
    return changed


def uploads_from_paths(paths: Iterable[Path]) -> list[Upload]:
    return [Upload(p.name, p.read_bytes(), str(p)) for p in paths]


# --- 汇总 ------------------------------------------------------------------------------------------


class MixedReports(ValueError):
    """Reports of different years or format versions cannot be added up."""


def sum_reports(reports: list[AnnualReport], agency: str | None = None) -> AnnualReport:
    """Cell by cell sum. A cell unknown in any report is unknown in the sum (never guessed)."""
    if not reports:
        raise MixedReports("没有可汇总的报告")
    versions = {r.version for r in reports}
    years = {r.year for r in reports}
    if len(versions) > 1:
        raise MixedReports(
            "不能汇总不同格式版本的报告:" + "、".join(sorted(f"{v.value}版" for v in versions))
        )
    if len(years) > 1:
        shown = "、".join(sorted(f"{y}年" if y else "年份不明" for y in years))
        raise MixedReports(f"不能汇总不同年度的报告:{shown}")
    if None in years:
        raise MixedReports("有报告未能识别年度,不能汇总")
    first = reports[0]
    total = AnnualReport.blank(first.version, year=first.year, agency=agency or f"汇总({len(reports)}个机关)")
    total.with_standard_sections({"六": "无"})
    # Blank cells add as 0 (as the checks count them); an unreadable one leaves the sum unknown.
    counted = [r.counted() for r in reports]
    if first.version is ReportVersion.V2021 and any(OTHER_2019.code in r.applications for r in counted):
        # A 2021 report printed with the single 其他处理 row: the sum keeps that row too, so that
        # (七)总计 still adds up; the three sub-rows add what the other reports split.
        total.applications[OTHER_2019.code] = {}
    for where, row, col, kind in total.cells():
        section, row_code, _ = where.split("/")
        table = {"二": "proactive", "三": "applications", "四": "appeals"}[section]
        # A report without the single 其他处理 row adds 0 to it (its figures are in the sub-rows).
        missing: Cell = 0 if row_code == OTHER_2019.code else None
        values = [getattr(r, table).get(row_code, {}).get(col, missing) for r in counted]
        if kind is ValueKind.AMOUNT:
            declared = report_format(first.version).proactive_item(row_code).column(col).unit
            row[col] = _sum_amounts(where, declared, values, [r.units.get(where) for r in reports], total)
        else:
            row[col] = total_of(values)
    return total


def _sum_amounts(
    where: str, declared: str | None, values: list[Cell], units: list[str | None], total: AnnualReport
) -> Cell:
    """Amounts in different units (元 and 万元) are converted before they are added; an amount
    printed without a unit beside others with one cannot be added without a guess. `declared`: the
    unit the format's column label states (本年收费金额（单位：万元）), which unmarked cells are in."""
    stated = [u or declared for u in units]
    if len(set(stated)) <= 1:
        if stated and stated[0] and stated[0] != declared:
            total.units[where] = stated[0]
        return total_of(values)
    if None in stated:
        shown = "、".join(sorted({u for u in stated if u}))
        msg = f"汇总:{where}的金额有的注明单位({shown}),有的未注明,不能相加"
        total.reader_findings.append(Finding("sum.units", Severity.ERROR, msg, where))
        return None
    target = declared or "元"
    converted: list[Cell] = [
        None if v is None else Decimal(v) * AMOUNT_UNITS[u] / AMOUNT_UNITS[target]  # type: ignore[index]
        for v, u in zip(values, stated, strict=True)
    ]
    if target != declared:
        total.units[where] = target
    return total_of(converted)


def check_sum(total: AnnualReport) -> list[Finding]:
    """The sum's own tables must balance too (its narrative is not the agencies')."""
    return check_report(total, text=False, structure=False)


# --- the reviewer's workbook ----------------------------------------------------------------------

_SEVERITY = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def cell_columns() -> list[tuple[str, str]]:
    """(code, label) for every cell of both versions, in table order, each once."""
    seen: dict[str, str] = {}
    for version in ("2019", "2021"):
        fmt = report_format(version)
        for item in fmt.proactive:
            for col in item.columns:
                seen.setdefault(f"proactive.{item.code}.{col.code}", f"二·{item.label}·{col.label}")
        for row in fmt.application_rows:
            for col in fmt.application_columns:
                label = row.label if len(row.label) < 16 else row.label[:15] + "…"
                seen.setdefault(f"applications.{row.code}.{col.code}", f"三·{label}·{col.label}")
        for group, glabel in fmt.appeal_groups:
            for col in fmt.appeal_columns:
                seen.setdefault(f"appeals.{group}.{col.code}", f"四·{glabel}·{col.label}")
    return list(seen.items())


def _value(report: AnnualReport, code: str) -> object:
    table, row, col = code.split(".")
    return getattr(report, table).get(row, {}).get(col)


def workbook(
    checked: list[CheckedReport], total: AnnualReport | None = None, decisions: list[list[str]] | None = None
) -> bytes:
    """单元格 (every report's cells and the 汇总), 问题 (every finding, with the reviewer's decision when
    `decisions` gives one per finding of each report) and 核查清单 (every rule applied to each report)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from xxgk.ledgers import append_safe

    wb = Workbook()
    cells = wb.active
    cells.title = "单元格"
    columns = cell_columns()
    head = ["来源", "机关", "年度", "格式版本", "错误数", "警告数"]
    append_safe(cells, head + [label for _, label in columns])
    append_safe(
        cells, ["source", "agency", "year", "version", "errors", "warnings"] + [code for code, _ in columns]
    )
    rows = [(c.source, c) for c in checked]
    for source, c in rows:
        r = c.report
        if r is None:
            append_safe(cells, [source, None, None, None, c.errors, c.warnings])
            continue
        append_safe(
            cells,
            [source, r.agency, r.year, r.version.value, c.errors, c.warnings]
            + [_as_number(_value(r, code)) for code, _ in columns],
        )
    if total is not None:
        append_safe(
            cells,
            ["汇总", total.agency, total.year, total.version.value, None, None]
            + [_as_number(_value(total, code)) for code, _ in columns],
        )
    bold = Font(bold=True)
    for cell in cells[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    cells.freeze_panes = "G3"
    cells.column_dimensions["A"].width = 40

    problems = wb.create_sheet("问题")
    append_safe(problems, ["来源", "规则", "级别", "位置", "说明", "处理"])
    red = PatternFill("solid", fgColor="FFF0F0")
    for n, (source, c) in enumerate(rows):
        if c.error:
            append_safe(problems, [source, "file.unreadable", "错误", "", c.error, ""])
        states = decisions[n] if decisions is not None else ["待处理"] * len(c.findings)
        for f, state in zip(c.findings, states, strict=True):
            append_safe(problems, [source, f.rule, _SEVERITY[f.severity], f.where, f.message, state])
            if f.severity is Severity.ERROR:
                for cell in problems[problems.max_row]:
                    cell.fill = red
    _head(problems, bold, A=40, E=90)

    listed = wb.create_sheet("核查清单")
    append_safe(listed, ["来源", "结果", "规则", "位置", "检查内容", "一方", "另一方", "说明"])
    for source, c in rows:
        for o in c.checklist:
            append_safe(
                listed,
                [source, o.status.label, o.rule, o.where, o.subject or o.rule_label, o.left, o.right, o.note],
            )
            if o.status is Status.FAILED and o.severity is Severity.ERROR:
                for cell in listed[listed.max_row]:
                    cell.fill = red
    _head(listed, bold, A=40, E=60, F=40, G=40)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _head(sheet: Any, bold: Any, **widths: int) -> None:
    """A sheet's first row in bold, and its wide columns' widths (by column letter)."""
    for cell in sheet[1]:
        cell.font = bold
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def _as_number(value: object) -> object:
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value
