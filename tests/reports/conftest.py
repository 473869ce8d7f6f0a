from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from xxgk.rules.formats import SECTIONS, report_format
from xxgk.rules.report import AnnualReport

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_ad288fcdc6056ce1.txt"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seed report at {SEED}")  # never pass CI by skipping
        pytest.skip("../shared/seed is not beside this checkout")
    return SEED


def busy_report(
    version: str = "2021", year: int = 2024, agency: str = "某市某区发展和改革委员会"
) -> AnnualReport:
    """A balanced report with distinct non-zero numbers in every table, so a misplaced cell shows."""
    fmt = report_format(version)
    r = AnnualReport.blank(version, fill=0, year=year, agency=agency)
    for i, item in enumerate(fmt.proactive):
        for j, col in enumerate(item.columns):
            r.proactive[item.code][col.code] = (
                Decimal("12.35") if col.kind == "amount" else (-2 if col.kind == "delta" else 10 * i + j + 1)
            )
    kinds = ("natural", "business", "research", "ngo", "legal", "other")
    results = [row.code for row in fmt.result_rows]
    for k, kind in enumerate(kinds):
        handled = 0
        for n, code in enumerate(results):
            value = (n + k) % 3
            r.applications[code][kind] = value
            handled += value
        r.applications["carried_in"][kind] = k + 1
        r.applications["carried_out"][kind] = 2
        r.applications["new"][kind] = handled + 2 - (k + 1)
        r.applications["handled_total"][kind] = handled
    for row in fmt.application_rows:
        r.applications[row.code]["total"] = sum(r.applications[row.code][k] for k in kinds)
    for g, (group, _) in enumerate(fmt.appeal_groups):
        cells = r.appeals[group]
        cells.update(upheld=3 + g, corrected=1, other=0, pending=g)
        cells["total"] = cells["upheld"] + cells["corrected"] + cells["other"] + cells["pending"]
    texts = {key: f"{title}的说明文字。" for key, title in SECTIONS}
    texts["一"] = "(一)主动公开情况\n全年共公开政府信息120条,其中工作动态80条、通知公告30条、政策解读10条。"
    texts["六"] = "本年度未收取信息处理费。"
    r.with_standard_sections(texts)
    r.preamble = "本报告依据《中华人民共和国政府信息公开条例》编制。"
    return r
