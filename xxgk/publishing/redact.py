"""Taking personal data out of an attachment (遮盖), so that the file published no longer holds it.

A black box drawn over selectable text hides nothing: the text is still in the file, and copying or
`pdftotext` gives it back. So the value is removed from what the file is made of:

- PDF: PyMuPDF's redactions remove the glyphs under the area from the page's content stream (and,
  for a scanned page, blank the image's pixels there). pikepdf edits PDF objects well but has no
  notion of where a string is drawn on the page, which is what finding the area needs. PyMuPDF is
  AGPL-3.0 (or commercial): a deployment that changes PyMuPDF itself must offer those changes.
- Images: a copy with the area painted over (Tesseract's word boxes locate the value).
- DOCX and XLSX: the text itself replaced by its masked form (110101********1234).

Each runs in the limited parsing process (xxgk.untrusted): the file came from outside. A value that
cannot be located is an error, never a silent pass: the person masks the file and uploads it again.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from xxgk.untrusted import UntrustedFileError, run_limited

REDACT_SECONDS = 120.0
OCR_DPI = 200
SCANNED_BELOW = 20  # as extract.py: a page with less text than this is an image of text


@dataclass(frozen=True)
class Redacted:
    data: bytes
    places: int  # how many places the value was taken out of


def redact(data: bytes, name: str, value: str, masked: str) -> Redacted:
    """The file with every occurrence of `value` taken out (masked text for office files), or
    ValueError saying in Chinese why it could not be done."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise ValueError(f"不能遮盖“{suffix or '无扩展名'}”文件中的内容")
    try:
        data_out, places = run_limited(
            _redact, data, suffix, value, masked, name=name, seconds=REDACT_SECONDS
        )
    except UntrustedFileError as exc:
        raise ValueError(str(exc)) from None
    if not places:
        raise ValueError(
            f"未能在附件“{name}”中找到“{masked}”所在的位置(可能被拆分排版或图像不清),"
            "请在原文件中遮盖后删除本附件并重新上传"
        )
    return Redacted(data_out, places)


def _redact(data: bytes, suffix: str, value: str, masked: str) -> tuple[bytes, int]:
    return _BY_SUFFIX[suffix](data, value, masked)


def _pdf(data: bytes, value: str, masked: str) -> tuple[bytes, int]:
    import pymupdf

    doc = pymupdf.open(stream=data, filetype="pdf")
    places = 0
    try:
        for page in doc:
            rects = list(page.search_for(value))
            if len(page.get_text().strip()) < SCANNED_BELOW:
                rects += _ocr_rects(page, value)
            for rect in rects:
                page.add_redact_annot(rect, fill=(0, 0, 0))
            if rects:
                # Glyphs under the area are removed; images are blanked there (a scan's pixels);
                # vector graphics are left (lines of a table).
                page.apply_redactions(
                    images=pymupdf.PDF_REDACT_IMAGE_PIXELS, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE
                )
                places += len(rects)
        if places and any(value in page.get_text() for page in doc):
            raise ValueError("遮盖后文件中仍能读出该内容,请在原文件中遮盖后重新上传")
        doc.scrub(metadata=False, thumbnails=True, reset_fields=False, reset_responses=False)
        out = doc.tobytes(garbage=3, deflate=True)
    finally:
        doc.close()
    return out, places


def _ocr_rects(page, value: str) -> list:  # type: ignore[no-untyped-def]
    """Where `value` stands on a scanned page, in page coordinates, by Tesseract's word boxes."""
    import pymupdf
    from PIL import Image

    pix = page.get_pixmap(dpi=OCR_DPI)
    image = Image.open(io.BytesIO(pix.tobytes("png")))
    scale = 72 / OCR_DPI
    return [
        pymupdf.Rect(x0 * scale, y0 * scale, x1 * scale, y1 * scale)
        for x0, y0, x1, y1 in _boxes(image, value)
    ]


