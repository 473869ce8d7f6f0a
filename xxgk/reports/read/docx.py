"""DOCX (python-docx): paragraphs and tables in body order; a merged cell is read once."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from xxgk.reports.tokens import Token, cell, para

MAX_UNPACKED = 200 * 1024 * 1024  # a report's DOCX unpacks to a few MB; more is a zip bomb
MAX_RATIO = 200


def tokenize_docx(data: bytes) -> list[Token]:
    from xxgk.reports.read import UnreadableReport

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableReport("不是有效的 DOCX 文件(不是 ZIP 格式)") from None
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1) + 10 * 1024 * 1024:
        raise UnreadableReport("DOCX 文件解压后异常庞大,疑为压缩炸弹,不予读取")
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableReport(f"不是有效的 DOCX 文件:{exc}") from None
    tokens: list[Token] = []
    tables = 0
    rows = [0]
    for n, element in enumerate(doc.element.body.iterchildren(), start=1):
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if text.strip():
                tokens.append(para(text, f"第{n}段"))
        elif element.tag == qn("w:tbl"):
            tables += 1
            _table(element, tables, tokens, rows)
    return tokens


def _table(tbl, number: int, tokens: list[Token], rows: list[int]) -> None:  # type: ignore[no-untyped-def]
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        rows[0] += 1
        for c, tc in enumerate(tr.iterchildren(qn("w:tc")), start=1):
            tc_pr = tc.find(qn("w:tcPr"))
            v_merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            if v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue"):
                continue  # the lower part of a vertically merged cell: read once, at its top
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            tokens.append(cell(text, f"表{number}第{r}行第{c}格", rows[0]))
