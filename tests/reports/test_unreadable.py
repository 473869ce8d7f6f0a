"""Issue 21 (5): a report whose tables are not understood gets one finding that says so and what to
upload instead — never dozens of row, cell and section errors made from a table that was never found."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reports.conftest import busy_report
from tests.reports.test_real_world import page
from xxgk.reports.read import read_bytes
from xxgk.reports.write.html import render_body
from xxgk.rules.checks import check_report

REPORTS = Path(__file__).resolve().parents[3] / "shared" / "reports"


def _crawled(html: str) -> str:
    """A page as a crawler saves it: the tags gone, each table row's cells run together on one line."""
    html = re.sub(r"</t[dh]>", "", html)
    html = re.sub(r"<(/p|/tr|br/?|/h\d)>", "\n", html)
    return re.sub(r"<[^>]+>", "", html)


def test_run_together_cells_give_one_finding_and_no_number_checked():
    report = busy_report("2021", 2024)
    text = _crawled(render_body(report))
    assert "本年新收政府信息公开申请数量" in text and "|" not in text
    back = read_bytes(text.encode(), "crawled.txt")
    findings = check_report(back)
    assert [(f.rule, f.severity) for f in findings] == [("structure.tables", "error")]
    assert "未能识别表格" in findings[0].message and "请上传原始文件" in findings[0].message
    # Nothing is read off a table that was not found: no digits split by guessing, no blank cells.
    assert all(v is None for _, row, col, _ in back.cells() for v in [row.get(col)])
    assert back.blank_cells() == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_a_real_report_saved_as_plain_text_gives_one_finding(tmp_path):
    """洪泽区 2023 as `pdftotext -raw` gives it: the tables' cells on lines, separated by spaces."""
    out = tmp_path / "hongze.txt"
    subprocess.run(["pdftotext", "-raw", str(REPORTS / "huaian-hongze-2023.pdf"), str(out)], check=True)
    back = read_bytes(out.read_bytes(), "hongze.txt")
    assert back.year == 2023
    assert [f.rule for f in check_report(back)] == ["structure.tables"]


def test_one_missing_table_is_one_finding_at_its_part_and_the_rest_is_checked():
    report = busy_report("2021", 2024)
    body = render_body(report)
    # Section 四's table printed as a picture: its heading stays, its table is gone.
    start = body.index("<table", body.index("四、政府信息公开行政复议"))
    body = body[:start] + "<p>(表格见图片)</p>" + body[body.index("</table>", start) + len("</table>") :]
    back = read_bytes(page(body), "no-appeals.html")
    findings = check_report(back)
    in_four = [f for f in findings if f.where.split("/")[0] == "四"]
    assert [(f.rule, f.where) for f in in_four] == [("structure.rows", "四")], in_four
    assert "未找到" in in_four[0].message
    # The other tables are read and checked as before: no finding about them.
    assert not [f for f in findings if f.severity == "error" and f.where.split("/")[0] in ("二", "三")]
    assert back.applications["new"]["total"] == report.applications["new"]["total"]
