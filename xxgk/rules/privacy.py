"""Personal data in text that is about to be published (个人信息检查).

Finds citizen ID numbers (18 digits with a valid check digit; 15-digit old numbers with a valid
birth date), mobile numbers, bank card numbers (Luhn), e-mail addresses and fixed-line numbers.
A match must stand alone: digits that are part of a longer code (索引号 11110000MB0000000X/2020-00012,
a 文号, an amount, a date) are not personal data. Numbers the agency itself publishes (its guide's
telephone numbers) are passed as `allowed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    ID18 = "id18"
    ID15 = "id15"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    LANDLINE = "landline"

    @property
    def label(self) -> str:
        return {
            "id18": "居民身份证号码",
            "id15": "居民身份证号码(15位)",
            "mobile": "手机号码",
            "bank_card": "银行卡号",
            "email": "电子邮箱",
            "landline": "固定电话号码",
        }[self.value]


@dataclass(frozen=True)
class Hit:
    kind: Kind
    start: int
    end: int
    value: str
    context: str

    @property
    def masked(self) -> str:
        return mask_value(self.kind, self.value)


# Not preceded or followed by what would make the digits part of a longer code or number.
_B = r"(?<![0-9A-Za-z/\-_.,,])"
_A = r"(?![0-9A-Za-z/\-_]|[.,,]\d)"
_ID18 = re.compile(
    _B + r"([1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])" + _A
)
_ID15 = re.compile(_B + r"([1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})" + _A)
_MOBILE = re.compile(r"(?<![0-9A-Za-z/\-_.])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})" + _A)
_CARD = re.compile(_B + r"((?:\d[ -]?){12,18}\d)" + _A)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_LANDLINE = re.compile(r"(?<![0-9A-Za-z/\-_.])(0\d{2,3}[- ]?\d{7,8})" + _A)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id18_is_valid(number: str) -> bool:
    number = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if "10X98765432"[total % 11] != number[17]:
        return False
    return _valid_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id15_is_valid(number: str) -> bool:
    return bool(re.fullmatch(r"\d{15}", number)) and _valid_date(
        1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])
    )


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        return date(1900, 1, 1) <= date(y, m, d) <= date.today()
    except ValueError:
        return False


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find_personal_data(text: str, allowed: Iterable[str] = (), context: int = 12) -> list[Hit]:
    """Every hit, in text order; a span found as one kind is not reported again as another."""
    allowed_digits = {_digits(a) for a in allowed if _digits(a)}
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: Kind, m: re.Match[str], group: int = 1) -> None:
        start, end = m.span(group)
        if any(s < end and start < e for s, e in taken):
            return
        value = m.group(group)
        if _digits(value) and _digits(value) in allowed_digits:
            return
        taken.append((start, end))
        ctx = text[max(0, start - context) : end + context].replace("\n", " ")
        hits.append(Hit(kind, start, end, value, ctx))

    for m in _ID18.finditer(text):
        if id18_is_valid(m.group(1)):
            add(Kind.ID18, m)
    for m in _ID15.finditer(text):
        if id15_is_valid(m.group(1)):
            add(Kind.ID15, m)
    for m in _EMAIL.finditer(text):
        add(Kind.EMAIL, m, 0)
    for m in _MOBILE.finditer(text):
        add(Kind.MOBILE, m)
    for m in _CARD.finditer(text):
        digits = _digits(m.group(1))
        if 13 <= len(digits) <= 19 and luhn_is_valid(digits) and not digits.startswith("0"):
            add(Kind.BANK_CARD, m)
    for m in _LANDLINE.finditer(text):
        add(Kind.LANDLINE, m)
    return sorted(hits, key=lambda h: h.start)


def mask_value(kind: Kind, value: str) -> str:
    """Keep just enough to recognise the record: 110101********1234, 138****8000, z***@example.com."""
    if kind is Kind.EMAIL:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    keep_start = {Kind.ID18: 6, Kind.ID15: 6, Kind.MOBILE: 3, Kind.BANK_CARD: 4, Kind.LANDLINE: 4}[kind]
    keep_end = 4
    chars = list(value)
    digit_positions = [i for i, c in enumerate(chars) if c.isalnum()]
    for n, i in enumerate(digit_positions):
        if keep_start <= n < len(digit_positions) - keep_end:
            chars[i] = "*"
    return "".join(chars)


def mask(text: str, hits: Iterable[Hit]) -> str:
    """The text with every hit masked (hits of the same text, in any order)."""
    out = text
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        out = out[: hit.start] + hit.masked + out[hit.end :]
    return out


def index_number(agency_code: str, year: int, sequence: int) -> str:
    """索引号: the agency's code, the year and a sequence, e.g. 11110105MB0000000X/2026-00042."""
    return f"{agency_code}/{year}-{sequence:05d}"
