"""The official document style (GB/T 9704-2012) for every DOCX xxgk writes: A4, margins
37/35/28/26 mm, 方正小标宋简体 二号 title, 黑体 三号 headings, 仿宋_GB2312 三号 body, 28 pt lines.
Fonts are named so that they render on an agency's Windows or WPS."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xxgk.textsafe import clean

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_SIZE, BODY_SIZE = 22, 16  # 二号, 三号


def new_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def set_font(run: Any, east_asian: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def paragraph(
    doc: Any,
    text: str,
    font: str = BODY_FONT,
    size: float = BODY_SIZE,
    *,
    indent: bool = True,
    align: str = "",
) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # fixed 28 pt: 22 lines a page
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(p.add_run(clean(text)), font, size)
    return p


def title(doc: Any, text: str) -> Any:
    return paragraph(doc, text, TITLE_FONT, TITLE_SIZE, indent=False, align="center")


def heading(doc: Any, text: str) -> Any:
    return paragraph(doc, text, HEADING_FONT, BODY_SIZE)


def to_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
