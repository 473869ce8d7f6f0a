"""The token stream every reader produces: narrative paragraphs and table cells in reading order.

Cells come row by row, a merged cell once, exactly as the flattened text of a published page shows
them; that one shape lets a single interpreter serve every input format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache

from xxgk.rules.formats import ValueKind


class Kind(StrEnum):
    PARA = "para"
    CELL = "cell"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    loc: str  # where in the source, for a person: 第12行, 表2第3行第4列, 第2页
    # The table row a cell stands in, numbered through the document, where the source has rows
    # (HTML, DOCX, PDF); None for flattened text, whose rows cannot be told apart.
    row: int | None = None
    # Read by OCR with too little confidence to be taken as printed (a scanned report's cell).
    uncertain: bool = False
    # An uncertain cell's other reading, where OCR's two readings disagree: the table's sums may
    # tell which one is printed (interpret._resolve_by_totals).
    alternative: str = ""


def para(text: str, loc: str) -> Token:
    return Token(Kind.PARA, clean_text(text), loc)


def cell(
    text: str, loc: str, row: int | None = None, uncertain: bool = False, alternative: str = ""
) -> Token:
    return Token(
        Kind.CELL, clean_text(text), loc, row, uncertain, clean_text(alternative) if alternative else ""
    )


_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """Collapse white space (incl. NBSP, ideographic space, zero-width) and trim."""
    return _SPACES.sub(" ", text).strip()


# Punctuation and numbering are left out when labels are compared: sources differ in them.
_LABEL_DROP = re.compile(r"[\s,,。.．、;;::“”\"'‘’()()\[\]【】《》<>·\-—_/|]+")
# Numbering as agencies print it: 一、 (一) 1. 1、 (1), possibly several in a row (三、(一)).
_LEADING_NUMBER = re.compile(
    r"^(?:\s*(?:[((]\s*(?:[一二三四五六七八九十]+|\d+)\s*[))]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．](?!\d)))+\s*"
)


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A label for comparison: NFKC (full-width → half-width), numbering, spaces and punctuation
    removed, so that 三 、本 年 度 and （一）予以公开 compare as printed in the format."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _LEADING_NUMBER.sub("", text)
    return _LABEL_DROP.sub("", text)


@lru_cache(maxsize=65536)
def label_similarity(printed: str, wanted: str) -> float:
    """How closely a printed label (a label_key) matches the format's (a label_key), 0 … 1.

    Equal is 1. A label printed with a typo, a character missing or added, or cut short scores by
    its common characters in order; a printed label that holds the format's whole label (a group
    heading merged into it: 不予公开属于国家秘密) scores high. Labels of two characters or fewer
    (其他, 总计, 规章) must be printed exactly: one wrong character would make them another row."""
    if printed == wanted:
        return 1.0
    if not printed or not wanted or len(wanted) <= 2:
        return 0.0
    if len(wanted) >= 4 and wanted in printed:
        return 0.95 - 0.01 * min(len(printed) - len(wanted), 20)
    if len(printed) >= 4 and wanted.startswith(printed):
        return 0.9  # cut short, as narrow columns print 一、本年新收政府信息公开申…
    return SequenceMatcher(None, printed, wanted, autojunk=False).ratio()


_NUMBER = re.compile(r"^[+\-]?\d+(?:,\d{3})*(?:\.\d+)?$")
# What agencies print for "none" in a cell: read as blank, never as a zero (a blank is counted as 0 by
# the checks, which say so).
_BLANKS = {"", "-", "--", "—", "——", "/", "\\", "无", "空", "–"}  # compared after NFKC (－ is -)
# Units printed inside a cell. Amounts keep theirs (元 and 万元 must not be added as if equal);
# counting words only repeat what the column says.
AMOUNT_UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
_UNIT = re.compile(r"(万元|亿元|元|件次|人次|件|条|个|项|次|宗|份|篇|人)$")


def _normal(text: str) -> str:
    """NFKC (full-width digits, commas and points become ASCII), no spaces, − as -."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("−", "-")


def _split_unit(t: str) -> tuple[str, str | None]:
    m = _UNIT.search(t)
    if m and m.start() > 0:
        return t[: m.start()], m.group(1)
    return t, None


def looks_numeric(text: str) -> bool:
    return bool(_NUMBER.match(_split_unit(_normal(text))[0]))


def is_blank(text: str) -> bool:
    """Printed blank, or a mark that stands for none (—, /, 无)."""
    return _normal(text) in _BLANKS


def is_value_like(text: str) -> bool:
    """A cell that stands where a number should: a number, or a blank / dash that replaces one."""
    t = _normal(text)
    return t in _BLANKS or bool(_NUMBER.match(_split_unit(t)[0]))


@dataclass(frozen=True)
class Parsed:
    value: int | Decimal | None  # None: blank, or unreadable when `problem` says why
    problem: str | None = None
    unit: str | None = None  # an amount's unit as printed in the cell (元, 万元)


def parse_value(text: str, kind: ValueKind) -> Parsed:
    """A cell as printed → its value. Never guesses: a blank or a dash is blank (not a zero), a word
    is unreadable. Accepts what agencies print: full-width digits, thousands separators, units."""
    t = _normal(text)
    if t in _BLANKS:
        return Parsed(None)
    number, unit = _split_unit(t)
    if not _NUMBER.match(number):
        return Parsed(None, f"无法识别为数字(原文“{text}”)")
    number = number.replace(",", "")
    if kind is ValueKind.AMOUNT:
        try:
            value = Decimal(number.lstrip("+"))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return Parsed(None, f"无法识别为金额(原文“{text}”)")
        return Parsed(value, None, unit if unit in AMOUNT_UNITS else None)
    if unit in AMOUNT_UNITS:
        return Parsed(None, f"应为件数,却印有金额单位(原文“{text}”)")
    if "." in number:
        whole, _, frac = number.partition(".")
        if frac.strip("0"):
            return Parsed(None, f"应为整数(原文“{text}”)")
        number = whole
    # A negative count is read as written; the check reports it.
    return Parsed(int(number.lstrip("+")))
