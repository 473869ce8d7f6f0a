"""汇总: a district office sums its departments' reports: published in the system, or uploaded."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from xxgk.annual import services as annual
from xxgk.annual import summary
from xxgk.annual.models import Report, ReportScope
from xxgk.applications import services as cases
from xxgk.reports.write.text import render_text
from xxgk.review.services import create_batch
from xxgk.rules.report import AnnualReport

TEXTS = {
    "一": "{年度}年,{机关}新收申请{新收申请}件。",
    "五": "个别栏目更新不够及时,将加强审核。",
    "六": "本年度未收取信息处理费。",
}
TODAY = date(2026, 11, 20)


def _answered(agency, clerk, head, received, answered, kind="natural", result="granted"):
    from xxgk.rules.applications import Action

    app = cases.register(agency, clerk, {"applicant_kind": kind, "applicant_name": "甲"},
                         channel="in_person", received=received).application  # fmt: skip
    for action, who in (
        (Action.DRAFT_ANSWER, clerk),
        (Action.APPROVE_ANSWER, head),
        (Action.SEND_ANSWER, clerk),
    ):
        cases.act(app, action, who, on_date=answered, result=result)
    return app


def _uploaded(office, head, name, year, natural):
    """A department outside the system sends its report as a text file."""
    report = AnnualReport.blank("2021", fill=0, year=year, agency=name)
    for row in ("new", "granted", "handled_total"):
        report.applications[row]["natural"] = report.applications[row]["total"] = natural
    report.proactive["licensing"]["decisions"] = 7
    report.with_standard_sections(
        {
            "一": f"{year}年,{name}依法公开。",
            "五": "个别栏目更新不够及时,将加强审核。",
            "六": "本年度未收取信息处理费。",
        }
    )
    return render_text(report).encode()


@pytest.fixture
def published(district, run_tasks):
    office, office_head, (edu, _civil, _finance), heads = district
    _answered(edu, heads[0], heads[0], date(2025, 3, 3), date(2025, 3, 10))
    _answered(edu, heads[0], heads[0], date(2025, 12, 29), date(2026, 1, 9), kind="business")  # carried out
    r = annual.get_or_start(edu, 2025)
    annual.save_draft(r, heads[0], {"licensing.decisions": 5}, TEXTS)
    annual.publish(r, heads[0], acknowledge=True)
    # Published on 5 February: after the 31 January deadline.
    Report.objects.filter(pk=r.pk).update(
        published_at=datetime(2026, 2, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    files = [
        ("民政局.txt", _uploaded(office, office_head, "某区民政局", 2025, 4)),
        ("街道.txt", _uploaded(office, office_head, "某街道办事处", 2025, 2)),
        ("旧年报.txt", _uploaded(office, office_head, "某区财政局", 2024, 9)),
    ]
    batch = create_batch(agency=office, user=office_head, files=files, title="2025年部门年报")
    run_tasks()
    return office, office_head, batch


def test_summary_of_departments_only(published):
    office, head, batch = published
    report = annual.get_or_start(office, 2025)
    annual.save_draft(report, head, {}, TEXTS, scope=ReportScope.CHILDREN, summary_batch=batch)
    listed = summary.contributions(Report.objects.get(pk=report.pk), today=TODAY)
    parts = {c.name: c for c in listed if not c.source.endswith("旧年报.txt")}
    assert [c.name for c in listed] == [
        "某区教育局",
        "某区民政局",
        "某区财政局",
        "某区财政局",
        "某街道办事处",
    ]
    assert parts["某区教育局"].source == "系统内已发布" and parts["某区教育局"].late
    assert parts["某区教育局"].status.startswith("逾期发布(2026-02-05")
    assert parts["某区民政局"].source.startswith("上传:") and parts["某区民政局"].status.startswith(
        "逾期未发布"
    )
    assert not parts["某区财政局"].included and parts["某区财政局"].reason == "没有可用的年报"
    assert parts["某街道办事处"].included  # outside the system, uploaded: counted
    total = annual.tables(Report.objects.get(pk=report.pk), today=TODAY)
    apps = total.applications
    assert apps["new"]["natural"] == 1 + 4 + 2 and apps["new"]["business"] == 1
    assert apps["carried_out"]["business"] == 1
    assert total.proactive["licensing"]["decisions"] == 5 + 7 + 7
    built = annual.build(Report.objects.get(pk=report.pk))
    assert "新收申请8件" in built.section("一").text


def test_summary_with_own_records_and_a_report_of_another_year_left_out(published):
    office, head, batch = published
    _answered(office, head, head, date(2025, 5, 6), date(2025, 5, 20))
    report = annual.get_or_start(office, 2025)
    annual.save_draft(report, head, {}, TEXTS, scope=ReportScope.WITH_CHILDREN, summary_batch=batch)
    parts = summary.contributions(Report.objects.get(pk=report.pk), today=TODAY)
    assert parts[0].name == "某区人民政府" and parts[0].source == "本机关记录"
    old = [c for c in parts if c.source == "上传:旧年报.txt"]
    # The 2024 report of 某区财政局 matches that department by name but is of another year.
    assert old and not old[0].included and old[0].reason == "年度为2024年,不是2025年"
    assert old[0].name == "某区财政局"
    total = annual.tables(Report.objects.get(pk=report.pk), today=TODAY)
    assert total.applications["new"]["natural"] == 1 + 1 + 4 + 2


def test_agency_without_subordinates_needs_uploads_to_sum(staff):
    agency, people = staff
    report = annual.get_or_start(agency, 2025)
    with pytest.raises(ValidationError, match="没有下级机关"):
        annual.save_draft(report, people["clerk"], {}, TEXTS, scope=ReportScope.CHILDREN)
