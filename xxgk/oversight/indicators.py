"""Indicators of each subordinate's disclosure work for the year, as a 公开办 checks them for 考核 and
社会评议: the 专栏's columns (国办公开办函〔2019〕61号 asks every 专栏 for 指南, 制度, 法定主动公开内容
and 年报), the 指南 kept up to date, 政策解读 with the normative documents, the annual report on time
(《条例》第四十九条), answers in time (第三十三条), complaints found true (第四十七条), and the entries
of the 标准目录 (国办发〔2019〕54号) published in time (catalogue.services.completeness). One row an
agency; each cell a value, and 达标 / 未达标 / 无法判断 with why."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from xxgk.agencies.models import Agency

MET, MISSED, UNKNOWN = "达标", "未达标", "无法判断"


@dataclass(frozen=True)
class Cell:
    value: str
    status: str
    why: str = ""


@dataclass
class Row:
    agency: Agency
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def missed(self) -> int:
        return sum(c.status == MISSED for c in self.cells.values())


COLUMNS = ("专栏栏目", "指南更新", "政策解读", "年报按时发布", "按期答复", "投诉举报属实", "标准目录")


def _columns(agency: Agency, year: int) -> Cell:
    from xxgk.annual.models import Report, ReportState
    from xxgk.publishing.models import Item, ItemState, PortalPage

    written = set(PortalPage.objects.filter(agency=agency).values_list("slug", flat=True))
    missing = [name for slug, name in (("guide", "公开指南"), ("system", "公开制度")) if slug not in written]
    if not Item.objects.filter(agency=agency, state=ItemState.PUBLISHED, published__year=year).exists():
        missing.append(f"{year}年的主动公开内容")
    if not Report.objects.filter(agency=agency, state=ReportState.PUBLISHED).exists():
        missing.append("年报")
    if missing:
        return Cell(f"缺{len(missing)}项", MISSED, "缺:" + "、".join(missing))
    return Cell("齐全", MET)


def _guide(agency: Agency, year: int) -> Cell:
    from xxgk.publishing.models import PortalPage

    page = PortalPage.objects.filter(agency=agency, slug="guide").first()
    if page is None:
        return Cell("未编写", MISSED, "专栏显示的是按机关信息生成的指南(《条例》第十二条),机关尚未编写")
    updated = timezone.localtime(page.updated_at).date()
    if updated.year < year:
        return Cell(f"{updated:%Y-%m-%d}", MISSED, f"{year}年内未更新")
    return Cell(f"{updated:%Y-%m-%d}", MET)


def _interpretations(agency: Agency, year: int) -> Cell:
    from xxgk.publishing.models import GenreRole, Item, ItemState

    docs = Item.objects.filter(
        agency=agency, genre__role=GenreRole.NORMATIVE, state=ItemState.PUBLISHED, published__year=year
    ).annotate(n=Count("interpretations", filter=Q(interpretations__state=ItemState.PUBLISHED)))
    total = docs.count()
    if not total:
        return Cell("本年无规范性文件", UNKNOWN)
    with_reading = docs.filter(n__gt=0).count()
    status = MET if with_reading == total else MISSED
    return Cell(
        f"{with_reading}/{total}", status, "" if status == MET else f"{total - with_reading}件无政策解读"
    )


def _report(agency: Agency, year: int, today: date) -> Cell:
    from xxgk.annual.models import Report, ReportState
    from xxgk.annual.summary import UNSET, due_date

    due = due_date(agency, year)
    report = Report.objects.filter(agency=agency, year=year, state=ReportState.PUBLISHED).first()
    if due is None:
        return Cell("—", UNKNOWN, UNSET)
    if report is None or report.published_at is None:
        return Cell("未发布", MISSED if today > due else UNKNOWN, f"应于{due:%Y-%m-%d}前发布")
    on = timezone.localtime(report.published_at).date()
    return Cell(f"{on:%Y-%m-%d}", MET if on <= due else MISSED, "" if on <= due else f"晚于{due:%Y-%m-%d}")


def _answers(agency: Agency, year: int) -> Cell:
    from xxgk.annual.selectors import timeliness

    t = timeliness(agency, year)
    if not t.total_on_time and not t.total_late:
        return Cell("本年无答复", UNKNOWN)
    return Cell(f"逾期{t.total_late}件", MET if not t.total_late else MISSED)


def _complaints(agency: Agency, year: int) -> Cell:
    from xxgk.oversight.models import Complaint

    true = Complaint.objects.filter(agency=agency, closed_on__year=year).exclude(
        conclusion__in=["", "unfounded"]
    )
    n = true.count()
    return Cell(f"{n}件", MET if n == 0 else MISSED)


def _catalogue(agency: Agency, year: int, today: date) -> Cell:
    from xxgk.catalogue.services import completeness

    lines = completeness(agency, year, today)
    if not lines:
        return Cell("未编制", UNKNOWN, "尚未编制政务公开事项标准目录(国办发〔2019〕54号)")
    late = [line for line in lines if line.coverage.status == "逾期"]
    value = f"{len(lines)}项,逾期{len(late)}项"
    return Cell(
        value, MISSED if late else MET, "逾期:" + "、".join(x.entry.matter for x in late[:5]) if late else ""
    )


def indicators(agencies: list[Agency], year: int, today: date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    rows = []
    for agency in agencies:
        row = Row(agency)
        row.cells = {
            "专栏栏目": _columns(agency, year),
            "指南更新": _guide(agency, year),
            "政策解读": _interpretations(agency, year),
            "年报按时发布": _report(agency, year - 1, today),
            "按期答复": _answers(agency, year),
            "投诉举报属实": _complaints(agency, year),
            "标准目录": _catalogue(agency, year, today),
        }
        rows.append(row)
    return rows


def as_xlsx(rows: list[Row], year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from xxgk.ledgers import append_safe

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年指标"
    append_safe(ws, ["机关", *[f"{c}" for c in COLUMNS for _ in (0, 1)], "未达标项数"])
    append_safe(ws, ["", *[x for _ in COLUMNS for x in ("数值", "结果")], ""])
    red = PatternFill("solid", fgColor="FFF0F0")
    for row in rows:
        values: list[Any] = [row.agency.name]
        for name in COLUMNS:
            cell = row.cells[name]
            values += [cell.value, cell.status + (f"({cell.why})" if cell.why else "")]
        append_safe(ws, [*values, row.missed])
        for n, name in enumerate(COLUMNS):
            if row.cells[name].status == MISSED:
                ws.cell(ws.max_row, 3 + 2 * n).fill = red
    for cell in ws[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
