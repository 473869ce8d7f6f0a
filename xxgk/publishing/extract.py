"""The text of an attachment, for the personal-data check (PDF, DOCX, XLSX; images have none)."""

from __future__ import annotations

import io
from pathlib import PurePath


def attachment_text(data: bytes, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix == ".pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages[:200])
        if suffix == ".docx":
            from docx import Document

            doc = Document(io.BytesIO(data))
            parts = [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
            return "\n".join(parts)
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            return "\n".join(
                " ".join("" if v is None else str(v) for v in row)
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
            )
    except Exception as exc:  # a damaged file: say so rather than pass it unchecked
        raise ValueError(f"无法读取附件“{name}”的文字:{type(exc).__name__}") from None
    return ""
