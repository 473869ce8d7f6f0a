from decimal import Decimal

from xxgk.rules.checks import (
    check_carry_chain,
    check_in_force,
    check_repeated_chars,
    check_report,
    check_text_against_tables,
    check_text_totals,
)
from xxgk.rules.formats import SECTIONS
from xxgk.rules.report import AnnualReport, Section, Severity

SEED_TOTALS = (
    "(一)加强组织领导,健全工作机构\n"
    "2020年,我委共公开政府信息81条,其中财务公开4条、规划计划3条、行政审批8条、其他信息55条等各类体裁公开内容。"
)


def clean_report(version="2019", year=2020) -> AnnualReport:
    report = AnnualReport.blank(version, fill=0, year=year)
    texts = {k: "无" for k, _ in SECTIONS}
    texts["五"] = "个别栏目更新不够及时,下一步将加强审核。"
    texts["六"] = "本年度未收取信息处理费。"
    return report.with_standard_sections(texts)


def rules(findings):
    return sorted(f.rule for f in findings)


def test_all_zero_report_is_clean():
    assert check_report(clean_report()) == []
    assert check_report(clean_report("2021", 2023)) == []


def test_balanced_applications_pass_and_a_changed_number_fails():
    r = clean_report()
    a = r.applications
    a["new"].update(natural=3, business=1, total=4)
    a["granted"].update(natural=2, total=2)
    a["partial"].update(business=1, total=1)
    a["handled_total"].update(natural=2, business=1, total=3)
    a["carried_out"].update(natural=1, total=1)
    assert check_report(r) == []
    a["granted"]["natural"] = 3  # one result too many
    found = check_report(r)
    assert set(rules(found)) == {"apps.row_total", "apps.handled_sum"}
    where = {f.where for f in found}
    assert "三/handled_total/natural" in where and "三/granted/total" in where


def test_balance_per_column():
    r = clean_report()
    r.applications["new"].update(legal=1, total=1)
    found = [f for f in check_report(r) if f.rule == "apps.balance"]
    assert {f.where for f in found} == {"三/legal", "三/total"}
    assert all(f.severity is Severity.ERROR for f in found)
    assert "法律服务机构" in found[0].message


def test_appeal_group_total():
    r = clean_report()
    r.appeals["review"].update(upheld=1, pending=1, total=3)
    (f,) = check_report(r)
    assert (f.rule, f.where) == ("appeals.group_total", "四/review/total")


def test_values_null_negative_and_amounts():
    r = clean_report()
    r.applications["new"]["ngo"] = None
    r.proactive["licensing"]["change"] = -3  # 本年增/减 may be negative
    r.proactive["procurement"]["amount"] = Decimal("12.50")
    found = check_report(r)
    # A blank cell is no error: counted as 0, and said once for its table.
    assert [(f.rule, f.severity, f.where) for f in found] == [("table.blank", "warning", "三")]
    r.proactive["licensing"]["decisions"] = -1
    assert "二/licensing/decisions" in {f.where for f in check_report(r)}


def test_a_sum_with_a_blank_cell_is_a_warning_and_with_printed_numbers_an_error():
    r = clean_report()
    r.applications["granted"].update(natural=5, total=None)  # 总计 left blank, as many agencies do
    r.applications["handled_total"].update(natural=5, total=5)
    r.applications["new"].update(natural=5, total=5)
    found = {f.rule: f for f in check_report(r)}
    assert found["apps.row_total"].severity == "warning"
    assert "空白" in found["apps.row_total"].message
    r.applications["granted"]["total"] = 4  # printed, and wrong
    found = {f.rule: f for f in check_report(r)}
    assert found["apps.row_total"].severity == "error"


def test_version_year_mismatch():
    found = check_report(clean_report("2019", 2023))
    assert rules(found) == ["structure.version_year"]
    assert "2021版" in found[0].message


def test_sections_missing_out_of_order_and_empty_six():
    r = clean_report()
    r.sections = [s for s in r.sections if s.key != "五"]
    assert rules(check_report(r)) == ["structure.sections"]
    r = clean_report()
    r.sections[0], r.sections[1] = r.sections[1], r.sections[0]
    assert "顺序" in check_report(r)[0].message
    r = clean_report()
    r.sections[-1].text = "  "
    (f,) = check_report(r)
    assert f.where == "六" and "无" in f.message


def test_carry_chain_and_in_force_across_years():
    last = clean_report("2021", 2023)
    last.applications["carried_out"].update(natural=2, total=2)
    last.proactive["normative_docs"].update(in_force=10)
    this = clean_report("2021", 2024)
    this.applications["carried_in"].update(natural=2, total=2)
    this.proactive["normative_docs"].update(issued=3, repealed=1, in_force=12)
    assert check_carry_chain(this, last) == []
    assert check_in_force(this, last) == []
    this.applications["carried_in"].update(natural=1, total=1)
    assert {f.where for f in check_carry_chain(this, last)} == {
        "三/carried_in/natural",
        "三/carried_in/total",
    }
    this.proactive["normative_docs"]["in_force"] = 11
    (f,) = check_in_force(this, last)
    assert f.severity is Severity.WARNING and "10+本年制发3-本年废止1=12" in f.message
    assert check_carry_chain(this, None) == []


