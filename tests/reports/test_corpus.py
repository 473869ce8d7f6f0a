"""Real reports published by agencies (../shared/reports/), read as they are.

Every cell must be read as printed: a missing row or an unreadable cell is a reader bug, never the
report's. Where a file has `<name>.expected.json` beside it, the cells must equal it. Never edit a
report or its expectation to make this pass: fix the kind of problem in the reader.
"""

import json
from pathlib import Path

import pytest

from xxgk.reports.read import SUFFIXES, read_path
from xxgk.rules.checks import check_report

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "reports"
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in SUFFIXES) if CORPUS.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/reports/ holds no reports")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_report_reads_every_cell(path):
    report = read_path(path)
    findings = check_report(report)
    problems = [f for f in findings if f.rule.startswith(("structure.rows", "structure.sections", "values."))]
    assert problems == [], [f.message for f in problems]
    expected = path.with_name(path.name + ".expected.json")
    if expected.exists():
        want = json.loads(expected.read_text(encoding="utf-8"))
        got = report.as_json()
        for key in ("version", "year", "proactive", "applications", "appeals"):
            assert got[key] == want[key], key


@pytest.mark.skipif(not FILES, reason="../shared/reports/ holds no reports")
def test_what_the_real_reports_get_wrong_is_found_and_nothing_else():
    """SOURCES.md: 洪泽区 2023 prints 行政复议 and 复议后起诉 totals 0 beside non-zero parts."""
    found = {}
    for path in FILES:
        found[path.name] = sorted((f.rule, f.severity, f.where) for f in check_report(read_path(path)))
    assert found.get("huaian-hongze-2023.pdf", []) == [
        ("appeals.group_total", "error", "四/review/total"),
        ("appeals.group_total", "error", "四/suit_after_review/total"),
        ("structure.deviation", "warning", "三/other"),
        ("structure.labels", "warning", "三/withheld_law"),
    ]
    assert found.get("huaian-city-2024.pdf", []) == []
    shanghai = found.get("shanghai-govoffice-2019.html", [])
    assert [f for f in shanghai if f[1] == "error"] == []  # blank cells and unfilled totals: warnings
    assert ("table.blank", "warning", "三") in shanghai
