"""PDF with a text layer (pdfplumber): ruled tables as cells, the rest as paragraphs, page by page
in reading order; a table that runs over a page break simply continues in the token stream."""

from __future__ import annotations

import io
import re

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


def tokenize_pdf(data: bytes) -> list[Token]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from xxgk.reports.read import UnreadableReport

    tokens: list[Token] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableReport(f"不是有效的 PDF 文件:{exc}") from None
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

    with pdf:
        last_row: dict[int, int] = {}  # column → index in tokens of the last table row's cells
        row_number = [0]  # table rows through the document
        for page_no, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            items: list[tuple[float, str, object]] = []
            for line in page.extract_text_lines(return_chars=False):
                mid_y = (line["top"] + line["bottom"]) / 2
                inside = any(
                    b[0] - 1 <= line["x0"] and line["x1"] <= b[2] + 1 and b[1] <= mid_y <= b[3] for b in boxes
                )
                if not inside:
                    items.append((line["top"], "line", line["text"]))
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
                rows = payload.extract()  # type: ignore[attr-defined]
                if page_top and rows and _continues(rows[0], last_row, tokens):
                    # A row broken over the page: its label's second half joins the first.
                    for c, index in last_row.items():
                        rest = (rows[0][c] or "").replace("\n", "") if c < len(rows[0]) else ""
                        if rest:
                            tokens[index] = cell(
                                tokens[index].text + rest, tokens[index].loc, tokens[index].row
                            )
                    rows = rows[1:]
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
                            tokens.append(cell(value.replace("\n", ""), loc, row_number[0]))
                page_top = False
        flush(len(pdf.pages))
    return tokens
