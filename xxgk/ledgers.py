"""Ledgers (台账) as agencies keep them: .xlsx or UTF-8 .csv (BOM or not), first row = headers."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from xxgk.textsafe import clean, is_formula, spreadsheet_text


class LedgerError(ValueError):
    """What is wrong with a ledger, with the rows and columns concerned. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:20]
        more = f"\n……另有{len(problems) - 20}处问题" if len(problems) > 20 else ""
        super().__init__("台账有误,未导入任何数据:\n" + "\n".join(shown) + more)


Row = tuple[int, dict[str, Any]]  # (the row number a person sees in the file, header → value)


def read_table(data: bytes, name: str) -> tuple[list[str], list[Row]]:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        return _read_csv(data)
    raise LedgerError([f"不支持的文件类型“{suffix or '无扩展名'}”,请使用 .xlsx 或 .csv"])


def _clean_header(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or ""))


def _read_text(value: str) -> str:
    """A cell's text as typed: control characters removed, and the apostrophe that our exports put
    before a would-be formula taken off again."""
    value = clean(value).strip()
    return value[1:] if value.startswith("'") and is_formula(value[1:]) else value


def _read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LedgerError(["CSV 文件不是 UTF-8 编码:请在 Excel 中“另存为 CSV UTF-8(逗号分隔)”"]) from None
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        raise LedgerError(["文件为空"])
    headers = [_clean_header(h) for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        out.append(
            (
                number,
                {h: _read_text(values[i]) if i < len(values) else "" for i, h in enumerate(headers) if h},
            )
        )
    return headers, out


def _read_xlsx(data: bytes) -> tuple[list[str], list[Row]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        raise LedgerError(["不是有效的 .xlsx 文件"]) from None
    sheet = wb.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = [_clean_header(h) for h in next(rows)]
    except StopIteration:
        raise LedgerError(["文件为空"]) from None
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        cells = {}
        for i, h in enumerate(headers):
            if h:
                v = values[i] if i < len(values) else None
                cells[h] = _read_text(v) if isinstance(v, str) else ("" if v is None else v)
        out.append((number, cells))
    wb.close()
    return headers, out


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date | None:
    """2025-01-06, 2025/1/6, 2025年1月6日, or an Excel date; empty → None; anything else → ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE.match(str(value).strip())
    if not m:
        raise ValueError(f"“{value}”不是日期(应为 2025-01-06、2025/1/6 或 2025年1月6日)")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"“{value}”不是有效日期") from None


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_text(value) if isinstance(value, str) else value


def append_safe(ws: Any, row: list[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text: cleaned of control
    characters (openpyxl refuses them) and never a formula, whatever it starts with."""
    ws.append([clean(v) if isinstance(v, str) else v for v in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"  # openpyxl takes any text starting with = for a formula
        if isinstance(cell.value, str) and is_formula(cell.value):
            cell.quotePrefix = True  # shown as typed, and Excel will not re-evaluate it on edit


def write_table(headers: list[str], rows: list[list[Any]], name: str, title: str = "") -> bytes:
    """The table as `name`'s suffix says: CSV (UTF-8 with BOM) or XLSX (its sheet named `title`)."""
    suffix = PurePath(name).suffix.lower()
    # Any stored text is written safely: no control characters, and no text that the spreadsheet
    # would run as a formula (=HYPERLINK(…) typed into a public form).
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([spreadsheet_text(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        if title:
            ws.title = title
        append_safe(ws, headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_safe(ws, row)
        for col in ws.columns:
            if isinstance(col[1].value if len(col) > 1 else None, date):
                for cell in col[1:]:
                    cell.number_format = "yyyy-mm-dd"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise LedgerError([f"不支持的文件类型“{suffix or '无扩展名'}”,请使用 .xlsx 或 .csv"])


def as_json(value: Any) -> Any:
    """A value as an import's record keeps it (JSON): dates as YYYY-MM-DD, inside lists and dicts too."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What a ledger row would change of a record, in key order; every key for a new one (no before).
    A key the row does not carry is left as it is, never counted as a change."""
    return sorted(k for k in after if not before or before.get(k) != after[k])
