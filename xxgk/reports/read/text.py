"""Flattened text, as a page's text is often saved: table cells one per line ending in `|`, an empty
cell as a bare `|` (several on one line: `||||`), the last cell of a table without its `|`."""

from __future__ import annotations

import re

from xxgk.reports.tokens import Token, cell, is_value_like, para

_NUMERIC_LINE = re.compile(r"^\s*[+\-−]?[\d0-9][\d0-9,,.]*\s*$")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB 18030 (a superset of GBK/GB 2312), as Chinese sites use."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def tokenize_text(text: str) -> list[Token]:
    tokens: list[Token] = []
    previous_was_cell = False
    for number, line in enumerate(text.splitlines(), start=1):
        loc = f"第{number}行"
        stripped = line.strip()
        if "|" in stripped:
            parts = stripped.split("|")
            tail = parts.pop()  # text after the last bar: a cell that lost its bar, if any
            tokens.extend(cell(p, loc) for p in parts)
            if tail.strip():
                tokens.append(cell(tail, loc))
            previous_was_cell = True
        elif previous_was_cell and stripped and (_NUMERIC_LINE.match(stripped) or is_value_like(stripped)):
            # The table's last cell is written without its bar.
            tokens.append(cell(stripped, loc))
            previous_was_cell = False
        else:
            if stripped:
                tokens.append(para(stripped, loc))
            previous_was_cell = False
    return tokens
