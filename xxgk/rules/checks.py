"""Cross-checks (勾稽关系) of report-model.md, each a function returning findings.

`check_report` runs them all. The rule codes are stable API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from xxgk.rules.formats import SECTIONS, ReportVersion, ValueKind, report_format, version_for_year
from xxgk.rules.report import AnnualReport, Cell, Finding, Section, Severity
from xxgk.rules.text import parse_cn_number, repeated_fragments, subsection_at

E = Severity.ERROR
W = Severity.WARNING
KINDS = ("natural", "business", "research", "ngo", "legal", "other")


def _where(section: str, row: str = "", col: str = "") -> str:
    return "/".join(p for p in (section, row, col) if p)


def _col_label(code: str) -> str:
    fmt = report_format(ReportVersion.V2021)
    return next(c.label for c in fmt.application_columns if c.code == code)


def _known(*cells: Cell) -> bool:
    return all(c is not None for c in cells)


def check_values(report: AnnualReport) -> list[Finding]:
    """values.non_negative_integer — every count an integer ≥ 0; amounts decimals ≥ 0."""
    fmt = report_format(report.version)
    out: list[Finding] = []
    reported = {f.where for f in report.reader_findings}

    def one(section: str, row: str, row_label: str, col: str, kind: ValueKind, v: Cell) -> None:
        where = _where(section, row, col)
        if {where, _where(section, row), section} & reported:
            return  # the reader said what is wrong with this cell, its row or its table
        if v is None:
            msg = f"第{section}部分“{row_label}”的“{col}”栏为空或无法识别"
            out.append(Finding("values.non_negative_integer", E, msg, where))
        elif kind is ValueKind.AMOUNT:
            if v < 0:
                msg = f"第{section}部分“{row_label}”的金额不能为负数({v})"
                out.append(Finding("values.non_negative_integer", E, msg, where))
        elif not isinstance(v, int) or isinstance(v, bool):
            msg = f"第{section}部分“{row_label}”应为整数,实为{v}"
            out.append(Finding("values.non_negative_integer", E, msg, where))
        elif kind is ValueKind.COUNT and v < 0:
            msg = f"第{section}部分“{row_label}”不能为负数({v})"
            out.append(Finding("values.non_negative_integer", E, msg, where))

    for item in fmt.proactive:
        for col in item.columns:
            one(
                "二",
                item.code,
                item.label,
                col.code,
                col.kind,
                report.proactive.get(item.code, {}).get(col.code),
            )
    for row in report.application_rows():
        for col in fmt.application_columns:
            one(
                "三",
                row.code,
                row.label,
                col.code,
                col.kind,
                report.applications.get(row.code, {}).get(col.code),
            )
    for group, label in fmt.appeal_groups:
        for col in fmt.appeal_columns:
            one("四", group, label, col.code, col.kind, report.appeals.get(group, {}).get(col.code))
    return out


def _disagreement(report: AnnualReport, *wheres: str) -> tuple[Severity, str]:
    """A sum that does not add up is an error when every cell in it was printed as a number; when
    a blank cell counted as 0 is part of it, the report may just have left that cell unfilled (as
    many agencies leave 总计 blank), so it is a warning that says so."""
    blanks = [w for w in wheres if w in report.counted_blanks]
    if not blanks:
        return E, ""
    return W, f"(其中{len(blanks)}个单元格空白,按0核对;请核实是否漏填)"


def check_blank_cells(report: AnnualReport) -> list[Finding]:
    """table.blank — cells printed blank (or —, /, 无) are read as blank, never as a number; the
    arithmetic counts them as 0 and says so once per table, so a reviewer knows what was assumed."""
    counts: dict[str, int] = {}
    for where in report.blank_cells():
        section = where.split("/", 1)[0]
        counts[section] = counts.get(section, 0) + 1
    return [
        Finding("table.blank", W, f"第{section}部分有{n}个空白单元格,按0核对", section)
        for section, n in counts.items()
    ]


def check_apps_balance(report: AnnualReport) -> list[Finding]:
    """apps.balance — per column: new + carried_in == handled_total + carried_out."""
    out: list[Finding] = []
    a = report.applications
    for col in (*KINDS, "total"):
        new, cin = a.get("new", {}).get(col), a.get("carried_in", {}).get(col)
        handled, cout = a.get("handled_total", {}).get(col), a.get("carried_out", {}).get(col)
        if new is None or cin is None or handled is None or cout is None:
            continue
        if new + cin != handled + cout:
            severity, note = _disagreement(
                report, *(f"三/{row}/{col}" for row in ("new", "carried_in", "handled_total", "carried_out"))
            )
            msg = (
                f"第三部分“{_col_label(col)}”列不平衡:本年新收({new})+上年结转({cin})={new + cin},"
                f"而办理结果总计({handled})+结转下年度({cout})={handled + cout}{note}"
            )
            out.append(Finding("apps.balance", severity, msg, _where("三", "", col)))
    return out


def check_apps_row_total(report: AnnualReport) -> list[Finding]:
    """apps.row_total — per row: total == the six applicant kinds."""
    out: list[Finding] = []
    for row in report.application_rows():
        cells = report.applications.get(row.code, {})
        parts = [cells.get(k) for k in KINDS]
        total = cells.get("total")
        if total is None or any(p is None for p in parts):
            continue
        s = sum(p for p in parts if p is not None)
        if s != total:
            severity, note = _disagreement(report, *(f"三/{row.code}/{k}" for k in (*KINDS, "total")))
            msg = f"第三部分“{row.label}”行:各类申请人之和为{s},与总计{total}不符{note}"
            out.append(Finding("apps.row_total", severity, msg, _where("三", row.code, "total")))
    return out


def check_apps_handled_sum(report: AnnualReport) -> list[Finding]:
    """apps.handled_sum — per column: handled_total == the sum of every result row."""
    out: list[Finding] = []
    fmt_total = report_format(report.version).row("handled_total")
    for col in (*KINDS, "total"):
        parts = [report.applications.get(r.code, {}).get(col) for r in report.result_rows()]
        total = report.applications.get("handled_total", {}).get(col)
        if total is None or any(p is None for p in parts):
            continue
        s = sum(p for p in parts if p is not None)
        if s != total:
            severity, note = _disagreement(
                report, *(f"三/{r.code}/{col}" for r in (*report.result_rows(), fmt_total))
            )
            msg = f"第三部分“{_col_label(col)}”列:各项办理结果之和为{s},与(七)总计{total}不符{note}"
            out.append(Finding("apps.handled_sum", severity, msg, _where("三", "handled_total", col)))
    return out


def check_appeals_group_total(report: AnnualReport) -> list[Finding]:
    """appeals.group_total — per group: total == upheld + corrected + other + pending."""
    fmt = report_format(report.version)
    out: list[Finding] = []
    for group, label in fmt.appeal_groups:
        cells = report.appeals.get(group, {})
        parts = [cells.get(c) for c in ("upheld", "corrected", "other", "pending")]
        total = cells.get("total")
        if total is None or any(p is None for p in parts):
            continue
        s = sum(p for p in parts if p is not None)
        if s != total:
            severity, note = _disagreement(
                report, *(f"四/{group}/{c}" for c in ("upheld", "corrected", "other", "pending", "total"))
            )
            msg = f"第四部分“{label}”:维持、纠正、其他、尚未审结之和为{s},与总计{total}不符{note}"
            out.append(Finding("appeals.group_total", severity, msg, _where("四", group, "total")))
    return out


def check_in_force(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """proactive.in_force — 2021 in_force ≥ 0 and, given last year's report, follows from it."""
    if report.version is not ReportVersion.V2021:
        return []
    out: list[Finding] = []
    for item in ("rules", "normative_docs"):
        cells = report.proactive.get(item, {})
        in_force = cells.get("in_force")
        label = report_format(report.version).proactive_item(item).label
        if in_force is not None and in_force < 0:
            msg = f"第二部分“{label}”现行有效件数不能为负数({in_force})"
            out.append(Finding("proactive.in_force", E, msg, _where("二", item, "in_force")))
        if previous is None or previous.version is not ReportVersion.V2021:
            continue
        last = previous.proactive.get(item, {}).get("in_force")
        issued, repealed = cells.get("issued"), cells.get("repealed")
        if last is None or issued is None or repealed is None or in_force is None:
            continue
        expected = last + issued - repealed
        if expected != in_force:
            msg = (
                f"第二部分“{label}”现行有效件数为{in_force},但上年现行有效{last}+本年制发{issued}"
                f"-本年废止{repealed}={expected}"
            )
            out.append(Finding("proactive.in_force", W, msg, _where("二", item, "in_force")))
    return out


