"""Check digits of the codes an agency is known by (used in 索引号)."""

from __future__ import annotations

import re

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet, the last a check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 组织机构代码: 8 characters and a check character (0-9 or X).
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_is_valid(code: str) -> bool:
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def org_code_is_valid(code: str) -> bool:
    code = code.replace("-", "")
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
        return False

    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55

    total = sum(value(c) * w for c, w in zip(code[:8], _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    expected = "X" if check == 10 else "0" if check == 11 else str(check)
    return code[8] == expected


def agency_code_problem(code: str) -> str | None:
    """None when `code` is a valid 统一社会信用代码 or 组织机构代码; otherwise what is wrong, in Chinese."""
    code = code.strip().upper()
    if len(code) == 18:
        return None if uscc_is_valid(code) else "统一社会信用代码校验位不正确"
    if len(code.replace("-", "")) == 9:
        return None if org_code_is_valid(code) else "组织机构代码校验位不正确"
    return "机构代码应为18位统一社会信用代码或9位组织机构代码"


def uscc_with_check(first17: str) -> str:
    """A 统一社会信用代码 from its first 17 characters, with the check character computed."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return first17 + _USCC_ALPHABET[(31 - total % 31) % 31]
