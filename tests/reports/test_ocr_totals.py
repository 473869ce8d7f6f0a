"""Issue 21 (6): an uncertain scanned cell that OCR read two ways is settled by the table's sums only
when exactly one reading makes every sum it stands in hold — never a wrong certain cell."""

from __future__ import annotations

from dataclasses import replace

from tests.reports.conftest import busy_report
from xxgk.reports.interpret import interpret
from xxgk.reports.read.text import tokenize_text
from xxgk.reports.write.text import render_text


def _tokens(report):
    return tokenize_text(render_text(report))


def _doubt(tokens, label: str, column: int, text: str, alternative: str):
    """The `column`-th figure after the row labelled `label`, as OCR gives a cell it is unsure of."""
    at = next(n for n, t in enumerate(tokens) if t.text.startswith(label)) + 1 + column
    tokens[at] = replace(tokens[at], text=text, uncertain=True, alternative=alternative)
    return tokens


def _uncertain(report):
    return {f.where for f in report.reader_findings if f.rule == "values.uncertain"}


def test_the_reading_the_sums_hold_with_is_taken_and_no_longer_doubted():
    printed = busy_report("2021", 2024)
    right = printed.applications["new"]["natural"]  # 22
    # The digit model read 28 (taken first), the Chinese model 22: the sums decide for 22.
    tokens = _doubt(_tokens(printed), "一、本年新收", 0, str(right + 6), str(right))
    read = interpret(tokens)
    assert read.applications["new"]["natural"] == right and "三/new/natural" not in _uncertain(read)
    # The other way round too: the first reading is right.
    tokens = _doubt(_tokens(printed), "一、本年新收", 0, str(right), str(right + 6))
    read = interpret(tokens)
    assert read.applications["new"]["natural"] == right and not _uncertain(read)


def test_a_cell_stays_uncertain_unless_exactly_one_reading_holds():
    printed = busy_report("2021", 2024)
    right = printed.applications["new"]["natural"]
    # Both readings wrong: neither makes the sums hold; kept as read, still doubted.
    read = interpret(_doubt(_tokens(printed), "一、本年新收", 0, str(right + 6), str(right + 1)))
    assert "三/new/natural" in _uncertain(read) and read.applications["new"]["natural"] == right + 6
    # No second reading, and the one there fails the sums: nothing to choose from.
    read = interpret(_doubt(_tokens(printed), "一、本年新收", 0, str(right + 6), ""))
    assert "三/new/natural" in _uncertain(read)
    # Every sum of the cell leans on another doubtful cell that no sum settles: it stays doubted.
    tokens = _doubt(_tokens(printed), "一、本年新收", 0, str(right + 6), str(right))
    tokens = _doubt(tokens, "一、本年新收", 6, "999", "")
    tokens = _doubt(tokens, "二、上年结转", 0, "9", "")
    read = interpret(tokens)
    assert {"三/new/natural", "三/new/total", "三/carried_in/natural"} <= _uncertain(read)


def test_doubtful_cells_settle_one_another_through_the_sums():
    """Settled cells make more sums decidable: the row total from its column, then the cell from the
    row, then the next year's carried-in from the column — each the printed figure."""
    printed = busy_report("2021", 2024)
    a = printed.applications
    tokens = _doubt(
        _tokens(printed), "一、本年新收", 0, str(a["new"]["natural"] + 6), str(a["new"]["natural"])
    )
    tokens = _doubt(tokens, "一、本年新收", 6, "999", str(a["new"]["total"]))
    tokens = _doubt(tokens, "二、上年结转", 0, "9", str(a["carried_in"]["natural"]))
    # A reading the two models agreed on, with low confidence: the sums confirm it.
    tokens = _doubt(tokens, "二、上年结转", 1, str(a["carried_in"]["business"]), "")
    read = interpret(tokens)
    assert not _uncertain(read)
    assert read.as_json()["applications"] == printed.as_json()["applications"]
