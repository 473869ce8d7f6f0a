"""Token stream → AnnualReport: find the sections, recognise the format, read every table cell.

Rows are found by their labels, in the order of the format, so that layouts that differ in header
rows, padding cells or merged cells read the same. Nothing is guessed: a cell that is empty or not
a number is None with a finding naming the row, the column and where in the source it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.reports.tokens import Kind, Token, is_value_like, label_key, parse_value
from xxgk.rules.formats import (
    SECTIONS,
    ReportFormat,
    ReportVersion,
    ValueKind,
    report_format,
    version_for_year,
)
from xxgk.rules.report import AnnualReport, Finding, Section, Severity

E, W = Severity.ERROR, Severity.WARNING

_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(\S.{0,38})$")
_SECTION_WORDS = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("申请",),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他",),
}
_TITLE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年度?(?!\d).*?信息公开.*?报告")
_YEAR_IN_TEXT = re.compile(r"(?:^|现将|本报告[^。]{0,20}?|截至)(\d{4})\s*年")

_MARKERS_2019 = (
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
    "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额", "处理决定数量",
)  # fmt: skip
_MARKERS_2021 = (
    "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
    "申请人无正当理由逾期不补正", "申请人逾期未按收费通知",
)  # fmt: skip
_APPEAL_HEADERS = {
    label_key(t)
    for t in (
        "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
        "未经复议直接起诉", "复议后起诉",
    )
}  # fmt: skip
_ALTERNATIVE_LABELS = {"normative_docs": ("规范性文件", "行政规范性文件")}


def interpret(tokens: list[Token], source: str = "") -> AnnualReport:
    findings: list[Finding] = []
    preamble, sections, title = _split_sections(tokens)
    cells = [t for t in tokens if t.kind is Kind.CELL]
    year, agency = _year_and_agency(title, preamble, sections)
    version = _detect_version(cells, year, findings)
    report = AnnualReport.blank(version, fill=None, year=year, agency=agency, source=source)
    report.sections = sections
    report.preamble = preamble
    fmt = report_format(version)
    proactive, applications, appeals = _regions(cells)
    _read_proactive(proactive, fmt, report, findings)
    _read_applications(applications, fmt, report, findings)
    _read_appeals(appeals, fmt, report, findings)
    report.reader_findings = findings
    return report


# --- narrative ------------------------------------------------------------------------------------


def _heading(text: str) -> tuple[str, str] | None:
    m = _HEADING.match(text)
    if not m:
        return None
    key, title = m.group(1), m.group(2).strip()
    if any(word in title for word in _SECTION_WORDS[key]):
        return key, title
    return None


def _split_sections(tokens: list[Token]) -> tuple[str, list[Section], str]:
    before: list[str] = []
    sections: list[Section] = []
    current: list[str] | None = None
    for token in tokens:
        if token.kind is not Kind.PARA or not token.text:
            continue
        head = _heading(token.text)
        if head is not None:
            current = []
            sections.append(Section(head[0], head[1]))
            continue
        if current is None:
            before.append(token.text)
        else:
            sections[-1].text += ("\n" if sections[-1].text else "") + token.text
    title = ""
    for text in before:
        if len(text) <= 80 and _TITLE.search(text):
            title = text
    preamble = "\n".join(t for t in before if t != title)
    return preamble, sections, title


def _year_and_agency(title: str, preamble: str, sections: list[Section]) -> tuple[int | None, str | None]:
    m = _TITLE.search(title) if title else None
    if m:
        # A year is read digit by digit: 2020, 二〇二〇 or 二零二零.
        digits = m.group(1).translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))
        year = int(digits) if digits.isdigit() else None
        agency = re.sub(r"[\s::]+$", "", title[: m.start()]).strip() or None
        return year, agency
    first = (
        preamble.split("\n", 1)[0] if preamble else (sections[0].text.split("\n", 1)[0] if sections else "")
    )
    ym = _YEAR_IN_TEXT.search(first)
    return (int(ym.group(1)) if ym else None), None


# --- tables ---------------------------------------------------------------------------------------


def _detect_version(cells: list[Token], year: int | None, findings: list[Finding]) -> ReportVersion:
    keys = [label_key(c.text) for c in cells]
    score19 = sum(any(k.startswith(m) for k in keys) for m in _MARKERS_2019) + ("本年新" in keys)
    score21 = sum(any(k.startswith(m) for k in keys) for m in _MARKERS_2021)
    if score19 > score21:
        return ReportVersion.V2019
    if score21 > score19:
        return ReportVersion.V2021
    fallback = version_for_year(year) if year and year >= 2019 else ReportVersion.V2021
    if cells:
        msg = f"无法从表格表头识别年报格式版本,按{fallback.value}版格式读取"
        findings.append(Finding("structure.version_year", W, msg, "二"))
    else:
        findings.append(Finding("structure.rows", E, "未找到年报表格(第二、三、四部分的统计表)", "二"))
    return fallback


def _regions(cells: list[Token]) -> tuple[list[Token], list[Token], list[Token]]:
    keys = [label_key(c.text) for c in cells]
    apps = next(
        (
            i
            for i, k in enumerate(keys)
            if k.startswith(("本列数据的勾稽关系", "申请人情况")) or k.startswith("本年新收政府信息公开申请")
        ),
        len(cells),
    )
    appeals = next((i for i in range(apps, len(cells)) if keys[i] == "行政复议"), len(cells))
    return cells[:apps], cells[apps:appeals], cells[appeals:]


def _matches(text: str, labels: tuple[str, ...]) -> bool:
    key = label_key(text)
    if not key:
        return False
    for label in labels:
        want = label_key(label)
        if key == want:
            return True
        # Cut-short or annotated labels, but never for short ones such as 其他 or 总计.
        if len(want) > 2 and len(key) >= 4 and (want.startswith(key) or key.startswith(want)):
            return True
    return False


@dataclass
class _Row:
    section: str
    code: str
    label: str
    labels: tuple[str, ...]
    columns: tuple[tuple[str, str, ValueKind], ...]  # code, label, kind


def _read_rows(
    cells: list[Token], rows: list[_Row], table: dict[str, dict[str, object]], findings: list[Finding]
) -> None:
    cursor = 0

    def stands_for_value(text: str) -> bool:
        # A number, a blank, or short text that is no label (十, 无数据): a value that cannot be read.
        if is_value_like(text):
            return True
        return len(label_key(text)) < 4 and not any(_matches(text, r.labels) for r in rows)

    for row in rows:
        j = next((i for i in range(cursor, len(cells)) if _matches(cells[i].text, row.labels)), None)
        if j is None:
            msg = f"第{row.section}部分未找到“{row.label}”行"
            findings.append(Finding("structure.rows", E, msg, f"{row.section}/{row.code}"))
            continue
        k = j + 1
        for col_code, col_label, kind in row.columns:
            where = f"{row.section}/{row.code}/{col_code}"
            if k >= len(cells) or not stands_for_value(cells[k].text):
                loc = cells[j].loc
                msg = f"第{row.section}部分“{row.label}”行缺少“{col_label}”栏({loc})"
                findings.append(Finding("values.non_negative_integer", E, msg, where))
                continue
            value, problem = parse_value(cells[k].text, kind)
            if problem:
                msg = f"第{row.section}部分“{row.label}”行“{col_label}”栏{problem}({cells[k].loc})"
                findings.append(Finding("values.non_negative_integer", E, msg, where))
            table[row.code][col_code] = value
            k += 1
        cursor = k


def _read_proactive(cells: list[Token], fmt: ReportFormat, report: AnnualReport, out: list[Finding]) -> None:
    rows = [
        _Row(
            "二",
            item.code,
            item.label,
            _ALTERNATIVE_LABELS.get(item.code, (item.label,)),
            tuple((c.code, c.label, c.kind) for c in item.columns),
        )
        for item in fmt.proactive
    ]
    _read_rows(cells, rows, report.proactive, out)  # type: ignore[arg-type]


def _read_applications(
    cells: list[Token], fmt: ReportFormat, report: AnnualReport, out: list[Finding]
) -> None:
    columns = tuple((c.code, c.label, c.kind) for c in fmt.application_columns)
    rows = [_Row("三", r.code, r.label, (r.label,), columns) for r in fmt.application_rows]
    # The header must name the applicant columns in the standard order, or the numbers mean otherwise.
    # (总计 spans the header's two rows, so in reading order it may come before 商业企业.)
    first_row = next((i for i, c in enumerate(cells) if _matches(c.text, rows[0].labels)), len(cells))
    header = [label_key(c.text) for c in cells[:first_row]]
    kinds = [label_key(c.label) for c in fmt.application_columns if c.code != "total"]
    positions = [header.index(k) if k in header else -1 for k in kinds]
    standard = -1 not in positions and positions == sorted(positions) and "总计" in header
    if cells and not standard:
        msg = (
            "第三部分表头的申请人类别与标准格式不符"
            "(应依次为自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计)"
        )
        out.append(Finding("structure.rows", E, msg, "三"))
    _read_rows(cells, rows, report.applications, out)  # type: ignore[arg-type]


def _read_appeals(cells: list[Token], fmt: ReportFormat, report: AnnualReport, out: list[Finding]) -> None:
    slots = [(g, label, c) for g, label in fmt.appeal_groups for c in fmt.appeal_columns]
    if not cells:
        out.append(Finding("structure.rows", E, "第四部分未找到行政复议、行政诉讼情况表", "四"))
        return
    last_header = max((i for i, c in enumerate(cells) if label_key(c.text) in _APPEAL_HEADERS), default=-1)
    values = cells[last_header + 1 :]
    # Layouts pad the header's last row (and the table's end) with blank cells: drop blanks only
    # while more cells remain than there are numbers to read, so a blank number stays a blank.
    while len(values) > len(slots) and not values[0].text:
        values = values[1:]
    while len(values) > len(slots) and not values[-1].text:
        values = values[:-1]
    values = values[: len(slots)]
    for n, (group, group_label, col) in enumerate(slots):
        where = f"四/{group}/{col.code}"
        if n >= len(values) or not is_value_like(values[n].text):
            msg = f"第四部分“{group_label}”缺少“{col.label}”栏"
            out.append(Finding("values.non_negative_integer", E, msg, where))
            continue
        value, problem = parse_value(values[n].text, col.kind)
        if problem:
            msg = f"第四部分“{group_label}”的“{col.label}”栏{problem}({values[n].loc})"
            out.append(Finding("values.non_negative_integer", E, msg, where))
        report.appeals[group][col.code] = value


SECTION_TITLES = dict(SECTIONS)
