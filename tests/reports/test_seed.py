import json

from xxgk.cli import main
from xxgk.reports.read import read_path
from xxgk.rules.checks import check_report

ZERO7 = {"natural": 0, "business": 0, "research": 0, "ngo": 0, "legal": 0, "other": 0, "total": 0}
ZERO5 = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
EXPECTED_FINDINGS = [
    ("text.totals", "warning", "一(一)", "81"),
    ("text.repeated_chars", "warning", "一(二)", "“重点重点”"),
    ("text.repeated_chars", "warning", "一(四)", "“广大广大”"),
    ("text.repeated_chars", "warning", "一(四)", "“工作工作”"),
    ("text.repeated_chars", "warning", "五", "“上级级”"),
]


def assert_seed_json(out: dict) -> None:
    assert (out["version"], out["year"], out["agency"]) == ("2019", 2020, None)
    assert out["proactive"] == {
        "rules": {"made": 0, "published": 0, "total_public": 0},
        "normative_docs": {"made": 1, "published": 1, "total_public": 1},
        "licensing": {"prev_year": 0, "change": 0, "decisions": 0},
        "other_services": {"prev_year": 0, "change": 0, "decisions": 0},
        "penalty": {"prev_year": 0, "change": 0, "decisions": 0},
        "coercion": {"prev_year": 0, "change": 0, "decisions": 0},
        "fees": {"prev_year": 0, "change": 0},
        "procurement": {"count": 0, "amount": "0"},  # amounts are decimal strings
    }
    assert len(out["applications"]) == 23  # 2019: 2 + 18 results + (六) + (七) + 四
    assert all(cells == ZERO7 for cells in out["applications"].values())
    assert out["appeals"] == {"review": ZERO5, "suit_direct": ZERO5, "suit_after_review": ZERO5}
    got = [(f["rule"], f["severity"], f["where"]) for f in out["findings"]]
    assert got == [e[:3] for e in EXPECTED_FINDINGS]
    for finding, (*_, needle) in zip(out["findings"], EXPECTED_FINDINGS, strict=True):
        assert needle in finding["message"]


def test_seed_reads_every_cell_and_exactly_the_expected_findings(seed_path):
    report = read_path(seed_path)
    assert_seed_json(report.as_json(check_report(report)))
    assert [s.key for s in report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert report.section("六").text == "无。"


def test_cli_check_json_on_the_seed(seed_path, capsys):
    assert main(["check", str(seed_path), "--json"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1
    parsed = json.loads(lines[0])
    assert parsed["source"] == str(seed_path)
    assert_seed_json(parsed)
    assert "共读取1份报告,0份有错误,1份有警告" in err


def test_cli_check_text_and_workbook(seed_path, tmp_path, capsys):
    from openpyxl import load_workbook

    out_file = tmp_path / "核查.xlsx"
    assert main(["check", str(seed_path), str(tmp_path / "none"), "--xlsx", str(out_file)]) == 2
    assert "找不到文件或目录" in capsys.readouterr().err
    assert main(["check", str(seed_path), "--xlsx", str(out_file)]) == 0
    text = capsys.readouterr().out
    assert "规范性文件:本年新制作数量=1" in text and "“上级级”疑为误重复" in text
    wb = load_workbook(out_file)
    cells, problems = wb["单元格"], wb["问题"]
    assert cells.max_row == 3  # two header rows, one row per report
    codes = [c.value for c in cells[2]]
    assert cells.cell(3, codes.index("proactive.normative_docs.made") + 1).value == 1
    assert cells.cell(3, codes.index("version") + 1).value == "2019"
    assert [r[2] for r in problems.iter_rows(min_row=2, values_only=True)] == ["警告"] * 5
