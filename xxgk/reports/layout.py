"""The official table layouts of sections 二–四 as grids of merged cells, shared by every writer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from xxgk.rules.formats import FORMATS, ReportFormat, report_format
from xxgk.rules.report import AnnualReport, Cell

APPS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# The result groups printed as a heading cell beside their numbered rows: （三）不予公开 …
_SUBGROUPS = frozenset(
    row.group
    for fmt in FORMATS.values()
    for row in fmt.application_rows
    if row.group and row.group != "三、本年度办理结果"
)


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    ref: str = ""  # the value's location code (三/new/natural), so findings can point at it


@dataclass(frozen=True)
class Grid:
    section: str  # 二, 三 or 四
    caption: str
    columns: int
    rows: tuple[tuple[GridCell, ...], ...]


def format_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


def _unit(report: AnnualReport, where: str, value: Cell) -> str:
    """An amount's unit as the source printed it (251000元), so that nobody reads it as 万元."""
    return report.units.get(where, "") if value is not None else ""


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, rowspan, colspan, header=True)


def proactive_grid(report: AnnualReport, fmt: ReportFormat) -> Grid:
    width = 1 + max(len(item.columns) for item in fmt.proactive)
    rows: list[tuple[GridCell, ...]] = []
    for clause, items_iter in groupby(fmt.proactive, key=lambda item: item.clause):
        items = list(items_iter)
        rows.append((_h(clause, colspan=width),))
        header = [_h("信息内容")] + [_h(c.label) for c in items[0].columns]
        pad = width - len(header)
        if pad:
            header.append(_h("", colspan=pad))
        rows.append(tuple(header))
        for item in items:
            values = report.proactive.get(item.code, {})
            row = [_h(item.label)] + [
                GridCell(
                    format_value(values.get(c.code))
                    + _unit(report, f"二/{item.code}/{c.code}", values.get(c.code)),
                    ref=f"二/{item.code}/{c.code}",
                )
                for c in item.columns
            ]
            if pad:
                row.append(GridCell("", colspan=pad))
            rows.append(tuple(row))
    return Grid("二", "主动公开政府信息情况", width, tuple(rows))


def applications_grid(report: AnnualReport, fmt: ReportFormat) -> Grid:
    cols = fmt.application_columns
    rows: list[tuple[GridCell, ...]] = [
        (_h(APPS_NOTE, rowspan=3, colspan=3), _h("申请人情况", colspan=7)),
        (_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)),
        tuple(_h(c.label) for c in cols[1:6]),
    ]

    def values(code: str) -> list[GridCell]:
        cells = report.applications.get(code, {})
        return [GridCell(format_value(cells.get(c.code)), ref=f"三/{code}/{c.code}") for c in cols]

    # A 2021 report read with the 2019 layout's single 其他处理 row shows it, as printed.
    printed = report.application_rows()
    results = [r for r in printed if r.is_result or r.code == "handled_total"]
    first_result = True
    for row in printed:
        if row.code in ("new", "carried_in", "carried_out"):
            rows.append((_h(row.label, colspan=3), *values(row.code)))
            continue
        lead: list[GridCell] = []
        if first_result:
            lead.append(_h("三、本年度办理结果", rowspan=len(results)))
            first_result = False
        if row.group in _SUBGROUPS:
            members = [r for r in results if r.group == row.group]
            if row is members[0]:
                lead.append(_h(row.group, rowspan=len(members)))
            lead.append(_h(row.label))
        else:
            lead.append(_h(row.label, colspan=2))
        rows.append((*lead, *values(row.code)))
    return Grid("三", "收到和处理政府信息公开申请情况", 10, tuple(rows))


def appeals_grid(report: AnnualReport, fmt: ReportFormat) -> Grid:
    labels = [c.label for c in fmt.appeal_columns]
    rows: list[tuple[GridCell, ...]] = [
        (_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)),
        (
            *(_h(label, rowspan=2) for label in labels),
            _h("未经复议直接起诉", colspan=5),
            _h("复议后起诉", colspan=5),
        ),
        tuple(_h(label) for label in labels * 2),
        tuple(
            GridCell(format_value(report.appeals.get(group, {}).get(c.code)), ref=f"四/{group}/{c.code}")
            for group, _ in fmt.appeal_groups
            for c in fmt.appeal_columns
        ),
    ]
    return Grid("四", "政府信息公开行政复议、行政诉讼情况", 15, tuple(rows))


def grids(report: AnnualReport) -> dict[str, Grid]:
    fmt = report_format(report.version)
    return {
        "二": proactive_grid(report, fmt),
        "三": applications_grid(report, fmt),
        "四": appeals_grid(report, fmt),
    }


def title_of(report: AnnualReport) -> str:
    year = f"{report.year}年" if report.year else ""
    return f"{report.agency or ''}{year}政府信息公开工作年度报告"
