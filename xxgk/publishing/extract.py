"""The text of an attachment, for the personal-data check (PDF, DOCX, XLSX, and by OCR images and
scanned PDF pages).

Attachments come from outside: the file's bytes must be what its name says, an office file is
measured before it is unpacked, and the text is taken in a child process with a time and memory cap
(xxgk.untrusted), before any database transaction is opened.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from xxgk.untrusted import SIGNATURES, UntrustedFileError, check_zip_container, content_matches, run_limited

MAX_BYTES = 20 * 1024 * 1024
# More text than a long document holds: refused, since a personal-data check of part of it would
# pass what it did not read.
MAX_TEXT = 2_000_000
MAX_PDF_PAGES = 500
# Scanned pages are read by Tesseract (chi_sim), a few seconds a page in the limited process: past
# this many, the rest is left for the reviewer to check by hand (unchecked), never passed silently.
MAX_OCR_PAGES = 20
OCR_DPI = 200
# A page with fewer characters of text than this is an image of text: it is read by OCR.
SCANNED_BELOW = 20
OCR_SECONDS = 300.0
KIND_NAMES = {
    ".pdf": "PDF",
    ".docx": "Word(DOCX)",
    ".xlsx": "Excel(XLSX)",
    ".jpg": "JPEG 图片",
    ".jpeg": "JPEG 图片",
    ".png": "PNG 图片",
}


# Audio and video carry a 政策解读 (rules/interpretation.py); their size limits are set there.
MEDIA_KINDS = {".mp3": "MP3 音频", ".m4a": "M4A 音频", ".mp4": "MP4 视频"}
MEDIA_UNCHECKED = "音频、视频无法自动检查个人信息"


def _media_matches(suffix: str, head: bytes) -> bool:
    if suffix == ".mp3":  # an ID3 tag, or straight into an MPEG audio frame
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    return head[4:8] == b"ftyp"  # the ISO media file's first box (MP4, M4A)


def media_limit(suffix: str) -> int:
    from xxgk.rules.interpretation import CARRIERS

    return next(limit for suffixes, limit in CARRIERS.values() if suffix in suffixes)


def check_attachment(data: bytes, name: str) -> None:
    """What can be told at once, without parsing: the kind, the size, the bytes against the name,
    an office file's unpacked size. ValueError saying in Chinese why the file is refused."""
    suffix = PurePath(name).suffix.lower()
    if suffix in MEDIA_KINDS:
        limit = media_limit(suffix)
        if len(data) > limit:
            raise ValueError(f"附件“{name}”超过{limit // 1024 // 1024}MB")
        if not _media_matches(suffix, data[:16]):
            raise ValueError(f"附件“{name}”的内容不是{MEDIA_KINDS[suffix]}(文件名与内容不符)")
        return
    if suffix not in SIGNATURES:
        kinds = "PDF、DOCX、XLSX、图片(JPG、PNG)或音频视频(MP3、M4A、MP4)"
        raise ValueError(f"附件只能是{kinds},不能是“{suffix or '无扩展名'}”")
    if len(data) > MAX_BYTES:
        raise ValueError(f"附件“{name}”超过{MAX_BYTES // 1024 // 1024}MB")
    if not content_matches(suffix, data[:1024]):
        raise ValueError(f"附件“{name}”的内容不是{KIND_NAMES[suffix]}(文件名与内容不符)")
    if suffix in (".docx", ".xlsx"):
        try:
            check_zip_container(data, name)
        except UntrustedFileError as exc:
            raise ValueError(str(exc)) from None