def check_carry_chain(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """apps.carry_chain — this year's carried_in == last year's carried_out, per column."""
    if previous is None:
        return []
    out: list[Finding] = []
    for col in (*KINDS, "total"):
        cin = report.applications.get("carried_in", {}).get(col)
        last = previous.applications.get("carried_out", {}).get(col)
        if cin is None or last is None or cin == last:
            continue
        year = f"{previous.year}年" if previous.year else "上年"
        msg = f"第三部分“{_col_label(col)}”列:上年结转{cin}件,与{year}年报结转下年度{last}件不符"
        out.append(Finding("apps.carry_chain", E, msg, _where("三", "carried_in", col)))
    return out


def check_sections(report: AnnualReport) -> list[Finding]:
    """structure.sections — all six sections, in order; section 六 not empty."""
    out: list[Finding] = []
    found = [s.key for s in report.sections]
    for key, title in SECTIONS:
        if key not in found:
            msg = f"缺少第{key}部分“{key}、{title}”"
            out.append(Finding("structure.sections", E, msg, key))
    present = [k for k, _ in SECTIONS if k in found]
    ordered = [k for k in found if k in present]
    if ordered != present:
        msg = "各部分顺序不正确:应为" + "、".join(present) + ",实为" + "、".join(ordered)
        out.append(Finding("structure.sections", E, msg, ordered[0] if ordered else ""))
    six = report.section("六")
    if six is not None and not six.text.strip():
        msg = "第六部分“其他需要报告的事项”为空;没有需要报告的事项时应写“无”"
        out.append(Finding("structure.sections", E, msg, "六"))
    return out


def check_version_year(report: AnnualReport) -> list[Finding]:
    """structure.version_year — the table shapes match the version required for the year."""
    if report.year is None or report.year < 2019:
        return []
    required = version_for_year(report.year)
    if required is report.version:
        return []
    msg = (
        f"{report.year}年度报告应使用{required.value}版格式({required.notice}),"
        f"但表格为{report.version.value}版格式({report.version.notice})"
    )
    return [Finding("structure.version_year", E, msg, "二")]


def _narrative(report: AnnualReport) -> list[Section]:
    """The text a person wrote: the preamble (located as 前言) and the six sections."""
    intro = [Section("前言", "", report.preamble)] if report.preamble else []
    return intro + list(report.sections)


# A stated total followed by its parts: 共公开政府信息81条,其中财务公开4条、规划计划3条……
_NUM = r"[0-90-9]+|[零〇一二两三四五六七八九十百千万]+"
_UNIT = r"条|件|项|个|篇"
_TOTAL_RE = re.compile(
    rf"共(?P<what>[^,,。;;、\d]{{0,16}}?)(?P<n>{_NUM})(?P<unit>{_UNIT})(?P<rest>[^。;;\n]*)"
)
_PART_RE = re.compile(rf"(?P<name>[^、,,;;。\d等]{{1,16}}?)(?P<n>{_NUM})(?P<unit>{_UNIT})")


def check_text_totals(report: AnnualReport) -> list[Finding]:
    """text.totals — a total stated in the narrative equals the parts listed after it."""
    out: list[Finding] = []
    for section in _narrative(report):
        for m in _TOTAL_RE.finditer(section.text):
            rest = m.group("rest")
            head = re.match(r"\s*[,,]?\s*其中", rest)
            if not head:
                continue
            total = parse_cn_number(m.group("n"))
            tail = rest[head.end() :]
            parts: list[tuple[str, int]] = []
            pos = 0
            while True:
                pm = _PART_RE.match(tail, pos)
                if not pm or pm.group("unit") != m.group("unit"):
                    break
                value = parse_cn_number(pm.group("n"))
                if value is None:
                    break
                parts.append((pm.group("name").strip(), value))
                pos = pm.end()
                sep = re.match(r"\s*[、,,]\s*", tail[pos:])
                if not sep:
                    break
                pos += sep.end()
            if total is None or not parts:
                continue
            s = sum(v for _, v in parts)
            if s == total:
                continue
            open_list = tail[pos:].lstrip().startswith("等")
            unit = m.group("unit")
            listed = "、".join(f"{n}{v}{unit}" for n, v in parts)
            msg = f"正文称共{m.group('what')}{total}{unit},其中所列{listed}合计{s}{unit},与总数不符"
            if open_list:
                msg += "(列举以“等”结尾,请核实未列出的部分)"
            where = subsection_at(section.key, section.text, m.start())
            out.append(Finding("text.totals", W if open_list else E, msg, where))
    return out


# A figure the narrative states that the tables also hold: (pattern, the table cells it equals, what).
_TABLE_FACTS: tuple[tuple[re.Pattern[str], tuple[tuple[str, str, str], ...], str], ...] = (
    (
        re.compile(rf"(?:新收|收到)(?:政府信息公开)?申请(?:共)?(?P<n>{_NUM})件"),
        (("applications", "new", "total"),),
        "第三部分“本年新收政府信息公开申请数量”",
    ),
    (
        re.compile(rf"上年结转(?:政府信息公开)?(?:申请)?(?P<n>{_NUM})件"),
        (("applications", "carried_in", "total"),),
        "第三部分“上年结转政府信息公开申请数量”",
    ),
    (
        re.compile(rf"结转下年度?(?:继续办理)?(?P<n>{_NUM})件"),
        (("applications", "carried_out", "total"),),
        "第三部分“结转下年度继续办理”",
    ),
    (
        re.compile(rf"行政复议(?:案件)?(?P<n>{_NUM})件"),
        (("appeals", "review", "total"),),
        "第四部分行政复议总计",
    ),
    (
        re.compile(rf"行政诉讼(?:案件)?(?P<n>{_NUM})件"),
        (("appeals", "suit_direct", "total"), ("appeals", "suit_after_review", "total")),
        "第四部分行政诉讼总计",
    ),
)


def check_text_against_tables(report: AnnualReport) -> list[Finding]:
    """text.totals — a figure stated in the narrative equals the table's (a warning: prose may count
    a narrower thing, e.g. a single channel, with the same words)."""
    out: list[Finding] = []
    for section in _narrative(report):
        for pattern, cells, what in _TABLE_FACTS:
            for m in pattern.finditer(section.text):
                stated = parse_cn_number(m.group("n"))
                values = [getattr(report, table).get(row, {}).get(col) for table, row, col in cells]
                if stated is None or any(v is None for v in values):
                    continue
                table_value = sum(v for v in values if v is not None)
                if stated != table_value:
                    msg = f"正文“{m.group(0)}”与{what}({table_value}件)不符"
                    out.append(
                        Finding("text.totals", W, msg, subsection_at(section.key, section.text, m.start()))
                    )
    return out


def check_repeated_chars(report: AnnualReport) -> list[Finding]:
    """text.repeated_chars — accidental repetition (广大广大, 上级级), not correct reduplication."""
    out: list[Finding] = []
    for section in _narrative(report):
        for start, fragment, context in repeated_fragments(section.text):
            msg = f"“{fragment}”疑为误重复:……{context}……"
            where = subsection_at(section.key, section.text, start)
            out.append(Finding("text.repeated_chars", W, msg, where))
    return out


TABLE_CHECKS: tuple[Callable[[AnnualReport], list[Finding]], ...] = (
    check_values,
    check_apps_balance,
    check_apps_row_total,
    check_apps_handled_sum,
    check_appeals_group_total,
)
STRUCTURE_CHECKS: tuple[Callable[[AnnualReport], list[Finding]], ...] = (
    check_sections,
    check_version_year,
)
TEXT_CHECKS: tuple[Callable[[AnnualReport], list[Finding]], ...] = (
    check_text_totals,
    check_text_against_tables,
    check_repeated_chars,
)


def check_report(
    report: AnnualReport,
    previous: AnnualReport | None = None,
    *,
    text: bool = True,
    structure: bool = True,
) -> list[Finding]:
    """Every rule of report-model.md. `previous` is last year's report, when known.

    Blank cells count as 0 in the arithmetic (one table.blank warning per table says so); a cell the
    reader could not read stays unknown, and no sum that needs it is checked."""
    if report.tables_unreadable:
        # The reader's one finding says the tables were not understood and what to upload instead;
        # every other rule would only repeat it, cell by cell and part by part.
        return list(report.reader_findings)
    findings: list[Finding] = list(report.reader_findings) + check_blank_cells(report)
    counted = report.counted()
    checks: list[Callable[[AnnualReport], list[Finding]]] = list(TABLE_CHECKS)
    if structure:
        checks += STRUCTURE_CHECKS
    if text:
        checks += TEXT_CHECKS
    for check in checks:
        findings.extend(check(counted))
    last = previous.counted() if previous is not None else None
    findings.extend(check_in_force(counted, last))
    findings.extend(check_carry_chain(counted, last))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def total_of(values: Iterable[Cell]) -> Cell:
    """Sum of cells; None when any is unknown (a sum is never guessed)."""
    acc: int | Decimal = 0
    for v in values:
        if v is None:
            return None
        acc += v
    return acc
