"""Scanned pages (图片版 reports): a page without a text layer read by OCR into the same layout a
text PDF gives, so the one table geometry and the one interpreter serve both.

Tesseract (Debian's tesseract-ocr with its chi_sim model; nothing is downloaded at run time) reads
the page's text; the ruling lines are found in the image itself and become the edges pdfplumber's
table finder joins into cells, then are erased so that OCR does not read them as 1 or |. The
Chinese model misreads digits (26 as 20, with confidence 92), so every cell that holds a number is
read a second time on its own by the English model restricted to digits. A cell is certain when both
readings agree with high confidence; otherwise RapidOCR (PP-OCR models on onnxruntime, shipped in its
wheel) reads the page too, and a cell one of whose readings it confirms is certain. What is still in
doubt keeps its readings for the table's sums (interpret._resolve_by_totals), and else is marked
uncertain (rule values.uncertain) for the reviewer to check against the image: a number is never
silently guessed. On the two real reports scanned (200 and 207 cells) this leaves 0 and 13 cells
uncertain, against 23 and 101 with Tesseract alone, and no cell wrong.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xxgk.reports.read import UnreadableReport
from xxgk.reports.read.pdf_layout import PageLayout, TextLine

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

DPI = 200  # scans are made at 150–300 dpi; 200 reads 10.5 pt table text reliably
DARK = 160  # grey level below which a pixel is ink (shaded header rows stay background)
H_LINE = 0.08  # a horizontal ruling line is at least this share of the page width (a bold title's
V_LINE = 0.015  # strokes run together over shorter spans); a vertical one this share of its height
CERTAIN = 85  # both readings at or above this confidence, and equal: the value is certain
INK = 12  # dark pixels (after the ruling lines are erased) that make a cell not blank
MAX_PAGES = 40
_DIGITS = "0123456789.,-"
_NUMBER = re.compile(r"^[\d.,]+$")
_BLANK_MARKS = ("无", "—", "-", "－", "/", "／")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class OcrUnavailable(UnreadableReport):
    """Tesseract or its Chinese model is not installed."""


def needs_ocr(layout: PageLayout) -> bool:
    """A page with no text layer worth the name (a scan; a page number stamped on it at most)."""
    return sum(1 for c in layout.chars if c["text"].strip()) < 8


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """(row, start, end) of every horizontal run of True at least `length` long."""
    import numpy as np

    height, width = mask.shape
    padded = np.zeros((height, width + 2), np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)
    keep = (ends[:, 1] - starts[:, 1]) >= length
    return np.column_stack([starts[keep, 0], starts[keep, 1], ends[keep, 1]])


def _closing(columns: np.ndarray, rows: np.ndarray, slack: int = 6) -> list[tuple[int, int, int]]:
    """Horizontal lines where a table is cut by the page break: its vertical lines end together in
    the open (no border drawn there), which would leave the last (or first) row outside any cell."""
    import numpy as np

    out: list[tuple[int, int, int]] = []
    for end in (1, 2):  # the tops, then the bottoms, of the vertical lines
        loose: dict[int, list[int]] = {}
        for x, y0, y1 in columns:
            y = int(y0 if end == 1 else y1 - 1)
            near = np.abs(rows[:, 0] - y) <= slack
            if not np.any(near & (rows[:, 1] - slack <= x) & (rows[:, 2] + slack >= x)):
                key = next((k for k in loose if abs(k - y) <= slack), y)
                loose.setdefault(key, []).append(int(x))
        for y, xs in loose.items():
            if len(xs) >= 3:  # several columns end there: a table's edge, not a stray stroke
                out.append((y, min(xs), max(xs) + 1))
    return out


def _between(columns: np.ndarray, rows: np.ndarray, slack: int = 6) -> np.ndarray:
    """The vertical runs that are ruling lines: an end meets a horizontal line (the other may be
    cut by the page break). A tall stroke of a large title character is as long as a short cell's
    side, but both its ends are in the open."""
    import numpy as np

    if len(columns) == 0 or len(rows) == 0:
        return columns[:0]

    def meets(x: int, y: int) -> bool:
        near = np.abs(rows[:, 0] - y) <= slack
        return bool(np.any(near & (rows[:, 1] - slack <= x) & (rows[:, 2] + slack >= x)))

    keep = [i for i, (x, y0, y1) in enumerate(columns) if meets(x, y0) or meets(x, y1 - 1)]
    return columns[keep]


@dataclass
class _Image:
    pixels: np.ndarray  # grey levels, the ruling lines erased
    scale: float  # pixels per PDF point


def _tesseract(image: Image.Image, lang: str, config: str) -> dict[str, list[Any]]:
    import pytesseract

    try:
        return pytesseract.image_to_data(  # type: ignore[no-any-return]
            image, lang=lang, config=config, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable("未安装 tesseract-ocr,无法识别扫描版(图片版)年报") from None
    except pytesseract.TesseractError as exc:
        if "chi_sim" in str(exc) or "Failed loading language" in str(exc):
            raise OcrUnavailable("未安装 tesseract-ocr-chi-sim(中文识别模型),无法识别扫描版年报") from None
        raise


class OcrPageLayout(PageLayout):
    """A scanned page: characters from OCR (each with its confidence), edges from the image."""

    image: _Image
    rapid: list[tuple[float, float, str]] | None = None  # RapidOCR's words: centre x, centre y, text

    def table_rows(self, table: Any) -> list[list[tuple[str | None, bool, str]]]:
        """The table's cells as (text, uncertain, the other reading); numbers read again digit by digit."""
        texts = [[None if b is None else self._text_in(b) for b in row.cells] for row in table.rows]
        out: list[list[tuple[str | None, bool, str]]] = []
        candidates: list[tuple[int, int, tuple[float, float, float, float], str, float]] = []
        flat_rows = [[re.sub(r"\s+", "", t or "") for t in row] for row in texts]
        for i, row in enumerate(table.rows):
            line: list[tuple[str | None, bool, str]] = []
            flats = flat_rows[i]
            # Not a label (labels have two Chinese characters or more): a figure, or a figure misread
            # as something else (了 for 1, 让 for 0, $ for 5), or ink that read as nothing.
            figure = [
                bbox is not None
                and texts[i][j] is not None
                and (
                    (bool(f) and len(f) <= 8 and len(_CJK.findall(f)) <= 1)
                    or (not f and self._ink(bbox) >= INK)
                )
                for j, (bbox, f) in enumerate(zip(row.cells, flats, strict=True))
            ]
            # In a row of figures a short reading after the first figure is one more figure misread
            # (了于 for 1); before it stands the row's label (规章).
            first_figure = figure.index(True) if sum(figure) >= 3 else len(figure)
            for j, bbox in enumerate(row.cells):
                if bbox is None or texts[i][j] is None:
                    line.append((texts[i][j], False, ""))
                    continue
                if figure[j] or (j > first_figure and len(flats[j]) <= 3):
                    candidates.append((i, j, bbox, flats[j], 0.0))
                line.append((texts[i][j], False, ""))
            out.append(line)
        for (i, j, _bbox, first, _conf), (second, second_conf) in zip(
            candidates, self._digits([c[2] for c in candidates]), strict=True
        ):
            # Two models of different training reading the same digits, the digit one confidently.
            agreed = first == second and second_conf >= CERTAIN
            if not second and not first:
                out[i][j] = ("", True, "")  # ink no reading makes out: not a blank either
            elif not second and first in _BLANK_MARKS:
                out[i][j] = (first, False, "")  # 无, —: printed blank, which the digit model cannot read
            else:
                # Disagreeing, the Chinese model's reading is kept as the other one: the sums may decide.
                other = first if not agreed and second and first and first != second else ""
                out[i][j] = (second or first, not agreed, other)
        doubtful = [(i, j, bbox) for i, j, bbox, _, _ in candidates if out[i][j][1]]
        for (i, j, _bbox), third in zip(
            doubtful, self._third_readings([d[2] for d in doubtful]), strict=True
        ):
            taken, _, other = out[i][j]
            if not third:
                continue
            if third in (taken, other):
                # A second engine, trained apart from Tesseract, reads what one of its readings read.
                out[i][j] = (third, False, "")
            elif not other:
                out[i][j] = (taken, True, third)  # one more reading for the sums to decide between
        return out

    def _third_readings(self, boxes: list[tuple[float, float, float, float]]) -> list[str]:
        """Each box's number as RapidOCR (PP-OCR models on onnxruntime, bundled: nothing downloaded)
        reads the page, "" where it reads no number there. The page is read once, on demand."""
        if not boxes:
            return []
        if self.rapid is None:
            try:
                self.rapid = _rapid(self.image.pixels)
            except (ImportError, OSError) as exc:
                # Without the second engine (OpenCV needs libGL) the cells stay uncertain: safe.
                logging.getLogger(__name__).warning("RapidOCR unavailable, cells stay uncertain: %s", exc)
                self.rapid = []
        scale = self.image.scale
        out = []
        for x0, top, x1, bottom in boxes:
            inside = sorted(
                (x, text)
                for x, y, text in self.rapid
                if x0 * scale <= x <= x1 * scale and top * scale <= y <= bottom * scale
            )
            text = re.sub(r"[\s,，]", "", "".join(t for _, t in inside))
            out.append(text if _NUMBER.match(text) and any(c.isdigit() for c in text) else "")
        return out

    def _text_in(self, bbox: tuple[float, float, float, float]) -> str:
        return "\n".join(
            line.text for line in self.text_lines([c for c in self.chars if _centre_in(c, bbox)])
        )

    def text_lines(self, chars: list[dict[str, Any]]) -> list[TextLine]:
        """Lines as Tesseract found them (its line grouping beats re-clustering shared-out boxes)."""
        lines: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
        for c in chars:
            lines.setdefault(c["line"], []).append(c)
        out = []
        for members in lines.values():
            text = ""
            for c in members:
                # Words are joined as Chinese is written, with a space only between two Latin words.
                if text and c["first"] and text[-1].isascii() and text[-1].isalnum() and c["text"].isascii():
                    text += " "
                text += c["text"]
            out.append(
                TextLine(
                    min(c["top"] for c in members),
                    min(c["x0"] for c in members),
                    max(c["x1"] for c in members),
                    max(c["bottom"] for c in members),
                    text,
                )
            )
        return sorted(out, key=lambda ln: (ln.top, ln.x0))

    def _ink(self, bbox: tuple[float, float, float, float]) -> int:
        x0, top, x1, bottom = (round(v * self.image.scale) for v in bbox)
        inner = self.image.pixels[top + 4 : bottom - 4, x0 + 4 : x1 - 4]
        return int((inner < DARK).sum())

    def _digits(self, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, float]]:
        """Each box's number as the digit-only English model reads it, all boxes in one call: the
        crops are stacked into one image, a line each, and the words mapped back by position."""
        if not boxes:
            return []
        import numpy as np
        from PIL import Image

        scale = self.image.scale
        crops = []
        for x0, top, x1, bottom in boxes:
            a, b, c, d = (
                round(top * scale) + 4,
                round(bottom * scale) - 4,
                round(x0 * scale) + 4,
                round(x1 * scale) - 4,
            )
            crops.append(self.image.pixels[max(a, 0) : max(b, a + 1), max(c, 0) : max(d, c + 1)])
        gap = 30
        width = max(c.shape[1] for c in crops) + 2 * gap
        height = sum(c.shape[0] + gap for c in crops) + gap
        strip = np.full((height, width), 255, np.uint8)
        spans = []
        y = gap
        for crop in crops:
            strip[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
            spans.append((y, y + crop.shape[0]))
            y += crop.shape[0] + gap
        data = _tesseract(Image.fromarray(strip), "eng", f"--psm 6 -c tessedit_char_whitelist={_DIGITS}")
        found: list[list[tuple[int, str, float]]] = [[] for _ in boxes]
        for text, conf, left, top, h in zip(
            data["text"], data["conf"], data["left"], data["top"], data["height"], strict=True
        ):
            if not str(text).strip():
                continue
            middle = top + h / 2
            for n, (a, b) in enumerate(spans):
                if a - gap / 2 <= middle <= b + gap / 2:
                    found[n].append((left, str(text).strip(), float(conf)))
                    break
        return [
            ("".join(t for _, t, _ in sorted(words)), min((c for _, _, c in words), default=0.0))
            for words in found
        ]


_ENGINE: Any = None


def _rapid(pixels: np.ndarray) -> list[tuple[float, float, str]]:
    """The page's words as RapidOCR reads them: (centre x, centre y, text) in pixels. Its models load
    once per process (about a second)."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        _ENGINE = RapidOCR(use_cls=False)  # table figures stand upright: no angle classifier
    result, _ = _ENGINE(pixels)
    return [
        (sum(p[0] for p in box) / 4, sum(p[1] for p in box) / 4, str(text))
        for box, text, _conf in result or []
    ]


def _centre_in(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def ocr_layout(page: Any, number: int) -> OcrPageLayout:
    """Render the page, find its ruling lines, read its text."""
    import numpy as np
    from PIL import Image

    width, height = page.get_size()
    scale = DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        pixels = np.array(bitmap.to_pil().convert("L"))  # a copy: the bitmap's memory is freed next
    finally:
        bitmap.close()
    dark = pixels < DARK
    layout = OcrPageLayout(number, width, height)
    rows = _runs(dark, max(int(pixels.shape[1] * H_LINE), 20))
    columns = _between(_runs(dark.T, max(int(pixels.shape[0] * V_LINE), 20)), rows)
    for y, x0, x1 in _closing(columns, rows):  # drawn nowhere, so nothing to erase
        layout.edges.append(_edge(x0 / scale, y / scale, x1 / scale, y / scale))
    # A line is erased with a pixel either side: its anti-aliased fringe would read as | or 1.
    for y, x0, x1 in rows:
        pixels[max(y - 1, 0) : y + 2, x0:x1] = 255
        layout.edges.append(_edge(x0 / scale, y / scale, x1 / scale, y / scale))
    for x, y0, y1 in columns:
        pixels[y0:y1, max(x - 1, 0) : x + 2] = 255
        layout.edges.append(_edge(x / scale, y0 / scale, x / scale, y1 / scale))
    layout.image = _Image(pixels, scale)
    data = _tesseract(Image.fromarray(pixels), "chi_sim", "--psm 6")
    for text, conf, left, top, w, h, block, par, line in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        data["block_num"],
        data["par_num"],
        data["line_num"],
        strict=True,
    ):
        word = str(text).strip()
        if not word:
            continue
        # A word's box shared out among its characters: enough to place each in its cell.
        step = w / len(word)
        for k, ch in enumerate(word):
            x0 = (left + k * step) / scale
            layout.chars.append(
                {
                    "text": ch,
                    "x0": x0,
                    "x1": x0 + step / scale,
                    "top": top / scale,
                    "bottom": (top + h) / scale,
                    "doctop": top / scale,
                    "width": step / scale,
                    "height": h / scale,
                    "size": h / scale,
                    "upright": True,
                    "object_type": "char",
                    "conf": float(conf),
                    "line": (block, par, line),
                    "first": k == 0,
                }
            )
    return layout


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    """An edge as pdf_layout makes them from drawn lines (pdfplumber's own shape)."""
    horizontal = top == bottom
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0 if horizontal else 0.0,
        "height": 0.0 if horizontal else bottom - top,
        "orientation": "h" if horizontal else "v",
        "object_type": "line",
    }
