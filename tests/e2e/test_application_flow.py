"""An applicant files on the portal; a clerk and a reviewer take the case through correction and a
third-party consultation to a partial disclosure; the applicant reads the status and the letter."""

import re

import pytest

from tests.e2e.conftest import login
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def step(page, action, **fields):
    """Take a step on the case page as its user does: open the step (folded under its name), fill
    it in, submit, and wait for the page that answers; a refusal fails the test with its message."""
    page.wait_for_load_state()
    panel = page.locator(f'details[data-step="{action}"]')
    panel.wait_for(state="attached")
    panel.evaluate("d => d.open = true")
    form = page.locator(f'form.step[data-action="{action}"]')
    for name, value in fields.items():
        target = form.locator(f'[name="{name}"]')
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    with page.expect_navigation():
        form.locator("button").click()
    page.wait_for_load_state()
    refused = page.locator(".messages li.error")
    assert refused.count() == 0, f"{action}: {refused.all_inner_texts()}"
    assert "不能执行" not in page.content()


def test_application_from_portal_to_partial_disclosure(browser, live_server, shot):
    agency = AgencyFactory(name="某区发展和改革委员会", review_body="某区人民政府", court="某区人民法院")
    for username, role in (("xinxiyuan", Role.CLERK), ("shenheren", Role.REVIEWER)):
        grant_role(UserFactory(username=username), agency, role)

    # The applicant files online.
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/apply/")
    public.select_option("#id_agency", label="某区发展和改革委员会")
    public.select_option("#id_applicant_kind", "natural")
    public.fill("#id_applicant_name", "王五")
    public.fill("#id_id_number", "110101199003076579")
    public.fill("#id_phone", "13900139000")
    public.fill("#id_sought", "某工业园区2025年环境影响评价批复及附件")
    public.select_option("#id_delivery_form", "electronic")
    public.select_option("#id_delivery_method", "online")
    a, b = map(int, re.search(r"(\d) 加 (\d)", public.inner_text("label[for=id_challenge]")).groups())
    public.fill("#id_challenge", str(a + b))
    shot(public, "portal-form")
    public.click("main button[type=submit]")
    tracking = public.inner_text("#tracking")
    code = public.inner_text("#query-code")
    shot(public, "portal-filed")

    # The clerk confirms receipt, asks for a correction, receives it, consults the third party.
    clerk = login(browser, live_server, "xinxiyuan", "/applications/")
    shot(clerk, "clerk-worklist")
    assert tracking or clerk.locator("text=待确认收到").count()
    clerk.click("table a")  # the only open case
    shot(clerk, "clerk-case")
    step(clerk, "confirm_receipt")
    step(clerk, "request_correction", note="请明确所需批复的文号或项目名称")
    assert "补正" in clerk.inner_text("#deadline")
    step(clerk, "receive_correction", note="申请人补充了项目名称")
    assert "补正后重新起算" in clerk.inner_text("#deadline")
    step(clerk, "start_consultation", party="某化工有限公司")
    assert "不计入答复期限" in clerk.inner_text("#deadline")
    shot(clerk, "clerk-consulting")
    step(clerk, "finish_consultation", opinion="不同意公开附件中的工艺参数")
    step(
        clerk,
        "draft_answer",
        result="partial",
        answer_text="提供批复正文;附件中工艺参数涉及商业秘密,不予公开。",
    )
    shot(clerk, "clerk-drafted")

    # The reviewer approves; the clerk sends the answer.
    reviewer = login(browser, live_server, "shenheren", "/applications/")
    reviewer.click("table a")
    step(reviewer, "approve_answer", note="同意")
    shot(reviewer, "reviewer-approved")
    clerk.reload()
    step(clerk, "send_answer")
    assert "部分公开" in clerk.inner_text("#result")
    shot(clerk, "clerk-answered")
    events = clerk.inner_text("table:has-text('办理记录'), h2:has-text('办理记录') + table")
    for label in (
        "确认收到申请",
        "发出补正告知",
        "收到补正材料",
        "征求第三方或其他机关意见",
        "拟定答复",
        "审核通过",
        "送达答复",
    ):
        assert label in events

    # The applicant reads the status and the letter.
    public.goto(f"{live_server.url}/apply/status/")
    public.fill("#id_tracking_number", tracking)
    public.fill("#id_query_code", code)
    public.click("main button[type=submit]")
    assert public.inner_text("#state") == "已答复"
    assert "部分公开" in public.inner_text("#result")
    assert "王五" not in public.content() and "13900139000" not in public.content()
    shot(public, "portal-status")
    letter = public.request.get(f"{live_server.url}/apply/status/letter.pdf")
    assert letter.ok and letter.body().startswith(b"%PDF")
    import io

    from pdfminer.high_level import extract_text

    text = re.sub(r"\s+", "", extract_text(io.BytesIO(letter.body())))  # lines break mid-word
    assert "政府信息公开申请答复书" in text and "第三十七条" in text and "某区人民法院" in text