def test_seed_totals_sentence_is_a_warning_because_it_ends_with_deng():
    r = clean_report()
    r.sections[0] = Section("一", "总体情况", SEED_TOTALS)
    (f,) = check_text_totals(r)
    assert f.severity is Severity.WARNING
    assert f.where == "一(一)"
    assert "81" in f.message and "70" in f.message


def test_totals_mismatch_without_deng_is_an_error_and_a_match_is_fine():
    r = clean_report()
    r.sections[0] = Section("一", "总体情况", "共公开信息十条,其中工作动态6条、通知公告3条。")
    (f,) = check_text_totals(r)
    assert f.severity is Severity.ERROR
    r.sections[0] = Section("一", "总体情况", "共公开信息9条,其中工作动态6条、通知公告3条。")
    assert check_text_totals(r) == []


def test_narrative_figures_are_compared_with_the_tables():
    r = clean_report()
    r.applications["new"].update(natural=3, total=3)
    r.applications["handled_total"].update(natural=3, total=3)
    r.applications["granted"].update(natural=3, total=3)
    r.appeals["suit_direct"].update(pending=1, total=1)
    r.sections[0] = Section(
        "一", "总体情况", "(二)依申请公开\n全年新收政府信息公开申请3件,因公开引起行政诉讼1件。"
    )
    assert check_text_against_tables(r) == []
    r.sections[0] = Section("一", "总体情况", "(二)依申请公开\n全年收到申请五件,上年结转2件,行政复议1件。")
    found = check_text_against_tables(r)
    assert [(f.severity, f.where) for f in found] == [(Severity.WARNING, "一(二)")] * 3
    assert found[0].message == "正文“收到申请五件”与第三部分“本年新收政府信息公开申请数量”(3件)不符"


SEED_REPEATS = {
    "一": "(二)规范程序\n聚焦三大攻坚战、深化“放管服”改革、重点重点民生领域等社会热点问题及时予以公开。\n"
    "(四)用好载体\n为了方便广大广大群众办事和了解日常工作工作,我委坚持把政务公开工作纳入重要议程。",
    "五": "加强各单位之间的相互沟通和与上级级部门的工作对接。",
}


def test_seed_repetitions_are_found_with_location():
    r = clean_report()
    r.sections[0] = Section("一", "总体情况", SEED_REPEATS["一"])
    r.sections[4] = Section("五", "存在的主要问题及改进情况", SEED_REPEATS["五"])
    found = check_repeated_chars(r)
    got = [(f.message.split("”")[0].lstrip("“"), f.where) for f in found]
    assert got == [("重点重点", "一(二)"), ("广大广大", "一(四)"), ("工作工作", "一(四)"), ("上级级", "五")]
    assert all(f.severity is Severity.WARNING for f in found)


def test_correct_reduplication_and_word_boundaries_are_not_flagged():
    text = (
        "我们常常深入基层,人人参与,天天更新。一项项措施层层落实,认认真真做好工作。"
        "发扬人民民主,每天天气良好,我委委员会议,公开开展工作,谢谢大家,仅仅如此,家家户户。"
        "2020年共100条。"
    )
    r = clean_report()
    r.sections[0] = Section("一", "总体情况", text)
    assert check_repeated_chars(r) == []


def test_every_rule_the_code_can_emit_has_a_name_for_people():
    """Issue 12: rule codes appeared raw (text.repeated_chars) on the pages."""
    import re
    from pathlib import Path

    from xxgk.rules.report import RULE_LABELS

    source = "".join(p.read_text(encoding="utf-8") for p in Path("xxgk").rglob("*.py"))
    emitted = set(re.findall(r'Finding\(\s*"([a-z_]+\.[a-z_]+)"', source))
    assert emitted and emitted <= set(RULE_LABELS), emitted - set(RULE_LABELS)


def test_the_checklist_lists_every_rule_with_both_sides_and_its_findings_are_check_report_s():
    from xxgk.rules.checks import assess, checklist
    from xxgk.rules.report import Finding, Status

    r = clean_report("2021", 2023)
    outcomes = checklist(r)
    assert {o.status for o in outcomes} == {Status.PASSED, Status.UNKNOWN}
    assert {o.rule for o in outcomes if o.status is Status.UNKNOWN} == {
        "proactive.in_force",
        "apps.carry_chain",
        "text.five_repeated",
    }
    r.applications["new"].update(natural=3, total=3)
    r.applications["handled_total"].update(natural=3, total=3)
    findings, outcomes = assess(r)
    failed = [o for o in outcomes if o.status is Status.FAILED]
    assert [f for o in failed for f in o.findings] == findings == check_report(r)
    balance = next(o for o in failed if o.rule == "apps.handled_sum" and o.where == "三/handled_total/total")
    assert "= 0" in balance.left and balance.right == "(七)总计3"
    passed = next(o for o in outcomes if o.rule == "apps.balance" and o.where == "三/total")
    assert passed.status is Status.PASSED
    assert (passed.left, passed.right) == ("本年新收3 + 上年结转0 = 3", "办理结果总计3 + 结转下年度0 = 3")
    # With last year's report the chain is judged; a cell not read makes a sum not assessable.
    last = clean_report("2021", 2022)
    chained = checklist(r, last)
    assert all(o.status is Status.PASSED for o in chained if o.rule == "apps.carry_chain")
    r.applications["carried_in"]["total"] = None
    r.reader_findings = [
        Finding("values.non_negative_integer", Severity.ERROR, "无法识别", "三/carried_in/total")
    ]
    unknown = next(o for o in checklist(r) if o.rule == "apps.balance" and o.where == "三/total")
    assert unknown.status is Status.UNKNOWN and "上年结转未能读出" in unknown.note
    assert checklist(r)[0].status is Status.FAILED  # the reading itself


