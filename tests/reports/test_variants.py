"""Deliberately broken reports each give the right finding, located in the source."""

import pytest

from xxgk.reports.read import UnreadableReport, read_bytes
from xxgk.rules.checks import check_report


def check_text(text: str):
    report = read_bytes(text.encode(), "variant.txt")
    return report, check_report(report)


def errors(findings):
    return {(f.rule, f.where) for f in findings if f.severity == "error"}


@pytest.fixture
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


def replace_after(text: str, anchor: str, old: str, new: str) -> str:
    head, sep, tail = text.partition(anchor)
    assert sep, anchor
    return head + sep + tail.replace(old, new, 1)


def test_a_changed_number(seed_text):
    text = replace_after(seed_text, "(一)予以公开 |", "0 |", "1 |")  # 予以公开·自然人 = 1
    report, findings = check_text(text)
    assert report.applications["granted"]["natural"] == 1
    assert errors(findings) == {
        ("apps.row_total", "三/granted/total"),
        ("apps.handled_sum", "三/handled_total/natural"),
    }


def test_an_unbalanced_column(seed_text):
    text = replace_after(seed_text, "一、本年新收政府信息公开申请数量 |", "0 |", "2 |")
    _, findings = check_text(text)
    assert ("apps.balance", "三/natural") in errors(findings)


def test_a_missing_row(seed_text):
    lines = seed_text.splitlines()
    i = lines.index("2.重复申请 |")
    del lines[i : i + 8]  # the label and its seven cells
    report, findings = check_text("\n".join(lines))
    assert ("structure.rows", "三/rejected_repeat") in errors(findings)
    assert report.applications["rejected_repeat"]["total"] is None
    assert report.applications["rejected_publication"]["total"] == 0  # the rest still read


def test_a_blank_cell_is_null_and_counted_as_zero_with_one_warning(seed_text):
    lines = seed_text.splitlines()
    i = lines.index("规范性文件 |")
    lines[i + 2] = "|"
    lines[i + 3] = "— |"  # a dash is printed for none: blank too, not unreadable
    report, findings = check_text("\n".join(lines))
    assert report.proactive["normative_docs"]["published"] is None
    assert report.proactive["normative_docs"]["total_public"] is None
    assert [f for f in findings if f.where.startswith("二/normative_docs")] == []
    (f,) = [f for f in findings if f.rule == "table.blank"]
    assert (f.severity, f.where, f.message) == ("warning", "二", "第二部分有2个空白单元格,按0核对")
    assert report.as_json()["proactive"]["normative_docs"]["published"] is None


def test_an_unreadable_cell_stays_an_error_with_its_line(seed_text):
    lines = seed_text.splitlines()
    i = lines.index("规范性文件 |")
    lines[i + 2] = "一 |"
    report, findings = check_text("\n".join(lines))
    assert report.proactive["normative_docs"]["published"] is None
    (f,) = [f for f in findings if f.where == "二/normative_docs/published"]
    assert f.rule == "values.non_negative_integer" and f.severity == "error" and f"第{i + 3}行" in f.message
    assert not [f for f in findings if f.rule == "table.blank"]


def test_an_unreadable_cell(seed_text):
    text = replace_after(seed_text, "行政许可 |", "0 |", "十 |")
    report, findings = check_text(text)
    assert report.proactive["licensing"]["prev_year"] is None
    assert any("原文“十”" in f.message for f in findings)


def test_a_missing_section(seed_text):
    text = seed_text.replace("五、存在的主要问题及改进情况\n", "")
    _, findings = check_text(text)
    assert ("structure.sections", "五") in errors(findings)


def test_an_empty_section_six(seed_text):
    text = seed_text.replace("六、其他需要报告的事项\n无。", "六、其他需要报告的事项\n")
    _, findings = check_text(text)
    assert ("structure.sections", "六") in errors(findings)


def test_a_2019_table_in_a_2023_report(seed_text):
    text = seed_text.replace("2020年,我委认真贯彻", "2023年,我委认真贯彻", 1)
    report, findings = check_text(text)
    assert report.year == 2023
    assert ("structure.version_year", "二") in errors(findings)


def test_title_gives_year_and_agency(seed_text):
    text = "某市某区发展和改革委员会2020年政府信息公开工作年度报告\n" + seed_text
    report, _ = check_text(text)
    assert (report.year, report.agency) == (2020, "某市某区发展和改革委员会")
    text = "某区发改委二〇二〇年度政府信息公开工作年度报告\n" + seed_text
    assert check_text(text)[0].year == 2020


def test_gbk_encoded_text(seed_text):
    report = read_bytes(seed_text.encode("gb18030"), "gbk.txt")
    assert report.year == 2020 and report.proactive["normative_docs"]["made"] == 1


def test_html_as_saved_from_a_government_site():
    """Layout tables around the article, <br> in header cells, full-width digits, thousands
    separators, a blank cell, page chrome."""
    from tests.reports.conftest import busy_report
    from xxgk.reports.write.html import render_body

    report = busy_report("2021", 2024)
    a = report.applications
    extra = 1234 - a["new"]["natural"]  # keep the table balanced: the extra ones are carried out
    for row in ("new", "carried_out"):
        a[row]["natural"] += extra
        a[row]["total"] += extra
    body = render_body(report)
    assert "<td>1234</td>" in body
    body = body.replace("<td>1234</td>", "<td>1,234</td>", 1)
    body = body.replace("<td>12.35</td>", "<td>12.35</td>", 1)
    body = body.replace("本年制发件数", "本年制发<br/>件数")
    body = body.replace(
        "<td>3</td><td>1</td><td>0</td><td>0</td>", "<td>3</td><td>1</td><td>&nbsp;</td><td>0</td>", 1
    )
    page = (
        "<html><head><title>某区政府门户网站</title><script>var x='<table>';</script></head><body>"
        "<div class='nav'><a href='/'>首页</a> | <a>政务公开</a></div>"
        f"<table width='100%'><tr><td class='left'>栏目导航</td><td class='content'>{body}</td></tr></table>"
        "<div class='footer'>主办单位:某区人民政府办公室</div></body></html>"
    )
    back = read_bytes(page.encode("utf-8"), "saved.html")
    findings = check_report(back)
    assert back.applications["new"]["natural"] == 1234
    assert str(back.proactive["fees"]["amount_wan"]) == "12.35"
    assert back.appeals["review"]["other"] is None
    assert back.version == "2021" and back.year == 2024
    assert [(f.rule, f.where) for f in findings if f.severity == "error"] == []
    assert ("table.blank", "四") in [(f.rule, f.where) for f in findings]


def test_unsupported_and_damaged_files_give_a_clear_error():
    with pytest.raises(UnreadableReport, match="不支持的文件类型"):
        read_bytes(b"x", "report.xls")
    with pytest.raises(UnreadableReport, match="DOCX"):
        read_bytes(b"not a zip", "report.docx")
    with pytest.raises(UnreadableReport, match=r"损坏|PDF"):
        read_bytes(b"%PDF-1.4 garbage", "report.pdf")


def test_docx_zip_bomb_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(UnreadableReport, match="压缩炸弹"):
        read_bytes(buffer.getvalue(), "bomb.docx")
