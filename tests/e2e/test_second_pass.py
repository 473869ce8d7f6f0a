"""Issue 23, the second walk-through by role at desktop (1366×768) and phone (390×844) size: the 专栏 as
people know it (left-hand columns, breadcrumbs, filters in a row, the agency's frame kept on the
application form, the status lookup and 404), forms that speak plainly and take the focus to what
to fix, attachments masked in place, bulk approval offering only what can be approved, the case page
folded into steps, ledgers that import as exported, and the work list as cards on a phone."""

from __future__ import annotations

import io
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_roles import SIZES, fits, sized
from xxgk.publishing import services
from xxgk.publishing.models import Category, CategoryKind, Item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@SIZES
def test_the_column_reads_as_a_column_on_every_public_page(browser, live_server, shot, agency, size):
    page = sized(browser.new_context(locale="zh-CN").new_page(), size)
    page.goto(f"{live_server.url}/gk/{agency.code}/")
    nav = page.locator("nav.column-nav").bounding_box()
    heading = page.locator("main h1").bounding_box()
    if size[0] > 1000:
        assert nav["x"] + nav["width"] <= heading["x"], "the column navigation stands on the left"
    else:
        assert nav["y"] + nav["height"] <= heading["y"], "on a phone it stands above the page"
    assert page.locator('nav.column-nav a[aria-current="page"]').inner_text() == "专栏首页"
    fits(page, size)
    shot(page, "column-home")

    page.click("nav.column-nav >> text=法定主动公开内容")
    assert page.locator("nav.crumbs").inner_text().endswith("法定主动公开内容")
    # The filters stand in a row: the first result is on the first screen, 长者模式 too.
    first = page.locator("table.items tbody tr").first.bounding_box()
    assert first["y"] < size[1], f"the first result starts at {first['y']}px"
    fits(page, size)
    shot(page, "column-list")
    if size[0] > 1000:
        page.click("a.elder-switch")
        assert page.locator("table.items tbody tr").first.bounding_box()["y"] < size[1]
        shot(page, "column-list-elder")
        page.click("a.elder-switch")

    # The application form, reached from the column, keeps the agency's frame.
    page.click("nav.column-nav >> text=依申请公开")
    assert page.inner_text("header.site .brand").startswith(agency.name)
    assert page.locator('nav.column-nav a[aria-current="page"]').inner_text() == "依申请公开"
    page.select_option("#id_applicant_kind", "legal")
    # Waited for: the form's script may still be loading when the choice is made.
    expect(page.locator('[data-field="org_code"] .req')).to_be_visible()  # required for an organisation
    expect(page.locator('[data-field="id_number"]')).to_be_hidden()
    page.click("#apply-form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_focused()
    summary = page.inner_text(".error-summary")
    assert "此项必须填写" in summary and "这个字段" not in summary
    fits(page, size)
    shot(page, "column-apply-errors")

    page.click("nav.column-nav >> text=办理进度查询")
    assert page.inner_text("header.site .brand").startswith(agency.name)
    page.goto(f"{live_server.url}/gk/{agency.code}/items/2099-99999/")
    assert "页面不存在" in page.inner_text("main") and page.locator("nav.column-nav").count() == 1
    fits(page, size)
    page.click("nav.column-nav >> text=订阅")
    assert f"/gk/{agency.code}/feed/" in page.inner_text("main")
    page.click("nav.column-nav >> text=政府信息公开指南")
    guide = page.inner_text("main")
    assert "编排体系" in guide and "传真号码" in guide and "监督和救济" in guide
    fits(page, size)
    shot(page, "column-guide")


def _pdf_with(text: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text, fontname="china-s")
    return doc.tobytes()


@SIZES
def test_a_clerk_masks_in_place_and_the_reviewer_approves_only_what_can_be(
    browser, live_server, shot, agency, run_tasks, size
):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    clerk_user = users["xinxiyuan"]
    genre = Category.objects.get(agency=agency, kind=CategoryKind.GENRE)
    fields = {"publisher": agency.name, "formed": date(2026, 11, 20), "genre": genre}
    masked = services.create_item(agency, clerk_user, {**fields, "title": "公示对象名单", "body": "见附件。"})
    services.add_attachment(masked, clerk_user, "名单.pdf", _pdf_with("王某 手机 13912345678 某路"))
    ready = services.create_item(
        agency, clerk_user, {**fields, "title": "会议通知", "body": "定于下周召开。"}
    )
    services.submit(ready, clerk_user)
    blocked = services.create_item(
        agency, clerk_user, {**fields, "title": "含身份证号的公示", "body": "身份证号110101199003074514"}
    )
    services.submit(blocked, clerk_user)
    run_tasks()

    clerk = sized(login(browser, live_server, "xinxiyuan", f"/publishing/{masked.pk}/"), size)
    assert "13912345678" in clerk.inner_text("#findings")
    clerk.click("#findings button:has-text('遮盖')")
    assert "已遮盖该处个人信息" in clerk.inner_text(".messages")
    findings = clerk.inner_text("#findings")
    assert "13912345678" not in findings and "139****5678" in findings
    attachments = clerk.inner_text("ul.attachments")
    assert "已遮盖个人信息" in attachments and "原件(未遮盖,仅本机关内部)" in attachments
    clerk.click("ul.attachments details.confirm summary")
    expect(clerk.locator("ul.attachments button.danger")).to_be_visible()  # deleting asks first
    fits(clerk, size)
    shot(clerk, "masked-attachment")
    clerk.click("#submit")

    reviewer = sized(login(browser, live_server, "shenheren", "/publishing/"), size)
    assert reviewer.locator(f"#pick-{blocked.pk}").count() == 0
    assert "不能批量审核:还有1处个人信息" in reviewer.inner_text("main")
    reviewer.check(f"#pick-{masked.pk}")
    reviewer.check(f"#pick-{ready.pk}")
    reviewer.check("input[name=secrecy]")
    fits(reviewer, size)
    shot(reviewer, "bulk-approve")
    reviewer.click("button[value=approve]")
    assert "已审核通过2条" in reviewer.inner_text(".messages")
    assert set(Item.objects.filter(state="approved").values_list("pk", flat=True)) == {masked.pk, ready.pk}
    assert reviewer.locator(f"#pick-{masked.pk}").count() == 0  # now a row to publish, for the clerk


@SIZES
def test_the_case_page_folds_its_steps_and_the_work_list_fits_a_phone(
    browser, live_server, shot, agency, size
):
    from django.contrib.auth import get_user_model

    from xxgk.applications import ledger
    from xxgk.applications.models import Channel
    from xxgk.applications.services import register

    clerk_user = get_user_model().objects.get(username="xinxiyuan")
    app = register(
        agency,
        clerk_user,
        {"applicant_kind": "natural", "applicant_name": "王五", "phone": "13900139000",
         "sought": "2026年扶贫项目资金分配表"},
        channel=Channel.IN_PERSON,
        received=date(2026, 12, 1),
    ).application  # fmt: skip
    clerk = sized(login(browser, live_server, "xinxiyuan", f"/applications/{app.pk}/"), size)
    panels = clerk.locator("details.step-panel[data-step]")
    assert panels.count() >= 3 and clerk.locator("details.step-panel[open]").count() <= 1
    folded = clerk.evaluate("document.documentElement.scrollHeight")
    clerk.evaluate("document.querySelectorAll('details.step-panel').forEach(d => d.open = true)")
    unfolded = clerk.evaluate("document.documentElement.scrollHeight")
    assert folded < unfolded / 2, f"the case page is {folded}px folded, {unfolded}px with every step open"
    clerk.reload()
    clerk.click('details[data-step="request_correction"] summary')
    expect(clerk.locator('form.step[data-action="request_correction"] button')).to_be_visible()
    fits(clerk, size)
    shot(clerk, "case-folded")

    clerk.goto(f"{live_server.url}/applications/")
    fits(clerk, size)
    shot(clerk, "worklist")

    # The ledger exported imports as it is: nothing changes.
    exported = ledger.export_applications(agency, "台账.xlsx")
    clerk.goto(f"{live_server.url}/applications/ledger/")
    clerk.set_input_files(
        "input[type=file]",
        {
            "name": "台账.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": io.BytesIO(exported).getvalue(),
        },
    )
    clerk.click("main form >> button:has-text('导入')")
    assert "新增0件,更新0件,未变1件" in clerk.inner_text(".messages")
