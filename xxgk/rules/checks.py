"""Cross-checks (勾稽关系) of report-model.md, each a function returning findings or, for a rule
checked place by place, outcomes (passed, failed, not assessable) carrying their findings.

`check_report` runs them all; `checklist` lists every rule applied. The rule codes are stable API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from xxgk.rules.formats import SECTIONS, ReportVersion, ValueKind, report_format, version_for_year
from xxgk.rules.report import AnnualReport, Cell, Finding, Outcome, Section, Severity, Status
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


# --- sums (勾稽关系): each an outcome per place, passed, failed or not assessable -------------------

Term = tuple[str, Cell, int]  # (what, value, +1 or -1)
Number = int | Decimal


def _side(terms: list[Term]) -> str:
    """本年新收12 + 上年结转0 = 12: the cells of one side with their sum."""
    text = ""
    for n, (label, value, sign) in enumerate(terms):
        text += ("" if n == 0 else (" + " if sign > 0 else " − ")) + f"{label}{value}"
    if len(terms) > 1:
        text += f" = {sum(sign * v for _, v, sign in terms if v is not None)}"
    return text


def _equation(
    report: AnnualReport,
    rule: str,
    where: str,
    subject: str,
    left: list[Term],
    right: list[Term],
    message: Callable[[list[Number]], str],
    cells: tuple[str, ...] = (),
    severity: Severity | None = None,
) -> Outcome:
    """left == right over the report's cells. A cell not read makes it not assessable (a sum is never
    made with a guess); `cells` are the places whose blanks soften an error to a warning
    (_disagreement) unless `severity` is fixed."""
    missing = [label for label, value, _ in (*left, *right) if value is None]
    if missing:
        return Outcome(rule, where, subject, Status.UNKNOWN, note=f"{'、'.join(missing)}未能读出")
    values: list[Number] = [v for _, v, _ in (*left, *right) if v is not None]
    lhs = sum(sign * v for _, v, sign in left if v is not None)
    rhs = sum(sign * v for _, v, sign in right if v is not None)
    if lhs == rhs:
        return Outcome(rule, where, subject, Status.PASSED, _side(left), _side(right))
    level, note = (severity, "") if severity is not None else _disagreement(report, *cells)
    finding = Finding(rule, level, message(values) + note, where)
    return Outcome.failed(rule, where, subject, (finding,), _side(left), _side(right))


def apps_balance(report: AnnualReport) -> list[Outcome]:
    """apps.balance — per column: new + carried_in == handled_total + carried_out."""
    a = report.applications
    out = []
    for col in (*KINDS, "total"):
        label = _col_label(col)

        def message(v: list[Number], label: str = label) -> str:
            return (
                f"第三部分“{label}”列不平衡:本年新收({v[0]})+上年结转({v[1]})={v[0] + v[1]},"
                f"而办理结果总计({v[2]})+结转下年度({v[3]})={v[2] + v[3]}"
            )

        out.append(
            _equation(
                report,
                "apps.balance",
                _where("三", "", col),
                f"第三部分“{label}”列:本年新收+上年结转=办理结果总计+结转下年度",
                [
                    ("本年新收", a.get("new", {}).get(col), 1),
                    ("上年结转", a.get("carried_in", {}).get(col), 1),
                ],
                [
                    ("办理结果总计", a.get("handled_total", {}).get(col), 1),
                    ("结转下年度", a.get("carried_out", {}).get(col), 1),
                ],
                message,
                tuple(f"三/{row}/{col}" for row in ("new", "carried_in", "handled_total", "carried_out")),
            )
        )
    return out


def apps_row_total(report: AnnualReport) -> list[Outcome]:
    """apps.row_total — per row: total == the six applicant kinds."""
    out = []
    for row in report.application_rows():
        cells = report.applications.get(row.code, {})

        def message(v: list[Number], label: str = row.label) -> str:
            return f"第三部分“{label}”行:各类申请人之和为{sum(v[:-1])},与总计{v[-1]}不符"

        out.append(
            _equation(
                report,
                "apps.row_total",
                _where("三", row.code, "total"),
                f"第三部分“{row.label}”行:各类申请人之和=总计",
                [(_col_label(k), cells.get(k), 1) for k in KINDS],
                [("总计", cells.get("total"), 1)],
                message,
                tuple(f"三/{row.code}/{k}" for k in (*KINDS, "total")),
            )
        )
    return out


def apps_handled_sum(report: AnnualReport) -> list[Outcome]:
    """apps.handled_sum — per column: handled_total == the sum of every result row."""
    out = []
    fmt_total = report_format(report.version).row("handled_total")
    results = report.result_rows()
    for col in (*KINDS, "total"):
        label = _col_label(col)

        def message(v: list[Number], label: str = label) -> str:
            return f"第三部分“{label}”列:各项办理结果之和为{sum(v[:-1])},与(七)总计{v[-1]}不符"

        out.append(
            _equation(
                report,
                "apps.handled_sum",
                _where("三", "handled_total", col),
                f"第三部分“{label}”列:各项办理结果之和=(七)总计",
                [(_short(r.label), report.applications.get(r.code, {}).get(col), 1) for r in results],
                [("(七)总计", report.applications.get("handled_total", {}).get(col), 1)],
                message,
                tuple(f"三/{r.code}/{col}" for r in (*results, fmt_total)),
            )
        )
    return out


def _short(label: str) -> str:
    """A row's label short enough to stand in a sum: （三）1.属于国家秘密 → 属于国家秘密."""
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.]\s*", "", label.split("（区分")[0])[:12]


