"""Plain-text tables for a terminal (CJK characters take two columns)."""

from __future__ import annotations

import unicodedata

from xxgk.reports.layout import format_value
from xxgk.rules.formats import report_format
from xxgk.rules.report import AnnualReport, Finding, Outcome, Severity, Status, tally


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    sizes = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(h, sizes[i], right=i > 0) for i, h in enumerate(header))]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(pad(c, sizes[i], right=i > 0) for i, c in enumerate(r)) for r in rows]
    return lines


def render_tables(report: AnnualReport) -> str:
    fmt = report_format(report.version)
    out: list[str] = ["二、主动公开政府信息情况"]
    for item in fmt.proactive:
        values = "  ".join(
            f"{c.label}={format_value(report.proactive[item.code][c.code]) or '空'}" for c in item.columns
        )
        out.append(f"  {item.label}:{values}")
    out.append("三、收到和处理政府信息公开申请情况")
    cols = fmt.application_columns
    rows = []
    for row in fmt.application_rows:
        label = row.label if width(row.label) <= 28 else row.label[:13] + "…"
        if row.group.startswith("（") and not row.label.startswith("（"):
            label = row.group[:3] + label
        rows.append([label] + [format_value(report.applications[row.code][c.code]) or "空" for c in cols])
    out += ["  " + line for line in _table(["项目"] + [c.label for c in cols], rows)]
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    rows = [
        [label] + [format_value(report.appeals[g][c.code]) or "空" for c in fmt.appeal_columns]
        for g, label in fmt.appeal_groups
    ]
    out += ["  " + line for line in _table(["类别"] + [c.label for c in fmt.appeal_columns], rows)]
    return "\n".join(out)


def render_findings(findings: list[Finding]) -> str:
    if not findings:
        return "  未发现问题"
    mark = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
    return "\n".join(f"  [{mark[f.severity]}] {f.where}  {f.message}  ({f.rule})" for f in findings)


def render_checklist(outcomes: list[Outcome]) -> str:
    """How many checks passed, then each one that did not (the full list: --json or the workbook)."""
    counts = tally(outcomes)
    lines = [
        f"核查清单:共{len(outcomes)}项,通过{counts['passed']}项,不通过{counts['failed']}项,"
        f"无法判断{counts['unknown']}项"
    ]
    for o in outcomes:
        if o.status is Status.PASSED:
            continue
        sides = f":{o.left} ≠ {o.right}" if o.left and o.right else ""
        note = f"({o.note})" if o.note else ""
        lines.append(f"  [{o.status.label}] {o.subject or o.rule_label}{sides}{note}")
    return "\n".join(lines)
