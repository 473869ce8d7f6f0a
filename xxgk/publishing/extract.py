"""The text of an attachment, for the personal-data check (PDF, DOCX, XLSX; images have none).

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
KIND_NAMES = {
    ".pdf": "PDF",
    ".docx": "Word(DOCX)",
    ".xlsx": "Excel(XLSX)",
    ".jpg": "JPEG 图片",
    ".jpeg": "JPEG 图片",
    ".png": "PNG 图片",
}


def check_attachment(data: bytes, name: str) -> None:
    """What can be told at once, without parsing: the kind, the size, the bytes against the name,
    an office file's unpacked size. ValueError saying in Chinese why the file is refused."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValueError(f"附件只能是 PDF、DOCX、XLSX 或图片(JPG、PNG),不能是“{suffix or '无扩展名'}”")
    if len(data) > MAX_BYTES:
        raise ValueError(f"附件“{name}”超过{MAX_BYTES // 1024 // 1024}MB")
    if not content_matches(suffix, data[:1024]):
        raise ValueError(f"附件“{name}”的内容不是{KIND_NAMES[suffix]}(文件名与内容不符)")
    if suffix in (".docx", ".xlsx"):
        try:
            check_zip_container(data, name)
        except UntrustedFileError as exc:
            raise ValueError(str(exc)) from None


def attachment_text(data: bytes, name: str) -> str:
    """The attachment's text, or ValueError saying in Chinese why the file is refused. Parses: the
    worker calls it (publishing.tasks), never a request."""
    check_attachment(data, name)
    suffix = PurePath(name).suffix.lower()
    try:
        text = run_limited(_extract, data, suffix, name, name=name)
    except UntrustedFileError as exc:
        raise ValueError(str(exc)) from None
    if len(text) > MAX_TEXT:
        raise ValueError(f"附件“{name}”的文字超过{MAX_TEXT // 10000}万字,无法完整检查个人信息,请拆分后上传")
    return text


def _extract(data: bytes, suffix: str, name: str) -> str:
    """Runs in the limited child process."""
    try:
        if suffix == ".pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                if len(pdf.pages) > MAX_PDF_PAGES:
                    raise ValueError(f"附件“{name}”超过{MAX_PDF_PAGES}页")
                return _capped(page.extract_text() or "" for page in pdf.pages)
        if suffix == ".docx":
            from docx import Document

            doc = Document(io.BytesIO(data))
            parts = [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
            return _capped(parts)
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            return _capped(
                " ".join("" if v is None else str(v) for v in row)
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
            )
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = 100_000_000
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # the bytes are a whole image of the kind named
        return ""
    except ValueError:
        raise
    except Exception as exc:  # a damaged file: say so rather than pass it unchecked
        raise ValueError(f"无法读取附件“{name}”的文字:{type(exc).__name__}") from None


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
