"""Two years of one agency's annual report side by side (年报核查's "compare across years"): every
cell that changed and by how much, the chain checks between consecutive years (上年结转, 现行有效),
and sharp changes worth a reviewer's question (applications three times last year's). Pure Python:
the CLI (`xxgk compare`), the web page and the exports show the same Comparison."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xxgk.rules.checks import chain_outcomes
from xxgk.rules.report import AnnualReport, Cell, Outcome, Status, where_label

# The totals a reviewer asks about when they jump: (place, what it counts, unit).
KEY_CELLS: tuple[tuple[str, str, str], ...] = (
    ("三/new/total", "本年新收政府信息公开申请", "件"),
    ("三/handled_total/total", "办理结果总计", "件"),
    ("三/granted/total", "予以公开", "件"),
    ("三/carried_out/total", "结转下年度继续办理", "件"),
    ("四/review/total", "行政复议", "件"),
    ("四/suit_direct/total", "未经复议直接起诉的行政诉讼", "件"),
    ("四/suit_after_review/total", "复议后起诉的行政诉讼", "件"),
    ("二/normative_docs/in_force", "现行有效的行政规范性文件", "件"),
)
SHARP = 3  # ×3 or ÷3
SHARP_FROM = 10  # …when either year counts at least this many: 1 → 3 is not news


@dataclass(frozen=True)
class Change:
    where: str
    old: Cell
    new: Cell

    @property
    def label(self) -> str:
        return where_label(self.where)

    @property
    def delta(self) -> int | Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def shown_delta(self) -> str:
        d = self.delta
        return "" if d is None else (f"+{d}" if d > 0 else str(d))

    def as_dict(self) -> dict[str, Any]:
        def plain(v: Cell) -> int | str | None:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "where": self.where,
            "label": self.label,
            "old": plain(self.old),
            "new": plain(self.new),
            "delta": plain(self.delta),
        }


@dataclass
class Comparison:
    old: AnnualReport
    new: AnnualReport
    changes: list[Change] = field(default_factory=list)  # known in both years, different
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # not read in one year or both: not compared
    only_old: list[str] = field(default_factory=list)  # the formats differ (2019 / 2021)
    only_new: list[str] = field(default_factory=list)
    chain: list[Outcome] = field(default_factory=list)
    chain_note: str = ""  # why the chain is not checked, if it is not
    notes: list[str] = field(default_factory=list)  # sharp changes, other agencies…

    @property
    def title(self) -> str:
        name = self.new.agency or self.old.agency or "机关名称不明"
        return f"{name}{_year(self.old)}与{_year(self.new)}政府信息公开工作年度报告对比"

    @property
    def chain_failed(self) -> bool:
        return any(o.status is Status.FAILED for o in self.chain)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "old": {"agency": self.old.agency, "year": self.old.year, "version": str(self.old.version)},
            "new": {"agency": self.new.agency, "year": self.new.year, "version": str(self.new.version)},
            "changes": [c.as_dict() for c in self.changes],
            "unchanged": self.unchanged,
            "unknown": self.unknown,
            "only_old": self.only_old,
            "only_new": self.only_new,
            "chain": [o.as_dict() for o in self.chain],
            "chain_note": self.chain_note,
            "notes": self.notes,
        }


def _year(report: AnnualReport) -> str:
    return f"{report.year}年" if report.year else "(年度不明)"


def _cells(report: AnnualReport) -> dict[str, Cell]:
    return {where: row.get(col) for where, row, col, _ in report.cells()}


def compare(old: AnnualReport, new: AnnualReport) -> Comparison:
    """`new` against `old` (the earlier year). Cells are compared where both formats have them; the
    cells as read, never guessed: a cell not read in either year is listed as not compared."""
    if old.year and new.year and old.year > new.year:
        old, new = new, old
    result = Comparison(old, new)
    before, after = _cells(old), _cells(new)
    for where, value in after.items():
        if where not in before:
            result.only_new.append(where)
            continue
        was = before[where]
        if was is None or value is None:
            result.unknown.append(where)
        elif was != value:
            result.changes.append(Change(where, was, value))
        else:
            result.unchanged += 1
    result.only_old = [w for w in before if w not in after]
    if old.agency and new.agency and _plain(old.agency) != _plain(new.agency):
        result.notes.append(f"两份报告的机关不同:{old.agency} / {new.agency}")
    if old.year and new.year and new.year == old.year + 1:
        result.chain = chain_outcomes(new, old)
    else:
        result.chain_note = "两份报告不是相邻的两个年度,不核对上年结转和现行有效件数的衔接"
    for where, what, unit in KEY_CELLS:
        was, now = before.get(where), after.get(where)
        if was is None or now is None or max(was, now) < SHARP_FROM:
            continue
        if now >= SHARP * was or was >= SHARP * now:
            times = f"{now / was:.1f}倍" if was else "上年为0"
            result.notes.append(f"{what}由{_year(old)}的{was}{unit}变为{now}{unit}({times}),变化较大,请核实")
    return result


def summary(c: Comparison) -> str:
    compared = len(c.changes) + c.unchanged
    text = f"两年共有{compared}个单元格可以比较,其中{len(c.changes)}个有变化、{c.unchanged}个相同"
    return text + (f";另有{len(c.unknown)}个单元格在一方未能读出,未比较。" if c.unknown else "。")


def _plain(name: str) -> str:
    return "".join(name.split())


# --- exports ---------------------------------------------------------------------------------------


def _rows(c: Comparison) -> list[list[Any]]:
    rows: list[list[Any]] = [[ch.label, ch.old, ch.new, ch.shown_delta] for ch in c.changes]
    return [[label, _num(o), _num(n), d] for label, o, n, d in rows]


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, Decimal) else v


def as_xlsx(c: Comparison) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from xxgk.ledgers import append_safe

    wb = Workbook()
    sheet = wb.active
    sheet.title = "变化"
    append_safe(sheet, ["位置", _year(c.old), _year(c.new), "增减"])
    for row in _rows(c):
        append_safe(sheet, row)
    sheet.column_dimensions["A"].width = 70
    chain = wb.create_sheet("衔接")
    append_safe(chain, ["结果", "检查内容", "一方", "另一方", "说明"])
    for o in c.chain:
        append_safe(chain, [o.status.label, o.subject, o.left, o.right, o.note])
    if c.chain_note:
        append_safe(chain, ["无法判断", c.chain_note, "", "", ""])
    notes = wb.create_sheet("提示")
    append_safe(notes, ["提示"])
    for note in c.notes + [f"未能比较(一方未读出):{where_label(w)}" for w in c.unknown]:
        append_safe(notes, [note])
    for ws in (sheet, chain, notes):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_docx(c: Comparison) -> bytes:
    from xxgk.reports.write import gbt9704

    doc = gbt9704.new_document()
    gbt9704.title(doc, c.title)
    gbt9704.paragraph(doc, summary(c))
    for note in c.notes:
        gbt9704.paragraph(doc, note)
    failed = [o for o in c.chain if o.status is Status.FAILED]
    if c.chain_note:
        gbt9704.paragraph(doc, c.chain_note)
    elif failed:
        for o in failed:
            gbt9704.paragraph(doc, f"衔接不符:{o.subject}({o.left};{o.right})")
    else:
        gbt9704.paragraph(doc, "上年结转与现行有效件数的衔接核对无误。")
    if c.changes:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["位置", _year(c.old), _year(c.new), "增减"], strict=True):
            cell.text = text
        for row in _rows(c):
            cells = table.add_row().cells  # a row's own cells: python-docx's table.cell() is quadratic
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)
    return bytes(gbt9704.to_bytes(doc))
