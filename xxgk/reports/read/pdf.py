"""PDF with a text layer (read by pdf_layout.py): ruled tables as cells, the rest as paragraphs, page
by page in reading order; a table that runs over a page break simply continues in the token stream."""

from __future__ import annotations

import re
from typing import Any

from xxgk.reports.tokens import Token, cell, is_value_like, para

_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))])")
_SENTENCE_END = ("。", ":", ":", ";", ";", "!", "?")
_PAGE_NUMBER = re.compile(r"^[\s—\-–－]*(?:第\s*)?\d+\s*(?:页)?[\s—\-–－]*(?:共\s*\d+\s*页)?$")
_NUMBER = re.compile(r"[\d.,,\s-]+")
_TITLE_LINE = re.compile(r"信息公开.{0,12}报告$")


def _standalone(text: str) -> bool:
    """A heading or the title: a short line of its own, never joined with the next one."""
    short = len(text) <= 40 and not text.endswith(_SENTENCE_END)
    return short and bool(_HEADING_START.match(text) or _TITLE_LINE.search(text))


def _continues(first: list[str | None], last_row: dict[int, int], tokens: list[Token]) -> bool:
    """Whether a page's first table row is the rest of the previous page's last row: some text, no
    number anywhere, and empty wherever the previous row had a number (a repeated header is not)."""
    texts = {c: (v or "").strip() for c, v in enumerate(first)}
    if not last_row or not any(texts.values()) or any(_NUMBER.fullmatch(t) for t in texts.values() if t):
        return False
    if not any(_NUMBER.fullmatch(tokens[i].text) for i in last_row.values()):
        return False  # the previous row is a header (a table starting at a page's foot), not a cut row
    return all(not texts.get(c) for c, i in last_row.items() if _NUMBER.fullmatch(tokens[i].text))


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def tokenize_pdf(data: bytes) -> list[Token]:
    from pypdfium2 import PdfiumError

    from xxgk.reports.read import UnreadableReport
    from xxgk.reports.read.pdf_layout import pages

    tokens: list[Token] = []
    lines_open: list[str] = []

    def flush(page_no: int) -> None:
        if lines_open:
            tokens.append(para("".join(lines_open), f"第{page_no}页"))
            lines_open.clear()

    def add_line(text: str, page_no: int) -> None:
        # A paragraph runs over several lines: join them until a heading or a sentence end.
        if lines_open and (
            _HEADING_START.match(text)
            or _standalone(lines_open[-1])
            or lines_open[-1].endswith(_SENTENCE_END)
        ):
            flush(page_no)
        lines_open.append(text)

    last_row: dict[int, int] = {}  # column → index in tokens of the last table row's cells
    row_number = [0]  # table rows through the document
    page_no = 0
    try:
        for layout in pages(data):
            page_no = layout.number
            tables = layout.tables()
            boxes = [t.bbox for t in tables]

            def inside(
                char: dict[str, object], boxes: list[tuple[float, float, float, float]] = boxes
            ) -> bool:
                x = (char["x0"] + char["x1"]) / 2  # type: ignore[operator]
                y = (char["top"] + char["bottom"]) / 2  # type: ignore[operator]
                return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            items: list[tuple[float, str, object]] = [
                (line.top, "line", line.text)
                for line in layout.text_lines([c for c in layout.chars if not inside(c)])
            ]
            for table in tables:
                items.append((table.bbox[1], "table", table))
            items.sort(key=lambda item: item[0])
            page_top = True  # nothing but a page number met on this page yet
            for _top, kind, payload in items:
                if kind == "line":
                    text = str(payload).strip()
                    if _PAGE_NUMBER.match(text):
                        continue  # the page's number in its footer, not part of the text
                    last_row = {}
                    add_line(text, page_no)
                    page_top = False
                    continue
                marked = layout.table_rows(payload)
                rows = [[v for v, _, _ in row] for row in marked]
                if page_top and rows and _continues(rows[0], last_row, tokens):
                    # A row broken over the page: its label's second half joins the first.
                    for c, index in last_row.items():
                        rest = (rows[0][c] or "").replace("\n", "") if c < len(rows[0]) else ""
                        if rest:
                            tokens[index] = cell(
                                tokens[index].text + rest, tokens[index].loc, tokens[index].row
                            )
                    rows, marked = rows[1:], marked[1:]
                for r, row in enumerate(rows, start=1):
                    filled = [v.replace("\n", "") for v in row if v is not None and v.strip()]
                    if len(filled) == 1 and not is_value_like(filled[0]):
                        # A row of one cell of text: a page framed as a table (the whole report in
                        # ruled boxes), a heading, or a note: text, not a table row.
                        last_row = {}
                        add_line(filled[0].strip(), page_no)
                        continue
                    flush(page_no)
                    row_number[0] += 1
                    last_row = {}
                    for c, value in enumerate(row):
                        if value is not None:  # None: covered by a merged cell
                            last_row[c] = len(tokens)
                            loc = f"第{page_no}页表格第{r}行第{c + 1}格"
                            _, uncertain, other = marked[r - 1][c]
                            tokens.append(cell(value.replace("\n", ""), loc, row_number[0], uncertain, other))
                page_top = False
    except PdfiumError as exc:
        raise UnreadableReport(f"不是有效的 PDF 文件:{exc}") from None
    flush(page_no)
    return tokens