def appeals_group_total(report: AnnualReport) -> list[Outcome]:
    """appeals.group_total — per group: total == upheld + corrected + other + pending."""
    fmt = report_format(report.version)
    names = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
    out = []
    for group, label in fmt.appeal_groups:
        cells = report.appeals.get(group, {})

        def message(v: list[Number], label: str = label) -> str:
            return f"第四部分“{label}”:维持、纠正、其他、尚未审结之和为{sum(v[:-1])},与总计{v[-1]}不符"

        out.append(
            _equation(
                report,
                "appeals.group_total",
                _where("四", group, "total"),
                f"第四部分“{label}”:维持+纠正+其他+尚未审结=总计",
                [(name, cells.get(code), 1) for code, name in names.items()],
                [("总计", cells.get("total"), 1)],
                message,
                tuple(f"四/{group}/{c}" for c in (*names, "total")),
            )
        )
    return out


def proactive_in_force(report: AnnualReport, previous: AnnualReport | None = None) -> list[Outcome]:
    """proactive.in_force — 2021 in_force ≥ 0 and, given last year's report, follows from it."""
    if report.version is not ReportVersion.V2021:
        return []
    out: list[Outcome] = []
    for item in ("rules", "normative_docs"):
        cells = report.proactive.get(item, {})
        in_force = cells.get("in_force")
        label = report_format(report.version).proactive_item(item).label
        where = _where("二", item, "in_force")
        subject = f"第二部分“{label}”:上年现行有效+本年制发−本年废止=现行有效"
        if in_force is not None and in_force < 0:
            msg = f"第二部分“{label}”现行有效件数不能为负数({in_force})"
            out.append(
                Outcome.failed(
                    "proactive.in_force",
                    where,
                    f"第二部分“{label}”现行有效件数不为负数",
                    (Finding("proactive.in_force", E, msg, where),),
                    f"现行有效{in_force}",
                    "0",
                )
            )
        if previous is None or previous.version is not ReportVersion.V2021:
            year = "上年" if previous is None else f"{previous.year}年"
            why = "没有同一机关上年的年报" if previous is None else f"{year}年报不是2021版格式"
            out.append(Outcome("proactive.in_force", where, subject, Status.UNKNOWN, note=why))
            continue
        last = previous.proactive.get(item, {}).get("in_force")

        def message(v: list[Number], label: str = label) -> str:
            return (
                f"第二部分“{label}”现行有效件数为{v[3]},但上年现行有效{v[0]}+本年制发{v[1]}"
                f"-本年废止{v[2]}={v[0] + v[1] - v[2]}"
            )

        out.append(
            _equation(
                report,
                "proactive.in_force",
                where,
                subject,
                [
                    ("上年现行有效", last, 1),
                    ("本年制发", cells.get("issued"), 1),
                    ("本年废止", cells.get("repealed"), -1),
                ],
                [("现行有效", in_force, 1)],
                message,
                severity=W,
            )
        )
    return out


def apps_carry_chain(report: AnnualReport, previous: AnnualReport | None = None) -> list[Outcome]:
    """apps.carry_chain — this year's carried_in == last year's carried_out, per column."""
    if previous is None:
        subject = "第三部分各列:上年结转=上年年报结转下年度"
        return [
            Outcome(
                "apps.carry_chain", "三/carried_in", subject, Status.UNKNOWN, note="没有同一机关上年的年报"
            )
        ]
    out = []
    year = f"{previous.year}年" if previous.year else "上年"
    for col in (*KINDS, "total"):
        label = _col_label(col)
        where = _where("三", "carried_in", col)
        subject = f"第三部分“{label}”列:上年结转=上年年报结转下年度"

        def message(v: list[Number], label: str = label) -> str:
            return f"第三部分“{label}”列:上年结转{v[0]}件,与{year}年报结转下年度{v[1]}件不符"

        out.append(
            _equation(
                report,
                "apps.carry_chain",
                where,
                subject,
                [("上年结转", report.applications.get("carried_in", {}).get(col), 1)],
                [(f"{year}结转下年度", previous.applications.get("carried_out", {}).get(col), 1)],
                message,
                severity=E,
            )
        )
    return out


