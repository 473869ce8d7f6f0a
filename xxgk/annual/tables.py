"""One agency's tables (sections 二–四) from its records, and the figures its clerk enters.

Counts are aggregate queries (applications_table, appeals_table, normative_rows); the rows of 二 the
system does not hold (行政许可, 行政处罚, 收费 …) are the clerk's `manual` entries, validated per cell.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from xxgk.agencies.models import Agency
from xxgk.applications.selectors import appeals_table, applications_table
from xxgk.publishing.selectors import normative_rows
from xxgk.rules.formats import ReportVersion, ValueKind, report_format
from xxgk.rules.report import AnnualReport

COMPUTED_ITEMS = ("rules", "normative_docs")  # from the register; every other row of 二 is entered


def manual_fields(version: ReportVersion | str) -> list[tuple[str, str, str, ValueKind]]:
    """(key, row label, column label, kind) of every cell of 二 that a clerk enters."""
    fmt = report_format(version)
    return [
        (f"{item.code}.{col.code}", item.label, col.label, col.kind)
        for item in fmt.proactive
        if item.code not in COMPUTED_ITEMS
        for col in item.columns
    ]


def parse_manual(version: ReportVersion | str, raw: dict[str, Any]) -> dict[str, int | Decimal]:
    """Validate the clerk's figures; every problem names the row and column."""
    values: dict[str, int | Decimal] = {}
    problems = []
    for key, row, col, kind in manual_fields(version):
        text = str(raw.get(key, "") if raw.get(key) is not None else "").strip().replace(",", "")
        if text == "":
            values[key] = Decimal(0) if kind is ValueKind.AMOUNT else 0
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            problems.append(f"“{row}”的“{col}”应为数字,实为“{text}”")
            continue
        if kind is ValueKind.AMOUNT:
            if value < 0:
                problems.append(f"“{row}”的“{col}”不能为负数")
                continue
            values[key] = value
        elif value != value.to_integral_value():
            problems.append(f"“{row}”的“{col}”应为整数,实为“{text}”")
        elif kind is ValueKind.COUNT and value < 0:
            problems.append(f"“{row}”的“{col}”不能为负数")
        else:
            values[key] = int(value)
    if problems:
        raise ValidationError(problems)
    return values


def own_tables(
    agency: Agency, year: int, version: ReportVersion | str, manual: dict[str, Any]
) -> AnnualReport:
    """Sections 二–四 of one agency from its records and its clerk's figures."""
    fmt = report_format(version)
    out = AnnualReport.blank(fmt.version, fill=0, year=year, agency=agency.name)
    for code, cells in normative_rows(agency, year, fmt.version).items():
        out.proactive[code].update(cells)
    for key, _row, _col, kind in manual_fields(fmt.version):
        if key in manual:
            item, col = key.split(".")
            raw = manual[key]
            out.proactive[item][col] = Decimal(str(raw)) if kind is ValueKind.AMOUNT else int(raw)
    out.applications = applications_table(agency, year, fmt.version)
    out.appeals = appeals_table(agency, year)
    return out
