"""The annual report model: what readers produce, builders fill and checks examine.

A cell is an int (a count), a Decimal (an amount) or None: empty or unreadable in the source.
A reader never guesses a value; None always comes with a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from xxgk.rules.formats import SECTIONS, ReportVersion, ValueKind, report_format

Cell = int | Decimal | None
Table = dict[str, dict[str, Cell]]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    where: str

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

        def value(raw: Any, kind: ValueKind) -> Cell:
            if raw is None:
                return None
            return Decimal(str(raw)) if kind is ValueKind.AMOUNT else int(raw)

        for item in fmt.proactive:
            for col in item.columns:
                report.proactive[item.code][col.code] = value(
                    data["proactive"][item.code][col.code], col.kind
                )
        for row in fmt.application_rows:
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
            if isinstance(value, Decimal):
                # Amounts keep their exact decimal digits; whole amounts print as integers.
                return int(value) if value == value.to_integral_value() else str(value)
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
                for row in fmt.application_rows
            },
            "appeals": {
                group: {
                    col.code: cell(self.appeals.get(group, {}).get(col.code), col.kind)
                    for col in fmt.appeal_columns
                }
                for group, _ in fmt.appeal_groups
            },
            "findings": [f.as_dict() for f in (findings if findings is not None else [])],
        }
