"""Issue 22 (5) in a browser (desktop and phone): the 公开办 registers a complaint about one of its
agencies and urges it; the agency replies; the 公开办 closes it with a 通报."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_problems, login
from tests.e2e.test_roles import SIZES, fits, sized
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _step(page, name: str, fill: dict[str, str]) -> None:
    panel = page.locator(f"details[data-step={name}]")
    if panel.get_attribute("open") is None:
        page.click(f"details[data-step={name}] > summary")
    for selector, value in fill.items():
        if selector.startswith("select"):
            page.select_option(selector.split(" ", 1)[1], label=value)
        else:
            page.fill(selector, value)
    with page.expect_navigation():
        page.click(f"details[data-step={name}] button[type=submit]")
    assert not page.locator(".messages li.error").count(), page.inner_text(".messages")


@SIZES
def test_a_complaint_from_register_to_notice(browser, live_server, shot, size):
    office = AgencyFactory(name="某区政务公开办")
    agency = AgencyFactory(name="某区住房和城乡建设局", parent=office)
    grant_role(UserFactory(username="gongkaiban"), office, Role.REVIEWER)
    grant_role(UserFactory(username="zhujianju"), agency, Role.CLERK)

    page = sized(login(browser, live_server, "gongkaiban", "/oversight/complaints/"), size)
    fits(page, size)
    page.click("a:has-text('登记投诉举报')")
    page.select_option("#id_agency", label="某区住房和城乡建设局")
    page.fill("#id_received", "2026-11-02")
    page.select_option("#id_channel", label="12345热线转办")
    page.fill("#id_subject", "旧改项目清单未公开")
    page.fill("#id_content", "区住建局网站未公开2026年老旧小区改造项目清单。")
    assert axe_problems(page) == []
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("#state")).to_have_text("已登记")
    _step(page, "urge", {"#id_on-urge": "2026-11-03", "#id_note-urge": "请核实后公开项目清单"})
    expect(page.locator("#state")).to_have_text("已督促整改")
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "urged")
    url = page.url

    agency_page = sized(login(browser, live_server, "zhujianju", "/oversight/complaints/"), size)
    agency_page.goto(url)
    _step(agency_page, "reply", {"#id_on-reply": "2026-11-09", "#id_note-reply": "已于11月9日公开"})
    expect(agency_page.locator("#state")).to_have_text("机关已回复")

    page.reload()
    _step(
        page,
        "close",
        {
            "#id_on-close": "2026-11-10",
            "select #id_conclusion-close": "属实,通报批评",
            "#id_notice-close": "予以通报批评",
        },
    )
    expect(page.locator("#state")).to_contain_text("属实,通报批评")
    shot(page, "closed")
    page.goto(f"{live_server.url}/oversight/complaints/")
    page.click("a:has-text('政务公开指标')")
    expect(page.locator("h1")).to_contain_text("年政务公开指标")
    expect(page.locator("table.indicators")).to_contain_text("某区住房和城乡建设局")
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "indicators")
