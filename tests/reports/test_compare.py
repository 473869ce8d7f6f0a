"""Issue 21 (3): two years of one agency side by side — every changed cell, the chain between the
years, sharp changes as notes — the same in `xxgk compare`, on the page and in the exports."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from openpyxl import load_workbook

from tests.reports.conftest import busy_report
from tests.reports.test_real_world import page
from xxgk.reports.compare import as_docx, as_xlsx, compare
from xxgk.reports.write.html import render_body
from xxgk.rules.report import Status

KINDS = ("natural", "business", "research", "ngo", "legal", "other", "total")


def two_years():
    """2023 and 2024 of one agency whose 2024 carries in what 2023 carried out."""
    last, this = busy_report("2021", 2023), busy_report("2021", 2024)
    a = this.applications
    for kind in KINDS:
        moved = last.applications["carried_out"][kind] - a["carried_in"][kind]
        a["carried_in"][kind] += moved
        a["new"][kind] -= moved
    for item in ("rules", "normative_docs"):
        p = this.proactive[item]
        p["in_force"] = last.proactive[item]["in_force"] + p["issued"] - p["repealed"]
    return last, this


def test_the_changed_cells_the_chain_and_sharp_changes():
    last, this = two_years()
    c = compare(this, last)  # given either way round: the earlier year is the old one
    assert (c.old.year, c.new.year) == (2023, 2024)
    # 现行有效 of 规章 and 规范性文件, 上年结转 of 7 columns, 五 not copied from last year.
    assert all(o.status is Status.PASSED for o in c.chain) and len(c.chain) == 10
    changed = {ch.where: ch for ch in c.changes}
    assert "三/carried_in/natural" in changed and changed["三/carried_in/natural"].delta == 1
    assert c.unchanged > 50 and not c.unknown and not c.notes

    this.applications["new"]["total"] = 3 * last.applications["new"]["total"] + 30
    this.applications["carried_in"]["total"] = 9
    c = compare(last, this)
    assert any("本年新收政府信息公开申请由2023年的" in n and "请核实" in n for n in c.notes)
    failed = [o for o in c.chain if o.status is Status.FAILED]
    assert [o.where for o in failed] == ["三/carried_in/total"] and c.chain_failed
    assert "上年结转9" in failed[0].left and "2023年结转下年度" in failed[0].right

    # Not consecutive: no chain, and the page says why.
    c = compare(busy_report("2021", 2021), this)
    assert not c.chain and "不是相邻" in c.chain_note
    # Another agency: said.
    assert any("机关不同" in n for n in compare(busy_report("2021", 2023, agency="某县教育局"), this).notes)


def test_the_exports_hold_the_comparison():
    last, this = two_years()
    c = compare(last, this)
    wb = load_workbook(io.BytesIO(as_xlsx(c)))
    rows = list(wb["变化"].iter_rows(values_only=True))
    assert rows[0] == ("位置", "2023年", "2024年", "增减") and len(rows) == len(c.changes) + 1
    assert {r[0] for r in wb["衔接"].iter_rows(min_row=2, values_only=True)} == {"通过"}
    from docx import Document

    doc = Document(io.BytesIO(as_docx(c)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "对比" in text and "衔接核对无误" in text
    assert len(doc.tables[0].rows) == len(c.changes) + 1


def test_the_command_line_compares_two_files(tmp_path):
    last, this = two_years()
    this.applications["carried_in"]["total"] = 9
    old, new = tmp_path / "2023.html", tmp_path / "2024.html"
    old.write_bytes(page(render_body(last)))
    new.write_bytes(page(render_body(this)))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "xxgk.cli",
            "compare",
            str(old),
            str(new),
            "--json",
            "--xlsx",
            str(tmp_path / "c.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr  # the chain does not hold
    data = json.loads(run.stdout)
    assert data["old"]["year"] == 2023 and data["new"]["year"] == 2024
    assert [o["where"] for o in data["chain"] if o["status"] == "failed"] == ["三/carried_in/total"]
    assert (tmp_path / "c.xlsx").stat().st_size > 0
    plain = subprocess.run(
        [sys.executable, "-m", "xxgk.cli", "compare", str(old), str(tmp_path / "missing.pdf")],
        capture_output=True,
        text=True,
    )
    assert plain.returncode == 2 and "找不到" in plain.stderr
