"""Narrative text helpers: Chinese numerals, sub-section locations, accidental repetition."""

from __future__ import annotations

import logging
import re
from datetime import date
from functools import cache
from typing import Any

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ANY_REPEAT = re.compile(r"([\u4e00-\u9fff]{1,4})\1")
_SUBSECTION = re.compile(r"^\s*[((]([一二三四五六七八九十]+)[))]", re.M)
_FULLWIDTH = str.maketrans("0123456789", "0123456789")


def parse_cn_number(text: str) -> int | None:
    """81, 81 or 八十一 → 81; None when it is not a number."""
    text = text.strip().translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    try:
        import cn2an

        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) else None


def subsection_at(section_key: str, text: str, offset: int) -> str:
    """Where `offset` stands: the section and the last (一)-style heading before it, e.g. 一(二)."""
    marker = ""
    for m in _SUBSECTION.finditer(text):
        if m.start() > offset:
            break
        marker = f"({m.group(1)})"
    return section_key + marker


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _token_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for _word, start, end in _jieba().tokenize(sentence):
        spans.append((start, end))
    return spans


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _single_token(spans: list[tuple[int, int]], pos: int) -> bool:
    return (pos, pos + 1) in spans


def repeated_fragments(text: str, context: int = 8) -> list[tuple[int, str, str]]:
    """Accidental repetitions in `text`: (offset, fragment, context) for each.

    A word written twice (广大广大, 工作工作) is flagged unless the doubled form is itself one word of
    the dictionary; a character written twice (上级级) is flagged only where one of the two stands alone
    as a one-character token, so that correct reduplication (常常, 人人, 一项项) and a repeat that falls on
    a word boundary (人民民主, 每天天气) are not.
    """
    hits: list[tuple[int, str, str]] = []
    for sentence_match in re.finditer(r"[^。!?;\n!?;]+", text):
        sentence = sentence_match.group()
        base = sentence_match.start()
        if not _ANY_REPEAT.search(sentence):
            continue
        spans = _token_spans(sentence)
        i = 0
        n_chars = len(sentence)
        while i < n_chars - 1:
            found = 0
            shown = (i, i)  # the span to show: the repeat plus the word it belongs to
            for size in (4, 3, 2):
                a, b = sentence[i : i + size], sentence[i + size : i + 2 * size]
                if (
                    len(b) == size
                    and a == b
                    and all(_CJK.match(c) for c in a)
                    and not _covered(spans, i, i + 2 * size)
                ):
                    found = 2 * size
                    shown = (i, i + found)
                    break
            if not found and sentence[i] == sentence[i + 1] and _CJK.match(sentence[i]):
                in_one_word = _covered(spans, i, i + 2)
                lone = _single_token(spans, i) or _single_token(spans, i + 1)
                measure = i > 0 and sentence[i - 1] == "一"  # 一个个, 一项项: correct
                if not in_one_word and lone and not measure:
                    found = 2
                    if _single_token(spans, i + 1):  # 上级|级: show the word and its stray copy
                        word = next((sp for sp in spans if sp[0] <= i < sp[1]), (i, i + 1))
                        shown = (word[0], i + 2)
                    else:  # 级|级别: the stray copy and the word
                        word = next((sp for sp in spans if sp[0] <= i + 1 < sp[1]), (i + 1, i + 2))
                        shown = (i, word[1])
            if found:
                frag = sentence[shown[0] : shown[1]]
                ctx = sentence[max(0, shown[0] - context) : shown[1] + context]
                hits.append((base + shown[0], frag, ctx))
                i += found
            else:
                i += 1
    return hits


def chinese_date(d: date) -> str:
    """2026年1月31日 — without strftime's %-m, which Windows (many agencies' servers) lacks."""
    return f"{d.year}年{d.month}月{d.day}日"
