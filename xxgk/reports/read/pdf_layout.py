"""A PDF page's text and ruled tables, read with PDFium (pypdfium2, in C) and laid out with
pdfplumber's table geometry.

pdfplumber alone parses every content stream in Python (pdfminer): ~300 ms for a five-page report,
so a region's hundreds of reports took minutes. PDFium gives the characters with their boxes and the
drawn paths in milliseconds; the geometry that turns ruling lines into cells (merging, snapping,
intersections) and characters into lines stays pdfplumber's well-tested code, fed with the same kind
of objects it would have made itself.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder
from pdfplumber.utils import chars_to_textmap

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_AXIS = 1.0  # a segment within this of horizontal or vertical is a ruling line
_MIN_EDGE = 3.0


@dataclass
class TextLine:
    top: float
    x0: float
    x1: float
    bottom: float
    text: str


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)

    # What pdfplumber's TableFinder and Table.extract ask of a page.
    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def tables(self) -> list[Any]:
        return list(TableFinder(self).tables)  # type: ignore[arg-type]

    def table_rows(self, table: Any) -> list[list[tuple[str | None, bool, str]]]:
        """Each cell's text (None: covered by a merged cell), whether it is uncertain and its other
        reading, which only a reading by OCR can have (ocr.OcrPageLayout)."""
        return [[(v, False, "") for v in row] for row in table.extract()]

    def text_lines(self, chars: list[dict[str, Any]]) -> list[TextLine]:
        if not chars:
            return []
        lines = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)
        return [TextLine(ln["top"], ln["x0"], ln["x1"], ln["bottom"], ln["text"]) for ln in lines]


def pages(data: bytes, max_pages: int = 500) -> Iterator[PageLayout]:
    """Each page's layout; a page without a text layer (a scan) is read by OCR."""
    from xxgk.reports.read import ocr

    pdf = pdfium.PdfDocument(data)
    scanned = 0
    try:
        for number in range(min(len(pdf), max_pages)):
            page = pdf[number]
            try:
                layout = _layout(page, number + 1)
                if ocr.needs_ocr(layout) and scanned < ocr.MAX_PAGES:
                    scanned += 1
                    layout = ocr.ocr_layout(page, number + 1)
                yield layout
            finally:
                page.close()
    finally:
        pdf.close()


def _layout(page: Any, number: int) -> PageLayout:
    width, height = page.get_size()
    layout = PageLayout(number, width, height)
    textpage = page.get_textpage()
    try:
        layout.chars = _chars(textpage, height)
    finally:
        textpage.close()
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        _collect_edges(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, height, layout.edges)
    return layout


def _chars(textpage: Any, height: float) -> list[dict[str, Any]]:
    raw = textpage.raw
    found: list[tuple[str, tuple[float, float, float, float], tuple[float, float] | None]] = []
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue  # a space or line break PDFium inferred, not in the file
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code < 32 or 0xD800 <= code <= 0xDFFF:
            continue
        # The loose box spans the font's ascent and descent: every character of a line gets the
        # same top, as pdfplumber's do (the tight box of 一 is a thin bar mid-line).
        if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            box = (rect.left, rect.right, rect.bottom, rect.top)
        elif pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            box = (left.value, right.value, bottom.value, top.value)
        else:
            continue
        origin = (ox.value, oy.value) if pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy) else None
        found.append((chr(code), box, origin))
    # Some fonts declare a broken bounding box (a 10 pt character with a 200 pt loose box): such a
    # character gets the page's usual line height, placed on its own baseline.
    heights = sorted(abs(b[3] - b[2]) for _, b, _ in found)
    usual = heights[len(heights) // 2] if heights else 0.0
    out: list[dict[str, Any]] = []
    for text, (bx0, bx1, by0, by1), origin in found:
        x0, x1 = sorted((bx0, bx1))
        y0, y1 = sorted((by0, by1))
        if usual and origin is not None and (y1 - y0 > 3 * usual or x1 - x0 > 4 * usual):
            x0, x1 = origin[0], origin[0] + usual
            y0, y1 = origin[1] - 0.12 * usual, origin[1] + 0.88 * usual
        char_top, char_bottom = height - y1, height - y0
        out.append(
            {
                "text": text,
                "x0": x0,
                "x1": x1,
                "top": char_top,
                "bottom": char_bottom,
                "doctop": char_top,
                "width": x1 - x0,
                "height": char_bottom - char_top,
                "size": char_bottom - char_top,
                "upright": True,
                "object_type": "char",
            }
        )
    return out


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m applied first, then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _collect_edges(obj: Any, outer: Matrix, height: float, edges: list[dict[str, Any]]) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        matrix = _multiply(_matrix(obj), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect_edges(pdfium_c.FPDFFormObj_GetObject(obj, i), matrix, height, edges)
        return
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return
    a, b, c, d, e, f = _multiply(_matrix(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = last = point
            continue
        if last is not None:
            _edge(last, point, height, edges)  # a Bézier counts by its end points: tables use none
        last = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _edge(point, start, height, edges)
            last = start


def _edge(p: tuple[float, float], q: tuple[float, float], height: float, edges: list[dict[str, Any]]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS and abs(x1 - x0) >= _MIN_EDGE:
        left, right = sorted((x0, x1))
        top = height - (y0 + y1) / 2
        edges.append(
            {
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": top,
                "width": right - left,
                "height": 0.0,
                "orientation": "h",
                "object_type": "line",
            }
        )
    elif abs(x0 - x1) <= _AXIS and abs(y1 - y0) >= _MIN_EDGE:
        top, bottom = sorted((height - y0, height - y1))
        x = (x0 + x1) / 2
        edges.append(
            {
                "x0": x,
                "x1": x,
                "top": top,
                "bottom": bottom,
                "width": 0.0,
                "height": bottom - top,
                "orientation": "v",
                "object_type": "line",
            }
        )
