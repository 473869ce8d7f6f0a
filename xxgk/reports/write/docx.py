"""DOCX in the official document style (GB/T 9704-2012): A4, margins 37/35/28/26 mm,
方正小标宋简体 二号 title, 黑体 三号 headings, 仿宋_GB2312 三号 body; fonts named so that they
render on an agency's Windows or WPS, with a fallback named for other systems."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xxgk.reports.layout import Grid, grids, title_of
from xxgk.rules.formats import SECTIONS
from xxgk.rules.report import AnnualReport

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"


def _font(run, east_asian: str, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _paragraph(doc, text: str, font: str, size: float, *, indent: bool = True, center: bool = False):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # 28 pt fixed line spacing: 22 lines a page as GB/T 9704 asks
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), font, size)
    return p


def _table(doc, grid: Grid) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            top_left = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                top_left = top_left.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            top_left.text = ""
            para = top_left.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(cell.text), BODY_FONT, 9 if grid.columns > 10 else 10.5)
            c += cell.colspan


def render_docx(report: AnnualReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _paragraph(doc, title_of(report), TITLE_FONT, 22, indent=False, center=True)
    for line in report.preamble.split("\n"):
        if line:
            _paragraph(doc, line, BODY_FONT, 16)
    tables = grids(report)
    for key, title in SECTIONS:
        _paragraph(doc, f"{key}、{title}", HEADING_FONT, 16)
        sec = report.section(key)
        if sec and sec.text:
            for line in sec.text.split("\n"):
                if line:
                    _paragraph(doc, line, BODY_FONT, 16)
        if key in tables:
            _table(doc, tables[key])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
