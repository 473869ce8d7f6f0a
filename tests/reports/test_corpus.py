"""Real reports published by agencies (../shared/corpus/), read as they are.

Every cell must be read: a missing row or an unreadable cell is a reader bug, never the report's.
Where a file has `<name>.expected.json` beside it, the cells must equal it.
"""

import json
from pathlib import Path

import pytest

from xxgk.reports.read import SUFFIXES, read_path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in SUFFIXES) if CORPUS.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/corpus/ holds no reports yet")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_report_reads_every_cell(path):
    report = read_path(path)
    reader_problems = [f for f in report.reader_findings if f.rule.startswith(("structure.rows", "values."))]
    assert reader_problems == [], [f.message for f in reader_problems]
    expected = path.with_name(path.name + ".expected.json")
    if expected.exists():
        want = json.loads(expected.read_text(encoding="utf-8"))
        got = report.as_json()
        for key in ("version", "year", "proactive", "applications", "appeals"):
            assert got[key] == want[key], key
