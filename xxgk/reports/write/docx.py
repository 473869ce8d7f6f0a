"""The annual report as DOCX in the official document style (gbt9704.py), tables merged as printed."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xxgk.reports.layout import Grid, grids, title_of
from xxgk.reports.write.gbt9704 import BODY_FONT, heading, new_document, paragraph, set_font, title, to_bytes
from xxgk.rules.formats import SECTIONS
from xxgk.rules.report import AnnualReport
from xxgk.textsafe import clean


def _table(doc, grid: Grid) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    taken: set[tuple[int, int]] = set()
    # The grid's cells read once: table.cell() rebuilds the whole grid on every call (quadratic, a
    # second and more for a report). Each position is used before any merge covers it, so the cells
    # read here are still those of the document when used.
    cells = table._cells
    width = grid.columns
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            top_left = cells[r * width + c]
            if cell.rowspan > 1 or cell.colspan > 1:
                top_left = top_left.merge(cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            top_left.text = ""
            para = top_left.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(para.add_run(clean(cell.text)), BODY_FONT, 9 if grid.columns > 10 else 10.5)
            c += cell.colspan


def render_docx(report: AnnualReport) -> bytes:
    doc = new_document()
    title(doc, title_of(report))
    for line in report.preamble.split("\n"):
        if line:
            paragraph(doc, line)
    tables = grids(report)
    for key, name in SECTIONS:
        heading(doc, f"{key}、{name}")
        sec = report.section(key)
        if sec and sec.text:
            for line in sec.text.split("\n"):
                if line:
                    paragraph(doc, line)
        if key in tables:
            _table(doc, tables[key])
    return to_bytes(doc)
