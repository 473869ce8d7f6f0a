"""Token stream → AnnualReport: find the sections, recognise the format, read every table cell.

Rows are found by their labels, in the order of the format, so that layouts that differ in header
rows, padding cells or merged cells read the same. Nothing is guessed: a cell that is empty or not
a number is None with a finding naming the row, the column and where in the source it stands.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass

from xxgk.reports.tokens import (
    Kind,
    Parsed,
    Token,
    is_blank,
    is_value_like,
    label_key,
    label_similarity,
    parse_value,
)
from xxgk.rules.checks import appeals_group_total, apps_balance, apps_handled_sum, apps_row_total
from xxgk.rules.formats import (
    OTHER_2019,
    OTHER_2021_ROWS,
    SECTIONS,
    ReportFormat,
    ReportVersion,
    ValueKind,
    report_format,
    version_for_year,
)
from xxgk.rules.report import AnnualReport, Cell, Finding, Section, Severity, Status

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
_APPEAL_COLUMN_WORDS = {label_key(t) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")}
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
    findings = _resolve_by_totals(report, findings)
    report.reader_findings = _tables_not_found(findings, fmt)
    return report


# Said when none of the three tables could be read: what to do, not dozens of findings about rows
# and cells of a table that was never found.
UNREADABLE_TABLES = (
    "未能识别表格:第二、三、四部分的统计表均未能读出(常见于网页转存或抓取的文字,表格的单元格已连在一起),"
    "未据此核查任何数字。请上传原始文件(PDF、DOCX 或网页原文)"
)


def _tables_not_found(findings: list[Finding], fmt: ReportFormat) -> list[Finding]:
    """A table of which no row was found is one finding at its section (第X部分未找到统计表), not one
    per row; when no table was found at all, the report gets one finding saying so, and nothing else
    the reader would have said about rows, cells, headers or the format version."""
    expected = {
        "二": {item.code for item in fmt.proactive},
        "三": {row.code for row in fmt.application_rows},
    }
    missing: dict[str, set[str]] = {key: set() for key in expected}
    for f in findings:
        section, _, rest = f.where.partition("/")
        if f.rule == "structure.rows" and section in missing and rest and "/" not in rest:
            missing[section].add(rest)
    lost = {key for key, rows in expected.items() if rows <= missing[key]}
    lost |= {f.where for f in findings if f.rule == "structure.rows" and f.where in ("二", "四")}
    if {"二", "三", "四"} <= lost:
        return [Finding("structure.tables", E, UNREADABLE_TABLES, "")]
    kept = [f for f in findings if f.where.partition("/")[0] not in lost]
    for key in sorted(lost):
        title = dict(SECTIONS)[key]
        msg = f"第{key}部分“{title}”未找到统计表,未核查该部分的数字;可上传原始文件(PDF、DOCX 或网页原文)"
        kept.append(Finding("structure.rows", E, msg, key))
    return kept


# --- narrative ------------------------------------------------------------------------------------


# Spaces between Chinese characters are layout (justified or letter-spaced headings: 三 、收 到 和 处 理).
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def _heading(text: str) -> tuple[str, str] | None:
    text = _CJK_SPACE.sub("", unicodedata.normalize("NFKC", text).strip())
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
        if agency is None:
            # 2019年上海市人民政府办公厅政府信息公开工作年度报告: the agency stands after the year.
            after = re.match(
                r"\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?\s*(.{2,40}?)政府信息公开",
                title[m.start() :],
            )
            agency = after.group(1).strip() if after else None
        return year, agency or _agency_in_text(preamble, sections)
    first = (
        preamble.split("\n", 1)[0] if preamble else (sections[0].text.split("\n", 1)[0] if sections else "")
    )
    ym = _YEAR_IN_TEXT.search(first)
    return (int(ym.group(1)) if ym else None), _agency_in_text(preamble, sections)


# 本报告由淮安市洪泽区人民政府办公室根据《条例》编制: the agency, not the office that drafts for it.
_AGENCY_IN_TEXT = re.compile(r"本报告(?:是)?由([^,,。;;《]{2,30}?)(?:办公室|办公厅)?(?:根据|依据|按照|编制)")


def _agency_in_text(preamble: str, sections: list[Section]) -> str | None:
    first = preamble or (sections[0].text if sections else "")
    m = _AGENCY_IN_TEXT.search(first[:400])
    return m.group(1).strip() if m else None


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
    """A cell that is one of these labels as printed (exactly, or cut short, or annotated)."""
    key = label_key(text)
    return bool(key) and max(label_similarity(key, label_key(x)) for x in labels) >= 0.9


@dataclass
class _Row:
    section: str
    code: str
    label: str
    labels: tuple[str, ...]
    columns: tuple[tuple[str, str, ValueKind], ...]  # code, label, kind
    optional: bool = False  # a layout deviation's row: no finding when it is not printed


# A printed label matches a row of the format from this similarity on (2.其他法律行政止公开 for
# 2.其他法律行政法规禁止公开 scores 0.86; unrelated labels of the same table score below 0.5).
_MATCH = 0.6


@dataclass(frozen=True)
class _Match:
    row: int  # index into the rows
    start: int  # first cell of the printed label
    end: int  # last cell of the printed label (a label broken over two cells ends one later)
    printed: str  # the label as printed, for a warning when it differs from the format's


def _align(cells: list[Token], rows: list[_Row], is_value: list[bool]) -> list[_Match]:
    """Find each row's printed label: the format's rows in order against the label cells in order
    (an alignment, as of two sequences), each pair scored by label similarity. A label stands before
    a value; it may be broken over two cells or follow its group's heading (三、不予公开)."""
    keys = [label_key(c.text) if not is_value[i] else "" for i, c in enumerate(cells)]

    def same_row(i: int, j: int) -> bool:
        return cells[i].row is None or cells[i].row == cells[j].row

    def followed_by_value(end: int) -> bool:
        return end + 1 < len(cells) and is_value[end + 1] and same_row(end, end + 1)

    wanted = [tuple(label_key(x) for x in row.labels) for row in rows]
    # Candidates: (start, end, printed key) of every way a label can stand before a value.
    options: list[tuple[int, int, str]] = []
    for i, key in enumerate(keys):
        if not key:
            continue
        if followed_by_value(i):
            options.append((i, i, key))
            if i > 0 and keys[i - 1]:
                options.append((i - 1, i, keys[i - 1] + key))
        if i + 1 < len(cells) and keys[i + 1] and followed_by_value(i + 1):
            options.append((i, i + 1, key + keys[i + 1]))
    options.sort(key=lambda o: (o[0], o[1]))
    n, m = len(rows), len(options)
    scores = [[max(label_similarity(o[2], w) for w in wanted[r]) for o in options] for r in range(n)]
    # next_free[k]: the first option that starts after option k's label and values begin.
    next_free = [next((q for q in range(k + 1, m) if options[q][0] > options[k][1]), m) for k in range(m)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    choice: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip row, 1 skip option, 2 match
    for r in range(n - 1, -1, -1):
        for k in range(m, -1, -1):
            value, how = best[r + 1][k], 0
            if k < m:
                if best[r][k + 1] > value:
                    value, how = best[r][k + 1], 1
                s = scores[r][k]
                if s >= _MATCH and s + best[r + 1][next_free[k]] > value:
                    value, how = s + best[r + 1][next_free[k]], 2
            best[r][k], choice[r][k] = value, how
    found: list[_Match] = []
    r = k = 0
    while r < n and k <= m:
        how = choice[r][k]
        if how == 0:
            r += 1
        elif how == 1:
            k += 1
        else:
            start, end, printed = options[k]
            own = keys[end]
            if any(w == own or (len(w) >= 4 and w in own) for w in wanted[r]):
                printed = own  # the label itself is as the format prints it
            found.append(_Match(r, start, end, printed))
            r, k = r + 1, next_free[k]
    return found


def _values_after(
    cells: list[Token], match: _Match, stop: int, is_value: list[bool], count: int
) -> list[Token]:
    """The cells that hold a row's values: the rest of its table row where the source has rows,
    else the value cells that follow its label. Padding left by merged label cells is dropped."""
    first = match.end + 1
    row = cells[match.end].row
    if row is not None and first < len(cells) and cells[first].row == row:
        segment = [c for c in cells[first:stop] if c.row == row]
    else:
        segment = []
        for j in range(first, stop):
            if not is_value[j]:
                break
            segment.append(cells[j])
    return _without_padding(segment, count)


def _without_padding(cells: list[Token], count: int) -> list[Token]:
    """The `count` cells that hold numbers: layouts pad a row (after a merged label) or a header's
    last row with blank cells, so blanks are dropped at either end only while more cells remain than
    there are numbers to read; a blank number stays a blank."""
    while len(cells) > count and is_blank(cells[0].text):
        cells = cells[1:]
    while len(cells) > count and is_blank(cells[-1].text):
        cells = cells[:-1]
    return cells[:count]


def _parse_cell(token: Token, kind: ValueKind, shown: str, where: str, findings: list[Finding]) -> Parsed:
    """A value cell's number. A cell OCR could not read with confidence is a warning that names it
    (the reviewer checks it against the scan); its value is kept only if it reads as a number, and
    one that does not stays unknown, never a guess."""
    parsed = parse_value(token.text, kind)
    if token.uncertain:
        read = f"识别为“{token.text}”" if token.text else "有字迹但未能识别"
        msg = f"{shown}为扫描件识别结果,{read},可能有误,请对照原件核对({token.loc})"
        findings.append(Finding("values.uncertain", W, msg, where))
        if parsed.problem:
            return Parsed(None)
    elif parsed.problem:
        msg = f"{shown}{parsed.problem}({token.loc})"
        findings.append(Finding("values.non_negative_integer", E, msg, where))
    return parsed


def _read_rows(
    cells: list[Token],
    rows: list[_Row],
    table: dict[str, dict[str, object]],
    findings: list[Finding],
    units: dict[str, str],
    alternatives: dict[str, Cell],
) -> set[str]:
    """Read every row's values into `table`; returns the codes of the rows found."""

    def stands_for_value(text: str) -> bool:
        # A number, a blank, or short text that is no label (十, 无数据): a value that cannot be read.
        if is_value_like(text):
            return True
        return len(label_key(text)) < 4 and not any(_matches(text, r.labels) for r in rows)

    # A cell OCR marked uncertain holds a figure, whatever it was misread as.
    is_value = [c.uncertain or stands_for_value(c.text) for c in cells]
    matches = _align(cells, rows, is_value)
    found: set[str] = set()
    for n, match in enumerate(matches):
        row = rows[match.row]
        found.add(row.code)
        table.setdefault(row.code, {})
        stop = matches[n + 1].start if n + 1 < len(matches) else len(cells)
        values = _values_after(cells, match, stop, is_value, len(row.columns))
        printed = match.printed
        if printed not in {label_key(x) for x in row.labels}:
            shown = cells[match.end].text if match.start == match.end else printed
            loc = cells[match.end].loc
            msg = f"第{row.section}部分“{shown}”行与标准格式的“{row.label}”不同,按该行读取({loc})"
            findings.append(Finding("structure.labels", W, msg, f"{row.section}/{row.code}"))
        for k, (col_code, col_label, kind) in enumerate(row.columns):
            where = f"{row.section}/{row.code}/{col_code}"
            if k >= len(values):
                msg = f"第{row.section}部分“{row.label}”行缺少“{col_label}”栏({cells[match.end].loc})"
                findings.append(Finding("values.non_negative_integer", E, msg, where))
                table[row.code][col_code] = None
                continue
            shown = f"第{row.section}部分“{row.label}”行“{col_label}”栏"
            parsed = _parse_cell(values[k], kind, shown, where, findings)
            if parsed.unit:
                units[where] = parsed.unit
            table[row.code][col_code] = parsed.value
            _keep_alternative(values[k], kind, where, alternatives)
    for row in rows:
        if row.code not in found and not row.optional:
            msg = f"第{row.section}部分未找到“{row.label}”行"
            findings.append(Finding("structure.rows", E, msg, f"{row.section}/{row.code}"))
    return found


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
    _read_rows(cells, rows, report.proactive, out, report.units, report.alternatives)  # type: ignore[arg-type]
    # An amount column whose header states the unit (采购总金额(万元)) gives it to cells that do not.
    for item in fmt.proactive:
        for col in item.columns:
            if col.kind is not ValueKind.AMOUNT or col.unit:
                continue  # a format that states the unit in its header (万元) needs no note of it
            where = f"二/{item.code}/{col.code}"
            head = next((c for c in cells if label_key(c.text).startswith(label_key(col.label))), None)
            if head is None or where in report.units or report.proactive[item.code].get(col.code) is None:
                continue
            unit = re.search(r"(万元|亿元|元)", head.text)
            if unit:
                report.units[where] = unit.group(1)


def _read_applications(
    cells: list[Token], fmt: ReportFormat, report: AnnualReport, out: list[Finding]
) -> None:
    columns = tuple((c.code, c.label, c.kind) for c in fmt.application_columns)
    rows = [_Row("三", r.code, r.label, (r.label,), columns) for r in fmt.application_rows]
    deviation = None
    if fmt.version is ReportVersion.V2021:
        # Reports on 2021 and later printed in the 2019 layout's single （六）其他处理 row.
        deviation = OTHER_2019
        at = next(i for i, r in enumerate(rows) if r.code == "other_no_correction")
        rows.insert(at, _Row("三", deviation.code, deviation.label, (deviation.label,), columns, True))
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
    found = _read_rows(cells, rows, report.applications, out, report.units, report.alternatives)  # type: ignore[arg-type]
    if deviation is None or deviation.code not in found:
        return
    subrows = OTHER_2021_ROWS
    if any(code in found for code in subrows):
        # The 2021 rows are there: the single row was a heading that happened to stand before a number.
        del report.applications[deviation.code]
        return
    out[:] = [f for f in out if not (f.rule == "structure.rows" and f.where.split("/")[-1] in subrows)]
    report.not_printed.update(f"三/{code}" for code in subrows)
    msg = (
        f"{report.year or ''}{'年' if report.year else ''}报告使用2021版格式,但第三部分“（六）其他处理”"
        "按2019版格式只印一行(未分“逾期不补正”“逾期未缴费”“其他”三项):该行读作“其他处理”合计,三个分项为空"
    )
    out.append(Finding("structure.deviation", W, msg, "三/other"))


def _header_row(texts: list[str]) -> bool:
    return any(label_key(t) in _APPEAL_COLUMN_WORDS for t in texts)


def _read_appeals(cells: list[Token], fmt: ReportFormat, report: AnnualReport, out: list[Finding]) -> None:
    slots = [(g, label, c) for g, label in fmt.appeal_groups for c in fmt.appeal_columns]
    if not cells:
        out.append(Finding("structure.rows", E, "第四部分未找到行政复议、行政诉讼情况表", "四"))
        return
    if all(c.row is not None for c in cells):
        # Rows known: numbers come from the data rows, in order, however many tables (复议 and 诉讼
        # printed as two) or page breaks the section runs over; header rows and their padding do not count.
        values: list[Token] = []
        by_row: dict[int, list[Token]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(c)  # type: ignore[arg-type]
        for row_cells in by_row.values():
            texts = [c.text for c in row_cells]
            numbers = [c for c in row_cells if c.uncertain or is_value_like(c.text)]
            if _header_row(texts):
                continue
            if any(not is_blank(c.text) for c in numbers) or len(numbers) > len(row_cells) - len(numbers):
                values.extend(numbers)
    elif not any(label_key(c.text) in _APPEAL_HEADERS for c in cells):
        values = [c for c in cells if c.uncertain or is_value_like(c.text)]  # no header: numbers in order
    else:
        first_header = next(i for i, c in enumerate(cells) if label_key(c.text) in _APPEAL_HEADERS)
        values = []
        run: list[Token] = []
        for c in cells[first_header:]:
            if c.uncertain or is_value_like(c.text):
                run.append(c)
                continue
            # A run of blanks between header cells pads the header; a run with numbers is data
            # (section 四 printed as two tables, each with its header).
            if any(not is_blank(t.text) for t in run):
                values.extend(run)
            run = []
        values.extend(run)
    values = _without_padding(values, len(slots))
    for n, (group, group_label, col) in enumerate(slots):
        where = f"四/{group}/{col.code}"
        if n >= len(values):
            msg = f"第四部分“{group_label}”缺少“{col.label}”栏"
            out.append(Finding("values.non_negative_integer", E, msg, where))
            continue
        shown = f"第四部分“{group_label}”的“{col.label}”栏"
        report.appeals[group][col.code] = _parse_cell(values[n], col.kind, shown, where, out).value
        _keep_alternative(values[n], col.kind, where, report.alternatives)


def _keep_alternative(token: Token, kind: ValueKind, where: str, alternatives: dict[str, Cell]) -> None:
    if token.uncertain and token.alternative:
        other = parse_value(token.alternative, kind)
        if not other.problem and other.value is not None:
            alternatives[where] = other.value


# The sums an uncertain cell can stand in (rules.checks): which of OCR's two readings they hold with.
_SUMS = (apps_balance, apps_row_total, apps_handled_sum, appeals_group_total)


def _resolve_by_totals(report: AnnualReport, findings: list[Finding]) -> list[Finding]:
    """An uncertain cell of a scan is taken as certain when the table's sums decide: of its readings
    (the one taken, and OCR's other one where they disagree), exactly one makes every sum it stands
    in hold — sums all of whose other cells are certain — and any other fails. A linear sum has one
    solution, so that reading is the printed figure; two readings that both fail or both hold stay
    uncertain, never a guess. Cells settled make more sums decidable: repeated until nothing changes."""
    uncertain = {f.where for f in findings if f.rule == "values.uncertain"}
    settled: set[str] = set()
    changed = True
    while changed:
        changed = False
        for where in sorted(uncertain - settled):
            table, row, col = where.split("/")
            cells = getattr(report, _TABLES[table]).setdefault(row, {})
            readings = [v for v in (cells.get(col), report.alternatives.get(where)) if v is not None]
            if not readings:
                continue
            outcomes = {}
            for value in (None, *readings):
                trial = copy.copy(report)
                trial.reader_findings = findings  # what was not read stays unknown, not blank
                trial.proactive, trial.applications, trial.appeals = (
                    copy.deepcopy(report.proactive),
                    copy.deepcopy(report.applications),
                    copy.deepcopy(report.appeals),
                )
                for doubt in uncertain - settled - {where}:  # no sum leans on another doubtful cell
                    t, r, c = doubt.split("/")
                    getattr(trial, _TABLES[t]).setdefault(r, {})[c] = None
                getattr(trial, _TABLES[table]).setdefault(row, {})[col] = value
                counted = trial.counted()
                outcomes[value] = {(o.rule, o.where): o.status for check in _SUMS for o in check(counted)}
            judged = [k for k, status in outcomes[None].items() if status is Status.UNKNOWN]
            judged = [k for k in judged if outcomes[readings[0]].get(k) is not Status.UNKNOWN]
            holding = [v for v in readings if all(outcomes[v][k] is Status.PASSED for k in judged)]
            if judged and len(holding) == 1 and len(set(readings)) == len(readings):
                cells[col] = holding[0]
                settled.add(where)
                changed = True
    return [f for f in findings if not (f.rule == "values.uncertain" and f.where in settled)]


_TABLES = {"二": "proactive", "三": "applications", "四": "appeals"}


SECTION_TITLES = dict(SECTIONS)
