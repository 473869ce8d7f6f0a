import json
from decimal import Decimal

from tests.reports.conftest import busy_report
from xxgk.cli import main
from xxgk.reports.review import MixedReports, check_sum, sum_reports
from xxgk.reports.write.text import render_text
from xxgk.rules.report import Finding, Severity


def test_sum_adds_cell_by_cell_and_keeps_unknown_unknown():
    a, b = busy_report("2021", 2024, "甲局"), busy_report("2021", 2024, "乙局")
    b.applications["new"]["natural"] = None  # the reader could not read it:
    b.reader_findings = [Finding("values.non_negative_integer", Severity.ERROR, "无法识别", "三/new/natural")]
    b.applications["new"]["business"] = None  # printed blank: adds as 0
    total = sum_reports([a, b])
    assert total.proactive["rules"]["issued"] == 2 * a.proactive["rules"]["issued"]
    assert str(total.proactive["fees"]["amount_wan"]) == "24.70"
    assert total.applications["new"]["natural"] is None
    assert total.applications["new"]["business"] == a.applications["new"]["business"]
    assert total.appeals["review"]["total"] == 2 * a.appeals["review"]["total"]


def test_sum_converts_amount_units_and_refuses_to_guess_a_missing_one():
    a, b = busy_report("2019", 2020, "甲局"), busy_report("2019", 2020, "乙局")
    a.proactive["procurement"]["amount"] = Decimal("251000")
    a.units["二/procurement/amount"] = "元"
    b.proactive["procurement"]["amount"] = Decimal("12.5")
    b.units["二/procurement/amount"] = "万元"
    total = sum_reports([a, b])
    assert total.proactive["procurement"]["amount"] == Decimal("376000")
    assert total.units["二/procurement/amount"] == "元"
    del b.units["二/procurement/amount"]  # 12.5 of what?
    total = sum_reports([a, b])
    assert total.proactive["procurement"]["amount"] is None
    assert [f.rule for f in check_sum(total) if f.where == "二/procurement/amount"] == ["sum.units"]
    # A 2021 fee printed in 元 in a column that states 万元:
    c, d = busy_report("2021", 2024, "甲局"), busy_report("2021", 2024, "乙局")
    c.proactive["fees"]["amount_wan"] = Decimal("5000")
    c.units["二/fees/amount_wan"] = "元"
    d.proactive["fees"]["amount_wan"] = Decimal("1.5")
    assert sum_reports([c, d]).proactive["fees"]["amount_wan"] == Decimal("2")


def test_sum_keeps_the_single_other_row_of_a_2021_report_printed_in_the_2019_layout():
    a, b = busy_report("2021", 2024, "甲局"), busy_report("2021", 2024, "乙局")
    subrows = [b.applications[c] for c in ("other_no_correction", "other_no_fee", "other_misc")]
    b.applications["other"] = {k: sum(r[k] for r in subrows) for k in subrows[0]}
    for code in ("other_no_correction", "other_no_fee", "other_misc"):
        b.applications[code] = dict.fromkeys(b.applications[code])
    b.not_printed = {f"三/{c}" for c in ("other_no_correction", "other_no_fee", "other_misc")}
    total = sum_reports([a, b])
    assert total.applications["other"]["total"] == b.applications["other"]["total"]
    assert total.applications["other_misc"]["total"] == a.applications["other_misc"]["total"]
    assert [f for f in check_sum(total) if f.rule == "apps.handled_sum"] == []


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