def _findings(outcomes: list[Outcome]) -> list[Finding]:
    return [f for o in outcomes for f in o.findings]


def check_apps_balance(report: AnnualReport) -> list[Finding]:
    return _findings(apps_balance(report))


def check_apps_row_total(report: AnnualReport) -> list[Finding]:
    return _findings(apps_row_total(report))


def check_apps_handled_sum(report: AnnualReport) -> list[Finding]:
    return _findings(apps_handled_sum(report))


def check_appeals_group_total(report: AnnualReport) -> list[Finding]:
    return _findings(appeals_group_total(report))


def check_in_force(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    return _findings(proactive_in_force(report, previous))


def check_carry_chain(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    return _findings(apps_carry_chain(report, previous))


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
        re.compile(rf"现行有效的?(?:行政)?规范性文件(?:共|总数为|为|有)?(?P<n>{_NUM})件"),
        (("proactive", "normative_docs", "in_force"),),
        "第二部分行政规范性文件“现行有效件数”",
    ),
    (
        re.compile(rf"(?:行政)?规范性文件(?:中)?现行有效的?(?:共|为|有)?(?P<n>{_NUM})件"),
        (("proactive", "normative_docs", "in_force"),),
        "第二部分行政规范性文件“现行有效件数”",
    ),
    (
        re.compile(rf"(?:制发|印发|出台)(?:行政)?规范性文件(?:共)?(?P<n>{_NUM})件"),
        (("proactive", "normative_docs", "issued"),),
        "第二部分行政规范性文件“本年制发件数”",
    ),
    (
        re.compile(rf"废止(?:行政)?规范性文件(?:共)?(?P<n>{_NUM})件"),
        (("proactive", "normative_docs", "repealed"),),
        "第二部分行政规范性文件“本年废止件数”",
    ),
    (
        re.compile(rf"(?:办结|答复)(?:政府信息公开)?申请(?:共)?(?P<n>{_NUM})件"),
        (("applications", "handled_total", "total"),),
        "第三部分“（七）总计”",
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


# Template text left in: a prompt in brackets, XX for a number or a name, 此处填写.
_PLACEHOLDER = re.compile(r"[(（【\[]\s*请(?:填写|输入|根据)|[X×Ｘ]{2,}|此处(?:填写|输入)|请在此")
_NOTHING = re.compile(r"^[\s。.;;,,]*(?:无|暂无|没有|无。|无问题|不存在问题)[\s。.;;,,]*$")


def check_placeholders(report: AnnualReport) -> list[Finding]:
    """text.placeholder — a template's prompt or XX left in the published text."""
    out = []
    for section in _narrative(report):
        m = _PLACEHOLDER.search(section.text)
        if m:
            context = section.text[max(0, m.start() - 12) : m.end() + 12].replace("\n", " ")
            msg = f"第{section.key}部分还有未填写的提示“{m.group(0)}”:……{context}……"
            out.append(
                Finding("text.placeholder", E, msg, subsection_at(section.key, section.text, m.start()))
            )
    return out


def check_section_five(report: AnnualReport) -> list[Finding]:
    """text.section_five — 五、存在的主要问题及改进情况 states problems and what is done about them
    (《条例》第五十条 lists it among what an annual report contains): empty or a bare “无” says
    neither. (A missing section is structure.sections'.)"""
    five = report.section("五")
    if five is None:
        return []
    text = five.text.strip()
    if not text:
        return [Finding("text.section_five", E, "第五部分“存在的主要问题及改进情况”为空", "五")]
    if _NOTHING.match(text):
        msg = f"第五部分“存在的主要问题及改进情况”只写了“{text}”,未说明存在的问题和改进措施"
        return [Finding("text.section_five", W, msg, "五")]
    return []


_FEE_WORDS = re.compile(r"信息处理费|收费|收取费用|缴费|缴纳费用")
_NO_NOTICE = re.compile(r"(?:未|没有|无)(?:发出|出具|下发)(?:过)?(?:任何)?收费通知")
_NOTICES = re.compile(rf"(?:发出|出具|下发)(?:信息处理费)?收费通知(?:书)?(?:共)?(?P<n>{_NUM})(?:件|份|次)")


def check_section_six_fees(report: AnnualReport) -> list[Finding]:
    """text.fees — a report in the 2021 format states in 六 how 信息处理费 was charged (the format's
    notes, 国办公开办函〔2021〕30号; 《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号), and what it
    says agrees with 第三部分: a case closed because the applicant did not pay (（六）2.逾期未按收费通知
    要求缴纳费用) had a 收费通知, so 六 cannot say none was sent, nor fewer than such cases."""
    six = report.section("六")
    if report.version is not ReportVersion.V2021 or six is None or not six.text.strip():
        return []
    out = []
    unpaid = report.applications.get("other_no_fee", {}).get("total")
    if not _FEE_WORDS.search(six.text):
        msg = "第六部分未说明信息处理费的收取情况(2021版格式要求在“其他需要报告的事项”中说明)"
        out.append(Finding("text.fees", W, msg, "六"))
    elif unpaid:
        no_notice = _NO_NOTICE.search(six.text)
        stated = _NOTICES.search(six.text)
        count = parse_cn_number(stated.group("n")) if stated else None
        if no_notice:
            msg = (
                f"第六部分称“{no_notice.group(0)}”,但第三部分有{unpaid}件申请因申请人逾期未按收费通知缴纳费用"
                "而不再处理:这些申请都发出过收费通知"
            )
            out.append(Finding("text.fees", E, msg, "六"))
        elif count is not None and count < unpaid:
            msg = (
                f"第六部分称发出收费通知{count}件,少于第三部分因逾期未缴纳费用而不再处理的{unpaid}件申请"
                "(每件都发出过收费通知)"
            )
            out.append(Finding("text.fees", E, msg, "六"))
    return out


def five_repeated(report: AnnualReport, previous: AnnualReport | None) -> list[Outcome]:
    """text.five_repeated — 五 is this year's problems and measures, not last year's text again."""
    subject = "第五部分不是上年年报的原文照抄"
    five = report.section("五")
    last = previous.section("五") if previous is not None else None
    if five is None or not five.text.strip():
        return []
    if last is None or not last.text.strip():
        why = "没有同一机关上年的年报" if previous is None else "上年年报未读出第五部分"
        return [Outcome("text.five_repeated", "五", subject, Status.UNKNOWN, note=why)]
    this_text, last_text = "".join(five.text.split()), "".join(last.text.split())
    if len(this_text) < 20 or _NOTHING.match(this_text) or this_text != last_text:
        return [Outcome("text.five_repeated", "五", subject, Status.PASSED)]
    year = f"{previous.year}年" if previous is not None and previous.year else "上年"
    msg = f"第五部分“存在的主要问题及改进情况”与{year}年报的第五部分一字不差,请核实是否为本年度的情况"
    return [
        Outcome.failed("text.five_repeated", "五", subject, (Finding("text.five_repeated", W, msg, "五"),))
    ]


def check_repeated_chars(report: AnnualReport) -> list[Finding]:
    """text.repeated_chars — accidental repetition (广大广大, 上级级), not correct reduplication."""
    out: list[Finding] = []
    for section in _narrative(report):
        for start, fragment, context in repeated_fragments(section.text):
            msg = f"“{fragment}”疑为误重复:……{context}……"
            where = subsection_at(section.key, section.text, start)
            out.append(Finding("text.repeated_chars", W, msg, where))
    return out


@dataclass(frozen=True)
class Check:
    """A rule as the checklist shows it. A rule checked place by place (a sum per column) gives its
    own outcomes (`outcomes`); another gives findings for the whole report (`findings`): passed when
    it has none. `unknown` says why it cannot be judged on a report, if it cannot."""

    rule: str
    subject: str
    group: str  # table / structure / text: check_report(text=False, structure=False) skips groups
    findings: Callable[[AnnualReport], list[Finding]] | None = None
    outcomes: Callable[[AnnualReport], list[Outcome]] | None = None
    unknown: Callable[[AnnualReport], str] = lambda report: ""

    def apply(self, report: AnnualReport) -> list[Outcome]:
        if self.outcomes is not None:
            return self.outcomes(report)
        why = self.unknown(report)
        if why:
            return [Outcome(self.rule, "", self.subject, Status.UNKNOWN, note=why)]
        assert self.findings is not None
        found = tuple(self.findings(report))
        if found:
            return [Outcome.failed(self.rule, "", self.subject, found, f"{len(found)}处")]
        return [Outcome(self.rule, "", self.subject, Status.PASSED)]


def _no_year(report: AnnualReport) -> str:
    return "年度不明" if report.year is None else ""


def _no_text(report: AnnualReport) -> str:
    return "" if any(s.text.strip() for s in _narrative(report)) else "未读出正文"


# Every rule the checklist lists, in the order check_report reports them. The blank-cell count is
# made on the report as read, everything else on its counted copy (blank cells as 0).
CHECKS: tuple[Check, ...] = (
    Check("table.blank", "空白单元格(按0核对,需核实是否漏填)", "blank", check_blank_cells),
    Check("values.non_negative_integer", "各单元格为非负整数或金额", "table", check_values),
    Check("apps.balance", "", "table", outcomes=apps_balance),
    Check("apps.row_total", "", "table", outcomes=apps_row_total),
    Check("apps.handled_sum", "", "table", outcomes=apps_handled_sum),
    Check("appeals.group_total", "", "table", outcomes=appeals_group_total),
    Check("structure.sections", "六个部分齐全、有序,第六部分不空", "structure", check_sections),
    Check(
        "structure.version_year", "表格格式版本与年度相符", "structure", check_version_year, unknown=_no_year
    ),
    Check("text.totals", "正文所称总数与所列分项一致", "text", check_text_totals, unknown=_no_text),
    Check("text.totals", "正文所述数字与表格一致", "text", check_text_against_tables, unknown=_no_text),
    Check("text.repeated_chars", "正文无误重复的字词", "text", check_repeated_chars, unknown=_no_text),
    Check("text.placeholder", "正文无未替换的模板文字", "text", check_placeholders, unknown=_no_text),
    Check(
        "text.section_five", "第五部分写明存在的问题和改进情况", "text", check_section_five, unknown=_no_text
    ),
    Check(
        "text.fees",
        "第六部分说明信息处理费,并与第三部分相符",
        "text",
        check_section_six_fees,
        unknown=_no_text,
    ),
)
READING = "表格读取:各部分的统计表、各行各栏均已读出"


def _outcomes(
    report: AnnualReport, previous: AnnualReport | None, text: bool, structure: bool
) -> list[Outcome]:
    skipped = ({"text"} if not text else set()) | ({"structure"} if not structure else set())
    counted = report.counted()
    out: list[Outcome] = []
    for check in CHECKS:
        if check.group not in skipped:
            out.extend(check.apply(report if check.group == "blank" else counted))
    return out + chain_outcomes(report, previous)


def chain_outcomes(report: AnnualReport, previous: AnnualReport | None) -> list[Outcome]:
    """The rules that need last year's report, on the report's counted copy."""
    counted = report.counted()
    last = previous.counted() if previous is not None else None
    return (
        proactive_in_force(counted, last) + apps_carry_chain(counted, last) + five_repeated(report, previous)
    )


CHAIN_RULES = ("proactive.in_force", "apps.carry_chain", "text.five_repeated")


def assess(
    report: AnnualReport, previous: AnnualReport | None = None, *, text: bool = True, structure: bool = True
) -> tuple[list[Finding], list[Outcome]]:
    """(check_report's findings, the checklist): every rule applied once.

    The checklist lists every rule applied to the report, each 通过 / 不通过 / 无法判断 with the numbers
    on both sides: what the reviewer sees of a clean report as well as of a faulty one. The first line
    is the reading of the tables; the findings are the reader's, then those of the failed outcomes."""
    errors = tuple(f for f in report.reader_findings if f.severity is Severity.ERROR)
    reading = (
        Outcome.failed("structure.rows", "", READING, errors)
        if errors
        else Outcome("structure.rows", "", READING, Status.PASSED)
    )
    if report.tables_unreadable:
        # The reader's one finding says the tables were not understood and what to upload instead;
        # every other rule would only repeat it, cell by cell and part by part.
        others = _outcomes(AnnualReport(report.version), None, text, structure)
        unknown = [Outcome(o.rule, o.where, o.subject, Status.UNKNOWN, note="未能识别表格") for o in others]
        return list(report.reader_findings), [reading, *unknown]
    outcomes = _outcomes(report, previous, text, structure)
    return list(report.reader_findings) + [f for o in outcomes for f in o.findings], [reading, *outcomes]


def checklist(
    report: AnnualReport, previous: AnnualReport | None = None, *, text: bool = True, structure: bool = True
) -> list[Outcome]:
    return assess(report, previous, text=text, structure=structure)[1]


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
    return assess(report, previous, text=text, structure=structure)[0]


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