def _boxes(image, value: str) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """Boxes (pixels) of the runs of words on one line whose text, spaces dropped, holds `value`."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            image.convert("L"), lang="chi_sim+eng", output_type=pytesseract.Output.DICT
        )
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError):
        return []
    target = re.sub(r"\s+", "", value)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    boxes = []
    for words in lines.values():
        start = 0
        while start < len(words):
            joined = ""
            for end in range(start, len(words)):
                joined += re.sub(r"\s+", "", data["text"][words[end]])
                if target in joined:
                    first = start
                    # The shortest run: a label read as part of the same word group stays legible.
                    while first < end and target in "".join(
                        re.sub(r"\s+", "", data["text"][w]) for w in words[first + 1 : end + 1]
                    ):
                        first += 1
                    run = words[first : end + 1]
                    boxes.append(
                        (
                            min(data["left"][i] for i in run) - 2,
                            min(data["top"][i] for i in run) - 2,
                            max(data["left"][i] + data["width"][i] for i in run) + 2,
                            max(data["top"][i] + data["height"][i] for i in run) + 2,
                        )
                    )
                    start = end
                    break
                if len(joined) > len(target) * 3:
                    break
            start += 1
    return boxes


def _image(data: bytes, value: str, masked: str) -> tuple[bytes, int]:
    from PIL import Image, ImageDraw

    Image.MAX_IMAGE_PIXELS = 100_000_000
    with Image.open(io.BytesIO(data)) as source:
        kind = source.format or "PNG"
        image = source.convert("RGB")
    boxes = _boxes(image, value)
    draw = ImageDraw.Draw(image)
    for box in boxes:
        draw.rectangle(box, fill=(0, 0, 0))
    out = io.BytesIO()
    # Saved afresh: no EXIF or other metadata of the original goes with the copy.
    image.save(out, format="JPEG" if kind == "JPEG" else "PNG", quality=92)
    return out.getvalue(), len(boxes)


def _replace_in_paragraph(runs: list, value: str, masked: str) -> int:  # type: ignore[type-arg]
    """Replace `value` across the w:t nodes of one paragraph (Word splits text into runs at will)."""
    count = 0
    while True:
        text = "".join(node.text or "" for node in runs)
        at = text.find(value)
        if at < 0:
            return count
        count += 1
        end = at + len(value)
        position = 0
        placed = False
        for node in runs:
            own = node.text or ""
            start, stop = position, position + len(own)
            position = stop
            if stop <= at or start >= end:
                continue
            before = own[: max(at - start, 0)]
            after = own[max(end - start, 0) :] if end < stop else ""
            node.text = before + ("" if placed else masked) + after
            placed = True


def _docx(data: bytes, value: str, masked: str) -> tuple[bytes, int]:
    import zipfile

    from lxml import etree

    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    places = 0
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            # The body, headers, footers, footnotes and comments: every part that holds text.
            # (A value split over runs is not one string in the XML: every such part is parsed.)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                root = etree.fromstring(
                    content, parser=etree.XMLParser(resolve_entities=False, no_network=True)
                )
                for paragraph in root.iter(f"{namespace}p"):
                    places += _replace_in_paragraph(list(paragraph.iter(f"{namespace}t")), value, masked)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename.startswith("docProps/"):
                content = content.replace(value.encode(), masked.encode())
            target.writestr(info, content)
    return out.getvalue(), places


def _xlsx(data: bytes, value: str, masked: str) -> tuple[bytes, int]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    places = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and value in cell.value:
                    places += cell.value.count(value)
                    cell.value = cell.value.replace(value, masked)
                elif isinstance(cell.value, int | float) and str(cell.value) == value:
                    places += 1
                    cell.value = masked
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), places


_BY_SUFFIX = {".pdf": _pdf, ".png": _image, ".jpg": _image, ".jpeg": _image, ".docx": _docx, ".xlsx": _xlsx}
