"""Issue 21 in a browser, as a 公开办 reviewer works (desktop and phone): upload two years of one
agency, dismiss a finding with a reason and confirm another, upload the report again and find the
decisions kept, open the two years side by side, download the 整改通知."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_problems, login
from tests.e2e.test_review_flow import worker  # noqa: F401 (a fixture)
from tests.e2e.test_roles import SIZES, fits, sized
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _files(tmp_path):
    from tests.reports.test_compare import two_years
    from tests.reports.test_real_world import page
    from xxgk.reports.write.html import render_body

    last, this = two_years()
    this.section("六").text = "无其他需要报告的事项。"  # says nothing of 信息处理费: a warning
    this.applications["granted"]["natural"] += 1  # a result too many: two sums no longer add up
    paths = []
    for report in (last, this):
        path = tmp_path / f"发改委{report.year}.html"
        path.write_bytes(page(render_body(report)))
        paths.append(str(path))
    return paths


def _upload(page, live_server, title, files) -> None:
    page.goto(f"{live_server.url}/review/")
    page.fill("#id_title", title)
    page.set_input_files("#id_files", files)
    page.click("button:has-text('上传并核查')")
    page.wait_for_selector("text=已加入核查队列")
    expect(page.locator("[data-field=state_label]")).to_have_text("已完成", timeout=60_000)


def _decide(page, text: str, choice: str, note: str) -> None:
    row = page.locator("table.findings tbody tr", has_text=text).first
    row.locator("summary").click()
    row.locator(f"input[name=decision][value={choice}]").check()
    row.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        row.locator("button:has-text('保存')").click()


@SIZES
def test_a_reviewer_decides_re_uploads_compares_and_sends_the_notice(
    browser,
    live_server,
    shot,
    worker,  # noqa: F811
    tmp_path,
    size,
):
    office = AgencyFactory(name="某区政务公开办")
    grant_role(UserFactory(username="gongkaiban"), office, Role.REVIEWER)
    old, new = _files(tmp_path)
    page = sized(login(browser, live_server, "gongkaiban", "/review/"), size)
    worker()
    _upload(page, live_server, "2024年度年报核查", [old, new])
    fits(page, size)
    shot(page, "batch")

    page.click("a:has-text('发改委2024.html')")
    page.wait_for_selector("table.findings")
    assert "待处理" in page.inner_text("table.findings")
    _decide(page, "信息处理费", "dismissed", "该委本年未办理依申请公开,已电话核实")
    expect(page.locator(".messages")).to_contain_text("已排除")
    _decide(page, "各项办理结果之和", "confirmed", "请核对予以公开件数,更正后重新公布")
    expect(page.locator(".messages")).to_contain_text("已确认")
    assert page.locator("table.findings tr.state-dismissed").count() == 1
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "decided")

    # The corrected report is not in yet: the same file again, in a new batch.
    _upload(page, live_server, "2024年度年报核查(重新上传)", [new])
    page.click("a:has-text('发改委2024.html')")
    findings = page.inner_text("table.findings")
    assert "已排除" in findings and "电话核实" in findings and "已确认" in findings
    shot(page, "kept")

    # The two years side by side, from the report's page.
    page.click("p.other-years a:has-text('2023年')")
    page.wait_for_selector("h1:has-text('2023年与2024年')")
    assert "年度衔接" in page.inner_text("main") and "变化的单元格" in page.inner_text("main")
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "compare")

    # The 整改通知 of the confirmed finding.
    page.go_back()
    with page.expect_download() as got:
        page.click("p.notice-links a:has-text('Word')")
    download = got.value
    assert re.search(r"整改通知.*\.docx$", download.suggested_filename)
    from docx import Document

    text = "\n".join(p.text for p in Document(download.path()).paragraphs)
    assert "请核对予以公开件数" in text and "电话核实" not in text
