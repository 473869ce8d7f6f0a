"""年报核查 throughput: reports read and checked per second, per input kind, next to a baseline
measured in the same run on the same files (read the bytes, one regex pass over them).

    .venv/bin/python -m benchmarks.bench_readers [--scale 1.0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.generate import write_corpus
from xxgk.reports.compare import compare
from xxgk.reports.read import read_path
from xxgk.rules.checks import assess

BASE_COUNTS = {"txt": 200, "html": 200, "html-site": 200, "docx": 100, "pdf": 12}
# Reports agencies really published (../shared/reports/), each read this many times per run.
REAL = Path(__file__).resolve().parents[2] / "shared" / "reports"
REAL_REPEATS = {"real-html": 40, "real-pdf": 4}
_DIGITS = re.compile(rb"\d+")


def baseline(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        _DIGITS.findall(path.read_bytes())
    return time.perf_counter() - start


def xxgk(files: list[Path], real: bool = False) -> float:
    start = time.perf_counter()
    for path in files:
        report = read_path(path)
        findings, _ = assess(report)  # the findings and the checklist, as the worker makes them
        if real:  # real reports may be wrong themselves; what the reader must not do is miss a cell
            bad = [f for f in findings if f.rule.startswith(("structure.rows", "values."))]
        else:  # generated reports balance: any error is a reader bug
            bad = [f for f in findings if f.severity == "error"]
        assert not bad, (path, bad[:3])
    return time.perf_counter() - start


def real_reports(scale: float) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for kind, suffixes in (("real-html", (".html", ".htm")), ("real-pdf", (".pdf",))):
        files = sorted(p for p in REAL.glob("*") if p.suffix.lower() in suffixes) if REAL.exists() else []
        if files:
            found[kind] = files * max(1, int(REAL_REPEATS[kind] * scale))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="corpus size factor")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    counts = {k: max(2, int(v * args.scale)) for k, v in BASE_COUNTS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        corpus = write_corpus(Path(tmp), counts)
        print(f"generated {sum(counts.values())} reports in {time.perf_counter() - t0:.1f} s")
        xxgk(corpus["txt"][:2])  # warm up: jieba's dictionary, imports
        header = ("kind", "files", "xxgk rep/s", "baseline files/s", "ratio (xxgk/baseline time)")
        print(f"{header[0]:<10} {header[1]:>5} {header[2]:>11} {header[3]:>17} {header[4]:>27}")
        for kind, files in {**corpus, **real_reports(args.scale)}.items():
            real = kind.startswith("real-")
            ours = statistics.median(xxgk(files, real) for _ in range(args.repeat))
            base = statistics.median(baseline(files) for _ in range(args.repeat))
            n = len(files)
            print(f"{kind:<10} {n:>5} {n / ours:>11.1f} {n / base:>17.0f} {ours / base:>27.0f}")
        checks_and_comparison(corpus["html"], args.repeat)


def checks_and_comparison(files: list[Path], repeat: int) -> None:
    """The paths after reading, on reports already read: every rule with its checklist (assess), and
    two years side by side (compare); the baseline is the report's JSON (as_json), which also
    visits every cell."""
    reports = [read_path(p) for p in files]
    pairs = list(itertools.pairwise(reports))

    def timed(step: Callable[..., object], items: Sequence[object]) -> float:
        start = time.perf_counter()
        for item in items:
            if isinstance(item, tuple):
                step(*item)
            else:
                step(item)
        return time.perf_counter() - start

    for label, step, items, base in (
        ("checklist", assess, reports, lambda r: r.as_json()),
        ("compare", compare, pairs, lambda a, b: (a.as_json(), b.as_json())),
    ):
        ours = statistics.median(timed(step, items) for _ in range(repeat))
        theirs = statistics.median(timed(base, items) for _ in range(repeat))
        n = len(items)
        print(f"{label:<10} {n:>5} {n / ours:>11.1f} {n / theirs:>17.0f} {ours / theirs:>27.1f}")


if __name__ == "__main__":
    main()