def test_a_finding_keeps_its_fingerprint_when_its_numbers_change():
    from xxgk.reports.review import CheckedReport, fingerprints
    from xxgk.rules.report import Finding

    one = Finding("apps.balance", Severity.ERROR, "第三部分“总计”列不平衡:12 ≠ 13", "三/total")
    two = Finding("apps.balance", Severity.ERROR, "第三部分“总计”列不平衡:14 ≠ 15", "三/total")
    a = AnnualReport.blank("2021", year=2023, agency="某区 教育局")
    b = AnnualReport.blank("2021", year=2023, agency="某区教育局")
    first = fingerprints(CheckedReport("a.pdf", report=a, findings=[one, one]))
    assert fingerprints(CheckedReport("另一个名字.docx", report=b, findings=[two, two])) == first
    assert len(set(first)) == 2  # two findings at one place are two
    c = AnnualReport.blank("2021", year=2022, agency="某区教育局")
    assert fingerprints(CheckedReport("a.pdf", report=c, findings=[one])) != first[:1]


def test_part_five_empty_nothing_a_template_or_last_year_s_text():
    from xxgk.rules.checks import check_placeholders, check_section_five, checklist
    from xxgk.rules.report import Status

    r = clean_report("2021", 2024)
    assert check_section_five(r) == []
    r.section("五").text = "无。"
    (f,) = check_section_five(r)
    assert f.severity == "warning" and "只写了“无。”" in f.message
    r.section("五").text = "  "
    assert check_section_five(r)[0].severity == "error"
    r.section("五").text = "一是(请填写存在的问题);二是XX工作有待加强。"
    (f,) = check_placeholders(r)
    assert f.where.startswith("五") and "(请填写" in f.message
    # Copied from last year, word for word (spaces and line breaks aside).
    text = "一是政策解读形式较为单一;二是依申请公开答复的规范性有待提高。下一步将加强培训。"
    last = clean_report("2021", 2023)
    last.section("五").text = text
    r.section("五").text = text.replace("。", "。\n")
    (repeated,) = [o for o in checklist(r, last) if o.rule == "text.five_repeated"]
    assert (
        repeated.status is Status.FAILED and "与2023年年报的第五部分一字不差" in repeated.findings[0].message
    )
    r.section("五").text = text.replace("培训", "业务培训")
    assert [o.status for o in checklist(r, last) if o.rule == "text.five_repeated"] == [Status.PASSED]


def test_part_six_states_the_fee_and_agrees_with_the_cases_closed_for_not_paying():
    from xxgk.rules.checks import check_section_six_fees

    r = clean_report("2021", 2024)
    assert check_section_six_fees(r) == []  # 未收取信息处理费
    r.section("六").text = "无其他需要报告的事项。"
    (f,) = check_section_six_fees(r)
    assert f.severity == "warning" and "信息处理费" in f.message
    assert check_section_six_fees(clean_report("2019", 2020)) == []  # the 2019 format asks nothing of it
    r.applications["other_no_fee"].update(natural=2, total=2)
    r.section("六").text = "本年度未发出收费通知,未收取信息处理费。"
    (f,) = check_section_six_fees(r)
    assert f.severity == "error" and "2件" in f.message and "未发出收费通知" in f.message
    r.section("六").text = "本年度发出收费通知1件,实际收取信息处理费0元。"
    assert "少于" in check_section_six_fees(r)[0].message
    r.section("六").text = "本年度发出收费通知3件,申请人均未缴费,未收取信息处理费。"
    assert check_section_six_fees(r) == []


def test_a_count_the_narrative_states_is_the_table_s():
    """平潭 2023: 现行有效规范性文件393件 in the text, 470 in 表二."""
    r = clean_report("2021", 2023)
    r.proactive["normative_docs"].update(issued=12, in_force=470)
    r.section("一").text = "截至年底,我区现行有效规范性文件393件,本年制发规范性文件12件。"
    found = [f for f in check_text_against_tables(r)]
    assert len(found) == 1 and "393件" in found[0].message and "470件" in found[0].message
    r.section("一").text = "规范性文件中现行有效的共470件。"
    assert check_text_against_tables(r) == []
