"""The token stream every reader produces: narrative paragraphs and table cells in reading order.

Cells come row by row, a merged cell once, exactly as the flattened text of a published page shows
them; that one shape lets a single interpreter serve every input format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from xxgk.rules.formats import ValueKind


class Kind(StrEnum):
    PARA = "para"
    CELL = "cell"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    loc: str  # where in the source, for a person: 第12行, 表2第3行第4列, 第2页


def para(text: str, loc: str) -> Token:
    return Token(Kind.PARA, clean_text(text), loc)


def cell(text: str, loc: str) -> Token:
    return Token(Kind.CELL, clean_text(text), loc)


_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """Collapse white space (incl. NBSP, ideographic space, zero-width) and trim."""
    return _SPACES.sub(" ", text).strip()


# Punctuation and numbering are left out when labels are compared: sources differ in them.
_LABEL_DROP = re.compile(r"[\s,,。.．、;;::“”\"'‘’()()\[\]【】《》<>·\-—_/|]+")
_LEADING_NUMBER = re.compile(r"^(?:[((]?[一二三四五六七八九十]+[))、.．]|\d+[、.．])\s*")


def label_key(text: str) -> str:
    """A label for comparison: NFKC (full-width → half-width), numbering and punctuation removed."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _LEADING_NUMBER.sub("", text)
    return _LABEL_DROP.sub("", text)


_NUMBER = re.compile(r"^[+\-−]?\d+(?:,\d{3})*(?:\.\d+)?$")
_BLANKS = {"", "-", "—", "——", "/", "\\", "无", "空", "－", "–"}


def looks_numeric(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    return bool(_NUMBER.match(t))


def is_value_like(text: str) -> bool:
    """A cell that stands where a number should: a number, or a blank / dash that replaces one."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    return t in _BLANKS or looks_numeric(t)


def parse_value(text: str, kind: ValueKind) -> tuple[int | Decimal | None, str | None]:
    """(value, None) or (None, what is wrong). Never guesses: a dash or a word is not a zero."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "").replace("−", "-")
    if t == "":
        return None, "为空"
    if not _NUMBER.match(t):
        return None, f"无法识别为数字(原文“{text}”)"
    t = t.replace(",", "")
    if kind is ValueKind.AMOUNT:
        try:
            return Decimal(t.lstrip("+")), None
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return None, f"无法识别为金额(原文“{text}”)"
    if "." in t:
        whole, _, frac = t.partition(".")
        if frac.strip("0"):
            return None, f"应为整数(原文“{text}”)"
        t = whole
    if t.startswith(("-", "+")) and kind is not ValueKind.DELTA:
        if t.startswith("+"):
            t = t[1:]
        else:
            return int(t), None  # a negative count is read as written; the check reports it
    return int(t), None
