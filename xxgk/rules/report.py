"""The annual report model: what readers produce, builders fill and checks examine.

A cell is an int (a count), a Decimal (an amount) or None: printed blank, or unreadable in the source.
A reader never guesses a value. An unreadable cell comes with the reader's error finding at its
place; a blank one does not, and the checks count it as 0 and say so (`counted`, `blank_cells`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from xxgk.rules.formats import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    FORMATS,
    OTHER_2019,
    OTHER_2021_ROWS,
    SECTIONS,
    ReportVersion,
    Row,
    ValueKind,
    report_format,
)

Cell = int | Decimal | None
# Rules under which a reader says a cell, row or table could not be read.
_READER_ERRORS = ("values.non_negative_integer", "structure.rows", "structure.tables")
Table = dict[str, dict[str, Cell]]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# What each rule checks, for a person (rule codes stay the stable API of report-model.md).
RULE_LABELS: dict[str, str] = {
    "apps.balance": "收支平衡(新收+结转=办结+结转下年)",
    "apps.row_total": "各类申请人之和等于总计",
    "apps.handled_sum": "各项办理结果之和等于（七）总计",
    "apps.carry_chain": "上年结转与上年年报衔接",
    "appeals.group_total": "复议诉讼各项之和等于总计",
    "values.non_negative_integer": "数值有效",
    "values.uncertain": "扫描件识别结果待核对",
    "proactive.in_force": "现行有效件数衔接",
    "text.totals": "正文数字与所列分项、表格一致",
    "text.repeated_chars": "疑似误重复字词",
    "text.placeholder": "模板提示未填写",
    "text.section_five": "第五部分写明问题和改进",
    "text.fees": "第六部分说明信息处理费",
    "text.five_repeated": "第五部分不照抄上年",
    "structure.sections": "六个部分齐全且有序",
    "structure.version_year": "格式版本与年度相符",
    "structure.rows": "表格行齐全",
    "structure.tables": "统计表可识别",
    "structure.labels": "行名与标准格式不同",
    "structure.deviation": "版式与标准格式不同",
    "table.blank": "空白单元格按0核对",
    "sum.units": "金额单位一致",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    where: str

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def where_label(self) -> str:
        return where_label(self.where)

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Finding:
        return cls(data["rule"], Severity(data["severity"]), data["message"], data["where"])

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "where": self.where,
        }


@dataclass
class Section:
    """One of the six sections as found in the source, with its narrative text."""

    key: str  # 一 … 六
    title: str
    text: str = ""


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"  # a cell it needs was not read, or the report it compares with is missing

    @property
    def label(self) -> str:
        return {"passed": "通过", "failed": "不通过", "unknown": "无法判断"}[self.value]


@dataclass(frozen=True)
class Outcome:
    """One rule applied at one place of a report: the reviewer's checklist line. `left` and `right`
    are the two sides compared, with their cells' numbers (本年新收12 + 上年结转0 = 12); a failed
    outcome carries the findings it makes."""

    rule: str
    where: str
    subject: str
    status: Status
    left: str = ""
    right: str = ""
    note: str = ""
    findings: tuple[Finding, ...] = ()
    # The worst of its findings (a failed check of a warning rule is a warning); kept in the JSON.
    severity: Severity | None = None

    @classmethod
    def failed(
        cls,
        rule: str,
        where: str,
        subject: str,
        findings: tuple[Finding, ...],
        left: str = "",
        right: str = "",
    ) -> Outcome:
        worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in findings) else Severity.WARNING
        return cls(rule, where, subject, Status.FAILED, left, right, findings=findings, severity=worst)

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def where_label(self) -> str:
        return where_label(self.where) if self.where else "全文"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "where": self.where,
            "subject": self.subject,
            "status": str(self.status),
            "left": self.left,
            "right": self.right,
            "note": self.note,
            "severity": str(self.severity) if self.severity else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        return cls(
            data["rule"],
            data["where"],
            data["subject"],
            Status(data["status"]),
            data.get("left", ""),
            data.get("right", ""),
            data.get("note", ""),
            severity=Severity(data["severity"]) if data.get("severity") else None,
        )


def tally(outcomes: list[Outcome]) -> dict[str, int]:
    """How many outcomes passed, failed and could not be judged, by status value (passed …)."""
    return {status.value: sum(o.status is status for o in outcomes) for status in Status}


@dataclass
class AnnualReport:
    version: ReportVersion
    year: int | None = None
    agency: str | None = None
    source: str = ""
    proactive: Table = field(default_factory=dict)
    applications: Table = field(default_factory=dict)
    appeals: Table = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    preamble: str = ""  # text before section 一 (after the title)
    # Findings made while reading (unreadable source, ambiguous layout), before any check runs.
    reader_findings: list[Finding] = field(default_factory=list)
    # The unit an amount was printed with (元, 万元), by cell: 二/procurement/amount → 元.
    units: dict[str, str] = field(default_factory=dict)
    # Rows of the format that the source's layout does not have (三/other_misc when a report on 2021
    # prints the 2019 layout's single 其他处理 row): not printed, so not blank either.
    not_printed: set[str] = field(default_factory=set)
    # In a `counted` copy: the blank cells it counts as 0.
    counted_blanks: frozenset[str] = frozenset()
    # A scanned report's uncertain cells that OCR read two ways: the other reading's value, by cell.
    alternatives: dict[str, Cell] = field(default_factory=dict)

    @classmethod
    def blank(cls, version: ReportVersion | str, fill: Cell = None, **kwargs: Any) -> AnnualReport:
        """A report with every cell of the version present and set to `fill`."""
        fmt = report_format(version)
        report = cls(version=fmt.version, **kwargs)
        report.proactive = {item.code: {col.code: fill for col in item.columns} for item in fmt.proactive}
        report.applications = {
            row.code: {col.code: fill for col in fmt.application_columns} for row in fmt.application_rows
        }
        report.appeals = {
            group: {col.code: fill for col in fmt.appeal_columns} for group, _ in fmt.appeal_groups
        }
        return report

    def application_rows(self) -> tuple[Row, ...]:
        """The format's rows of section 三, with the 2019 layout's 其他处理 where a 2021 report has it."""
        rows = report_format(self.version).application_rows
        if self.version is ReportVersion.V2021 and OTHER_2019.code in self.applications:
            at = next(i for i, r in enumerate(rows) if r.code == OTHER_2021_ROWS[0])
            return (*rows[:at], OTHER_2019, *rows[at:])
        return rows

    def result_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.application_rows() if r.is_result)

    def cells(self) -> Iterator[tuple[str, dict[str, Cell], str, ValueKind]]:
        """Every cell of the tables: (where, its row's dict, column code, kind), in table order."""
        fmt = report_format(self.version)
        for item in fmt.proactive:
            for col in item.columns:
                yield (
                    f"二/{item.code}/{col.code}",
                    self.proactive.setdefault(item.code, {}),
                    col.code,
                    col.kind,
                )
        for row in self.application_rows():
            for col in fmt.application_columns:
                yield (
                    f"三/{row.code}/{col.code}",
                    self.applications.setdefault(row.code, {}),
                    col.code,
                    col.kind,
                )
        for group, _ in fmt.appeal_groups:
            for col in fmt.appeal_columns:
                yield f"四/{group}/{col.code}", self.appeals.setdefault(group, {}), col.code, col.kind

    @property
    def tables_unreadable(self) -> bool:
        """The reader found none of the three tables: nothing in them is blank, all is unknown."""
        return any(f.rule == "structure.tables" for f in self.reader_findings)

    def _empty_cells(self) -> Iterator[tuple[str, dict[str, Cell], str, bool]]:
        """Every None cell: (where, its row's dict, column, blank?). Not blank: the reader said the
        cell, its row or its table could not be read, or the layout does not print the row."""
        # An uncertain OCR reading left empty is unknown too: the scan has something there.
        said = {
            f.where
            for f in self.reader_findings
            if f.severity is Severity.ERROR or f.rule == "values.uncertain"
        }
        no_tables = self.tables_unreadable
        for where, row, col, _ in self.cells():
            if row.get(col) is not None:
                continue
            row_where, _, _ = where.rpartition("/")
            if no_tables:
                yield where, row, col, False
                continue
            if row_where in self.not_printed:
                yield where, row, col, False
                continue
            section = where.split("/", 1)[0]
            yield where, row, col, not ({where, row_where, section} & said)

    def blank_cells(self) -> list[str]:
        """Cells printed blank (or —, /, 无): empty, yet not unreadable and not outside the layout."""
        return [where for where, _, _, blank in self._empty_cells() if blank]

    def counted(self) -> AnnualReport:
        """A copy with blank cells (and rows the layout does not print) as 0, for the arithmetic of the
        checks and of 汇总; unreadable cells stay None, so no sum is ever made with a guess."""
        copied = copy.copy(self)
        copied.proactive = copy.deepcopy(self.proactive)
        copied.applications = copy.deepcopy(self.applications)
        copied.appeals = copy.deepcopy(self.appeals)
        blanks = set()
        for where, row, col, blank in list(copied._empty_cells()):
            if blank or where.rpartition("/")[0] in self.not_printed:
                row[col] = 0
            if blank:
                blanks.add(where)
        copied.counted_blanks = frozenset(blanks)
        return copied

    def section(self, key: str) -> Section | None:
        for sec in self.sections:
            if sec.key == key:
                return sec
        return None

    def with_standard_sections(self, texts: dict[str, str] | None = None) -> AnnualReport:
        texts = texts or {}
        self.sections = [Section(k, t, texts.get(k, "")) for k, t in SECTIONS]
        return self

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnnualReport:
        """The inverse of `as_json` for the tables (narrative text is not part of that JSON)."""
        fmt = report_format(data["version"])
        report = cls.blank(fmt.version, year=data.get("year"), agency=data.get("agency"))
        report.source = data.get("source", "")
        report.units = dict(data.get("units") or {})
        # What the reader could not read stays unreadable (not blank) when the JSON is read back.
        report.reader_findings = [
            Finding.from_dict(f)
            for f in data.get("findings") or []
            if f.get("severity") == "error" and f.get("rule") in _READER_ERRORS
        ]
        if fmt.version is ReportVersion.V2021 and OTHER_2019.code in data["applications"]:
            report.applications[OTHER_2019.code] = {}
            report.not_printed = {f"三/{code}" for code in OTHER_2021_ROWS}

        def value(raw: Any, kind: ValueKind) -> Cell:
            if raw is None:
                return None
            return Decimal(str(raw)) if kind is ValueKind.AMOUNT else int(raw)

        for item in fmt.proactive:
            for col in item.columns:
                report.proactive[item.code][col.code] = value(
                    data["proactive"][item.code][col.code], col.kind
                )
        for row in report.application_rows():
            for col in fmt.application_columns:
                report.applications[row.code][col.code] = value(
                    data["applications"][row.code][col.code], col.kind
                )
        for group, _ in fmt.appeal_groups:
            for col in fmt.appeal_columns:
                report.appeals[group][col.code] = value(data["appeals"][group][col.code], col.kind)
        return report

    def as_json(self, findings: list[Finding] | None = None) -> dict[str, Any]:
        """The JSON form of report-model.md (`xxgk check --json`)."""
        fmt = report_format(self.version)

        def cell(value: Cell, kind: ValueKind) -> int | float | str | None:
            if value is None:
                return None
            if isinstance(value, Decimal) or kind is ValueKind.AMOUNT:
                # Amounts are decimal strings with their digits as printed ("7730.28", "251000"):
                # a JSON number would pass through binary floating point in most readers.
                return str(value)
            return value

        return {
            "source": self.source,
            "version": str(self.version),
            "year": self.year,
            "agency": self.agency,
            "proactive": {
                item.code: {
                    col.code: cell(self.proactive.get(item.code, {}).get(col.code), col.kind)
                    for col in item.columns
                }
                for item in fmt.proactive
            },
            "applications": {
                row.code: {
                    col.code: cell(self.applications.get(row.code, {}).get(col.code), col.kind)
                    for col in fmt.application_columns
                }
                for row in self.application_rows()
            },
            "appeals": {
                group: {
                    col.code: cell(self.appeals.get(group, {}).get(col.code), col.kind)
                    for col in fmt.appeal_columns
                }
                for group, _ in fmt.appeal_groups
            },
            "units": dict(sorted(self.units.items())),
            "findings": [f.as_dict() for f in (findings if findings is not None else [])],
        }


def where_label(where: str) -> str:
    """A finding's place as a reader finds it in the report: 三/withheld_law/natural →
    第三部分 (三)不予公开 3.法律行政法规禁止 · 自然人. Places the formats do not name stay as given."""
    parts = where.split("/")
    if not parts or parts[0] not in ("一", "二", "三", "四", "五", "六"):
        return where
    out = [f"第{parts[0]}部分"]
    names: dict[str, str] = {}
    if parts[0] == "二":
        for fmt in FORMATS.values():
            for item in fmt.proactive:
                names.setdefault(item.code, f"{item.clause} {item.label}")
                names.update({c.code: c.label for c in item.columns if c.code not in names})
    elif parts[0] == "三":
        for fmt in FORMATS.values():
            for row in fmt.application_rows:
                group = row.group if row.group and row.group != row.label else ""
                names.setdefault(row.code, f"{group} {row.label}".strip())
        names.update({c.code: c.label for c in APPLICANT_COLUMNS})
    elif parts[0] == "四":
        names.update(dict(APPEAL_GROUPS))
        names.update({c.code: c.label for c in APPEAL_COLUMNS})
    out += [names.get(p, p) for p in parts[1:]]
    return " · ".join(out)
