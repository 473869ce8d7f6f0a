"""The annual report in a browser: a clerk writes the 2025 report around its fields, the head sees a
warning, acknowledges it and publishes; the public reads it in the 政府信息公开年报 column."""

from datetime import date

import pytest

from tests.e2e.conftest import login
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications import services as cases

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_write_acknowledge_publish_and_read_on_the_portal(browser, live_server, shot):
    agency = AgencyFactory(name="某区发展和改革委员会", short_name="我委")
    clerk_user = UserFactory(username="nianbao")
    grant_role(clerk_user, agency, Role.CLERK)
    grant_role(UserFactory(username="fuze"), agency, Role.HEAD)
    for day in (date(2025, 3, 3), date(2025, 6, 9)):
        cases.register(agency, clerk_user, {"applicant_kind": "natural", "applicant_name": "张三"},
                       channel="in_person", received=day)  # fmt: skip

    clerk = login(browser, live_server, "nianbao", "/annual/")
    clerk.select_option("#year", "2025")
    clerk.click("button:has-text('查看')")
    assert "全年新收申请2件" in clerk.content()
    shot(clerk, "dashboard")
    clerk.select_option("#start-year", "2025")
    clerk.click("button:has-text('编写年报')")
    assert "第一部分还有未填写的提示" in clerk.content()
    clerk.fill(
        "#id_section_一",
        "{年度}年,{机关}新收政府信息公开申请{新收申请}件,结转下年度{结转下年}件。工作工作扎实。",
    )
    clerk.fill("#id_section_五", "信息公开的及时性有待提高。")
    clerk.fill("[id='id_licensing.decisions']", "12")
    clerk.click("button:has-text('保存')")
    preview = clerk.content()
    assert "2025年,我委新收政府信息公开申请2件,结转下年度2件。" in preview
    assert "[警告]" in preview and "工作工作" in preview
    shot(clerk, "report-draft")

    head = login(browser, live_server, "fuze", "/annual/")
    head.goto(clerk.url)
    head.click("button:has-text('发布年报')")  # the browser asks for 确认发布 first: nothing is sent
    assert "已发布" not in head.inner_text(".state")
    head.check("#confirm")
    head.click("button:has-text('发布年报')")
    assert "条警告需要确认后才能发布" in head.content()
    head.check("#confirm")
    head.check("#acknowledge")
    head.click("button:has-text('发布年报')")
    assert "已发布" in head.inner_text(".state")
    shot(head, "report-published")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/gk/{agency.code}/")
    public.click("text=政府信息公开年报")
    public.click("text=某区发展和改革委员会2025年政府信息公开工作年度报告")
    article = public.inner_text("article")
    assert "新收政府信息公开申请2件" in article and "行政许可" in article
    assert public.locator("table.xxgk-report").count() == 3
    shot(public, "portal-report")
    with public.expect_download() as download:
        public.click("text=PDF")
    assert download.value.suggested_filename.endswith("2025年政府信息公开工作年度报告.pdf")
