"""Narrative fields, the clerk's figures, and publication: errors block, warnings need acknowledgement."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xxgk.annual import services as annual
from xxgk.annual.models import Report, ReportState
from xxgk.applications import services as cases
from xxgk.rules import narrative


def test_fill_replaces_fields_and_names_unknown_ones():
    assert narrative.fill("新收{新收申请}件", {"新收申请": "7"}) == "新收7件"
    with pytest.raises(narrative.NarrativeError) as exc:
        narrative.fill("第一行\n新收{新收申请数}件", {})
    assert exc.value.problems == ["第2行的“{新收申请数}”不是可用的数据项"]


def test_new_report_starts_from_the_template_filled_from_the_records(staff):
    agency, people = staff
    report = annual.get_or_start(agency, 2026)
    text = annual.build(report).section("一").text
    assert "新收政府信息公开申请0件" in text and "我委" in text
    cases.register(agency, people["clerk"], {"applicant_kind": "natural", "applicant_name": "张三"},
                   channel="in_person", received=date(2026, 3, 2))  # fmt: skip
    built = annual.build(Report.objects.get(pk=report.pk))
    assert built.applications["new"]["total"] == 1
    assert "新收政府信息公开申请1件" in built.section("一").text  # the text follows the records


def test_bad_figures_and_unknown_fields_store_nothing(staff):
    agency, people = staff
    report = annual.get_or_start(agency, 2025)
    annual.save_draft(
        report,
        people["clerk"],
        {"licensing.decisions": 5},
        {"一": "甲", "五": "乙", "六": "本年度未收取信息处理费。"},
    )
    with pytest.raises(ValidationError) as exc:
        annual.save_draft(report, people["clerk"], {"licensing.decisions": "五件", "penalty.decisions": "-1"},
                          {"一": "改了", "五": "乙", "六": "本年度未收取信息处理费。"})  # fmt: skip
    assert exc.value.messages == [
        "“行政许可”的“本年处理决定数量”应为数字,实为“五件”",
        "“行政处罚”的“本年处理决定数量”不能为负数",
    ]
    with pytest.raises(ValidationError) as exc:
        annual.save_draft(
            report, people["clerk"], {}, {"一": "共{总数}条", "五": "乙", "六": "本年度未收取信息处理费。"}
        )
    assert exc.value.messages == ["第一部分第1行的“{总数}”不是可用的数据项"]
    stored = Report.objects.get(pk=report.pk)
    assert stored.manual["licensing.decisions"] == 5 and stored.sections["一"] == "甲"


def test_publication_rules(staff):
    agency, people = staff
    report = annual.get_or_start(agency, 2025)
    with pytest.raises(ValidationError) as exc:  # the template's hints are still there
        annual.publish(report, people["head"])
    assert any("请填写" in m for m in exc.value.messages)

    annual.save_draft(
        report,
        people["clerk"],
        {},
        {
            "一": "我委认真做好工作工作。",
            "五": "个别栏目更新不够及时,将加强审核。",
            "六": "本年度未收取信息处理费。",
        },
    )
    with pytest.raises(PermissionDenied):
        annual.publish(report, people["clerk"], acknowledge=True)
    with pytest.raises(ValidationError) as exc:  # 工作工作: a warning to acknowledge
        annual.publish(report, people["head"])
    assert "警告" in exc.value.messages[0]
    annual.publish(report, people["head"], acknowledge=True)
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.acknowledged[0]["rule"] == "text.repeated_chars"
    assert report.snapshot["sections"]["一"] == "我委认真做好工作工作。"

    # Frozen: later records change next year's report, not this one.
    cases.register(agency, people["clerk"], {"applicant_kind": "natural", "applicant_name": "李四"},
                   channel="in_person", received=date(2025, 5, 6))  # fmt: skip
    assert annual.as_published(report).applications["new"]["total"] == 0
    with pytest.raises(ValidationError):
        annual.save_draft(
            report,
            people["clerk"],
            {},
            {"一": "改", "五": "个别栏目更新不够及时,将加强审核。", "六": "本年度未收取信息处理费。"},
        )

    with pytest.raises(ValidationError):
        annual.withdraw(report, people["head"], "  ")
    annual.withdraw(report, people["head"], "第三部分数据有误,更正后重新发布")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.snapshot is None
    assert annual.build(report).applications["new"]["total"] == 1
    assert [e.action for e in report.events.all()] == ["save", "publish", "withdraw"]


def test_due_dates_follow_article_49_and_nothing_is_assumed_where_it_is_silent():
    # Art. 49: 县级以上人民政府部门 … 每年1月31日前 …; 县级以上地方人民政府的政府信息公开工作主管部门应当
    # 在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告. It names no date for 乡镇.
    from xxgk.agencies.models import Agency, AgencyKind, AgencyLevel
    from xxgk.annual.summary import due_date, publication_status

    assert due_date(Agency(kind=AgencyKind.DEPARTMENT), 2025) == date(2026, 1, 31)
    assert due_date(Agency(kind=AgencyKind.GOVERNMENT), 2025) == date(2026, 3, 31)
    county = Agency(kind=AgencyKind.GOVERNMENT, level=AgencyLevel.COUNTY)
    town = Agency(kind=AgencyKind.GOVERNMENT, level=AgencyLevel.TOWNSHIP, parent=county)
    assert due_date(town, 2025) is None  # not an assumed 31 January
    status, late = publication_status(town, 2025, None, date(2026, 6, 1))
    assert not late and "上级机关尚未确定" in status
    county.subordinate_report_due = "02-28"
    assert due_date(town, 2025) == date(2026, 2, 28)
    county.subordinate_report_due = "02-29"
    assert due_date(town, 2025) == date(2026, 2, 28) and due_date(town, 2027) == date(2028, 2, 29)
    assert publication_status(town, 2025, None, date(2026, 6, 1))[1] is True


def test_cli_publish_refuses_with_errors_then_publishes(staff, capsys):
    from xxgk.cli import main

    agency, people = staff
    assert main(["report", "publish", "--year", "2025", "--agency", agency.code, "--user", "ahead"]) == 1
    err = capsys.readouterr().err
    assert "未发布" in err and "第一部分还有未填写的提示" in err
    report = Report.objects.get(agency=agency, year=2025)
    annual.save_draft(
        report,
        people["clerk"],
        {},
        {"一": "依法公开。", "五": "个别栏目更新不够及时,将加强审核。", "六": "本年度未收取信息处理费。"},
    )
    assert main(["report", "publish", "--year", "2025", "--agency", agency.code, "--user", "ahead"]) == 0
    assert Report.objects.get(pk=report.pk).state == ReportState.PUBLISHED
    assert main(["report", "build", "--year", "2018", "--agency", agency.code]) == 2
    assert "2019年及以后" in capsys.readouterr().err
    assert main(["report", "build", "--year", "2025", "--agency", agency.code, "--format", "pdf"]) == 2
    assert "-o" in capsys.readouterr().err
