"""Each role's main task in Chromium at desktop (1366×768) and phone (390×844) size, from where that
role starts: the citizen from an agency's 专栏, staff from their 待办. Screenshots in var/e2e/.
(上级公开办's 年报核查 runs at both sizes in test_review_flow.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_application_flow import step
from xxgk.publishing.models import Category, CategoryKind
from xxgk.publishing.services import create_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])


def sized(page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    return page


def fits(page, size) -> None:
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= size[0], f"{page.url}: {wide}px wide on a {size[0]}px screen"
    header = page.locator("header.site").bounding_box()
    assert header["height"] < 64, f"the header takes {header['height']}px"  # one line, on a phone too


@SIZES
def test_a_citizen_finds_reads_and_applies_from_the_agencys_column(browser, live_server, shot, agency, size):
    page = sized(browser.new_context(locale="zh-CN").new_page(), size)
    page.goto(f"{live_server.url}/gk/{agency.code}/")
    assert page.inner_text("header.site .brand").startswith("某区发展和改革委员会")
    assert "主办单位:某区发展和改革委员会" in page.inner_text("footer.site")
    fits(page, size)
    shot(page, "column")
    page.fill("#q", "扶贫资金")
    page.click("form[role=search] button")
    assert page.locator("table.items mark").first.inner_text() in ("扶贫资金", "扶贫", "资金")
    fits(page, size)
    shot(page, "found")
    page.click("table.items a >> nth=0")
    article = page.locator("#article")
    before = float(article.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.click(".reading button:has-text('大')")
    assert float(article.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) > before
    assert page.locator("nav.prev-next").count() == 1 and page.locator("section.related li").count() >= 1
    fits(page, size)
    shot(page, "reading")
    page.click("header.site summary") if size[0] < 500 else None  # the phone's 菜单
    page.click("a.elder-switch")
    assert page.evaluate("() => document.body.classList.contains('elder')")
    shot(page, "elder-mode")

    page.click("nav.column-nav a:has-text('依申请公开')")
    assert page.locator("#id_agency option:checked").inner_text() == "某区发展和改革委员会"
    page.select_option("#id_applicant_kind", "natural")
    expect(page.locator("#id_org_code")).to_be_hidden()  # an organisation's fields stay out of a person's way
    page.fill("#id_applicant_name", "王五")
    page.fill("#id_id_number", "110101199003076579")
    page.fill("#id_phone", "abc")
    page.fill("#id_sought", "2026年扶贫资金分配明细")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "online")
    a, b = map(int, re.search(r"(\d) 加 (\d)", page.inner_text("label[for=id_challenge]")).groups())
    page.fill("#id_challenge", str(a + b))
    page.click("main button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert "联系电话" in summary.inner_text()  # said at the top, and where
    assert page.get_attribute("#id_phone", "aria-invalid") == "true"
    fits(page, size)
    shot(page, "form-error")
    page.fill("#id_phone", "13900139000")
    a, b = map(int, re.search(r"(\d) 加 (\d)", page.inner_text("label[for=id_challenge]")).groups())
    page.fill("#id_challenge", str(a + b))
    page.click("main button[type=submit]")
    shot(page, "submitted")
    assert page.inner_text("#tracking").startswith("YSQ")
    receipt = page.request.get(page.locator("#receipt").evaluate("a => a.href"))
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    shot(page, "filed")


@SIZES
def test_staff_work_from_their_todo_clerk_reviewer_head(browser, live_server, shot, agency, size):
    from django.utils import timezone

    from xxgk.applications.services import register

    # Beijing's today; in December the deadline reaches next year, counted provisionally if its
    # notice is not loaded (as in the suite's calendar).
    today = timezone.localdate()
    from django.contrib.auth import get_user_model

    clerk_user = get_user_model().objects.get(username="xinxiyuan")
    genre = Category.objects.get(agency=agency, kind=CategoryKind.GENRE)
    fields = {"title": "关于召开项目调度会的通知", "publisher": agency.name, "formed": today, "genre": genre}
    create_item(agency, clerk_user, {**fields, "body": "定于下周召开项目调度会。"})
    person = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某项目批复"}
    register(agency, clerk_user, person, channel="in_person", received=today)

    # 信息员: the draft waits to be submitted, the case to be handled; ask the head for an extension.
    clerk = sized(login(browser, live_server, "xinxiyuan", "/"), size)
    clerk.reload()
    assert "待提交审核的草稿(1)" in clerk.inner_text("main")
    fits(clerk, size)
    shot(clerk, "clerk-todo")
    clerk.click("main a:has-text('关于召开项目调度会的通知')")
    clerk.click("#submit")
    assert "已提交" in clerk.inner_text("main")
    assert clerk.locator("#approve").count() == 0  # not the clerk's step
    shot(clerk, "clerk-submitted")
    clerk.goto(f"{live_server.url}/applications/")
    clerk.click("table a >> nth=0")
    assert clerk.locator('form.step[data-action="extend"]').count() == 0  # the head's step
    step(clerk, "request_extension", note="需调取档案核实")
    assert "已提请延期" in clerk.inner_text("#extension-request")
    fits(clerk, size)
    shot(clerk, "clerk-asked-extension")

    # 审核人: the submitted draft is in the 待办; approve it.
    reviewer = sized(login(browser, live_server, "shenheren", "/"), size)
    assert "主动公开:待审核(1)" in reviewer.inner_text("main")
    reviewer.click("main a:has-text('关于召开项目调度会的通知')")
    assert reviewer.locator("#publish").count() == 0  # publishing is the clerk's step
    reviewer.click("#secrecy")
    reviewer.click("#approve")
    assert reviewer.inner_text("#state") == "审核通过"
    fits(reviewer, size)
    shot(reviewer, "reviewer-approved")

    # 负责人: the extension waits for approval; approve it, the notice to the applicant is ready.
    head = sized(login(browser, live_server, "fuzeren", "/"), size)
    assert "待批准延期(1)" in head.inner_text("main")
    head.click("section.todo:has-text('待批准延期') li a")
    shot(head, "head-case")
    step(head, "extend", days="10", note="需调取档案核实")
    assert head.locator("#extension-pdf").count() == 1
    letter = head.request.get(head.locator("#extension-pdf").evaluate("a => a.href"))
    assert letter.ok and letter.body().startswith(b"%PDF")
    fits(head, size)
    shot(head, "head-extended")