def attachment_text(data: bytes, name: str) -> tuple[str, str]:
    """The attachment's text and what of it could not be read ("" when all was), or ValueError
    saying in Chinese why the file is refused. Parses: the worker calls it (publishing.tasks),
    never a request. Images and scanned PDF pages are read by OCR; what OCR cannot read (no
    Tesseract, too many pages, an image without legible text) is said, for a person to check."""
    check_attachment(data, name)
    suffix = PurePath(name).suffix.lower()
    if suffix in MEDIA_KINDS:
        return "", MEDIA_UNCHECKED  # the reviewer listens or watches and confirms (awaits_manual_check)
    try:
        text, unread = run_limited(_extract, data, suffix, name, name=name, seconds=OCR_SECONDS)
    except UntrustedFileError as exc:
        raise ValueError(str(exc)) from None
    if len(text) > MAX_TEXT:
        raise ValueError(f"附件“{name}”的文字超过{MAX_TEXT // 10000}万字,无法完整检查个人信息,请拆分后上传")
    return text, unread


def _extract(data: bytes, suffix: str, name: str) -> tuple[str, str]:
    """Runs in the limited child process: (text, what could not be read)."""
    try:
        if suffix == ".pdf":
            return _pdf(data, name)
        if suffix == ".docx":
            from docx import Document

            doc = Document(io.BytesIO(data))
            parts = [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
            return _capped(parts), ""
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            return _capped(
                " ".join("" if v is None else str(v) for v in row)
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
            ), ""
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = 100_000_000
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # the bytes are a whole image of the kind named
        with Image.open(io.BytesIO(data)) as image:
            text, problem = _ocr(image)
        if problem:
            return text, problem
        if len(text.strip()) < SCANNED_BELOW:
            return text, "图片中未识别出足够的文字(可能是照片、印章或字迹不清)"
        return text, ""
    except ValueError:
        raise
    except Exception as exc:  # a damaged file: say so rather than pass it unchecked
        raise ValueError(f"无法读取附件“{name}”的文字:{type(exc).__name__}") from None


def _pdf(data: bytes, name: str) -> tuple[str, str]:
    """A PDF's text layer; pages without one (scans) rendered and read by OCR, up to MAX_OCR_PAGES."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise ValueError(f"附件“{name}”超过{MAX_PDF_PAGES}页")
        parts: list[str] = []
        scanned: list[int] = []
        problem = ""
        for number in range(len(pdf)):
            page = pdf[number]
            text = page.get_textpage().get_text_range()
            if len(text.strip()) < SCANNED_BELOW:
                if len(scanned) >= MAX_OCR_PAGES:
                    problem = f"扫描页超过{MAX_OCR_PAGES}页,第{number + 1}页起未能识别"
                    break
                scanned.append(number + 1)
                image = page.render(scale=OCR_DPI / 72).to_pil()
                read, problem = _ocr(image)
                if problem:
                    break
                if len(read.strip()) < SCANNED_BELOW:
                    problem = f"第{number + 1}页为扫描图像,未识别出足够的文字"
                text = f"{text}\n{read}"
            parts.append(text)
            if sum(len(p) for p in parts) > MAX_TEXT:
                break
        return "\n".join(parts), problem
    finally:
        pdf.close()


def _ocr(image) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(text, problem): Tesseract's reading of an image, or why there is none."""
    import pytesseract

    try:
        return pytesseract.image_to_string(image.convert("L"), lang="chi_sim+eng"), ""
    except pytesseract.TesseractNotFoundError:
        return "", "未安装文字识别程序(tesseract-ocr),未能识别图像中的文字"
    except pytesseract.TesseractError as exc:
        if "chi_sim" in str(exc) or "Failed loading language" in str(exc):
            return "", "未安装中文文字识别模型(tesseract-ocr-chi-sim),未能识别图像中的文字"
        return "", f"文字识别出错:{str(exc)[:100]}"


def _capped(parts) -> str:  # type: ignore[no-untyped-def]
    """Join text parts, stopping once past MAX_TEXT (the caller refuses such a file)."""
    out: list[str] = []
    size = 0
    for part in parts:
        out.append(part)
        size += len(part) + 1
        if size > MAX_TEXT:
            break
    return "\n".join(out)
