import json

from tests.reports.conftest import busy_report
from xxgk.cli import main
from xxgk.reports.review import MixedReports, sum_reports
from xxgk.reports.write.text import render_text


def test_sum_adds_cell_by_cell_and_keeps_unknown_unknown():
    a, b = busy_report("2021", 2024, "甲局"), busy_report("2021", 2024, "乙局")
    b.applications["new"]["natural"] = None
    total = sum_reports([a, b])
    assert total.proactive["rules"]["issued"] == 2 * a.proactive["rules"]["issued"]
    assert str(total.proactive["fees"]["amount_wan"]) == "24.70"
    assert total.applications["new"]["natural"] is None
    assert total.appeals["review"]["total"] == 2 * a.appeals["review"]["total"]


def test_sum_refuses_mixed_versions_and_years():
    import pytest

    with pytest.raises(MixedReports, match="不同格式版本"):
        sum_reports([busy_report("2019", 2020), busy_report("2021", 2021)])
    with pytest.raises(MixedReports, match="不同年度"):
        sum_reports([busy_report("2021", 2023), busy_report("2021", 2024)])


def test_cli_sum(seed_path, tmp_path, capsys):
    other = tmp_path / "另一局.txt"
    other.write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["sum", str(seed_path), str(other), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["proactive"]["normative_docs"] == {"made": 2, "published": 2, "total_public": 2}
    assert out["year"] == 2020 and out["version"] == "2019"
    assert [len(r["findings"]) for r in out["reports"]] == [5, 5]
    assert out["findings"] == []

    newer = tmp_path / "2021.txt"
    newer.write_text(render_text(busy_report("2021", 2021)), encoding="utf-8")
    assert main(["sum", str(seed_path), str(newer)]) == 2
    assert "不能汇总不同格式版本的报告" in capsys.readouterr().err


def test_cli_check_folder_with_errors_exits_1(tmp_path, capsys):
    report = busy_report("2021", 2024)
    report.applications["new"]["natural"] += 1
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.txt").write_text(render_text(report), encoding="utf-8")
    (tmp_path / "good.html").write_text(render_text(busy_report()), encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    assert main(["check", str(tmp_path), "--json"]) == 1
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 2
    assert "共读取2份报告,2份有错误" in err  # good.html holds text, not HTML: read as HTML it fails
