"""Text from outside made safe to store and to write into any format (pure Python).

Control characters (a NUL, a vertical tab pasted from Word, bidi overrides that make text read
backwards) have no place in a form field: XLSX and DOCX cannot hold most of them, and export and
letters failed with 500 on one. `clean` removes them at the boundary (every form submission, every
imported ledger cell); the writers call it again, since stored text may predate the boundary.
"""

from __future__ import annotations

import re

# C0 controls but tab, newline and carriage return; DEL and C1 controls; bidi embedding, override
# and isolate marks; BOM / zero-width no-break space; lone surrogates; the two noncharacters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)
# A cell text that a spreadsheet program would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """`text` without control characters (tab and line breaks kept); \r\n and \r become \n."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell: cleaned, and a leading = + - @ made inert with an apostrophe, which
    spreadsheet programs show as text and ledgers.read_table removes again."""
    text = clean(text)
    return "'" + text if is_formula(text) else text


def html_text(text: str) -> str:
    """Text for HTML (and the PDF made from it): cleaned and escaped."""
    import html

    return html.escape(clean(text))
