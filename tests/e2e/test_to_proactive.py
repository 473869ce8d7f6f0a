"""Issue 22 (4) in a browser (desktop and phone): a clerk turns an answered case into a draft 主动公开
item from the case page (《条例》第四十四条); the agency sees the same information asked for twice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.applications.test_to_proactive import SOUGHT, answered
from tests.e2e.conftest import axe_problems, login
from tests.e2e.test_roles import SIZES, fits, sized

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@SIZES
def test_a_clerk_makes_the_draft_from_the_case_and_sees_repeated_requests(
    browser, live_server, shot, agency, size
):
    app = answered(agency)
    answered(agency, sought="请公开" + SOUGHT)
    page = sized(login(browser, live_server, "xinxiyuan", f"/applications/{app.pk}/"), size)
    page.click("details[data-step=to-proactive] > summary")
    page.select_option("#tp-genre", label="工作动态")
    page.select_option("#tp-theme", label="扶贫开发")
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "case")
    with page.expect_navigation():
        page.click("details[data-step=to-proactive] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已转为主动公开信息草稿")
    assert SOUGHT in page.inner_text("main") and "张三丰" not in page.inner_text("main")
    shot(page, "draft")

    page.goto(f"{live_server.url}/applications/")
    page.click("a:has-text('多次申请的相同信息')")
    row = page.locator("table.repeated tbody tr").first
    expect(row).to_contain_text(SOUGHT)
    assert "2" in row.locator("td[data-label=申请次数]").inner_text()
    assert "1" in row.locator("td[data-label=已转主动公开]").inner_text()
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "repeated")
