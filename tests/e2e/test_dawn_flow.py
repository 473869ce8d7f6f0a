"""At 05:08 Beijing time on 2026-12-04 (21:08 UTC the day before), with no 2027 holiday notice: a
citizen files, looks the case up and downloads the 受理回执 dated that Beijing day; a clerk takes
a case whose deadline reaches 2027 from 待办 through the answer to its 送达; at desktop and phone
size. The live server runs in this process, so time-machine moves its clock too."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_application_flow import step
from tests.e2e.test_roles import SIZES, fits, sized
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DAWN = datetime(2026, 12, 4, 5, 8, tzinfo=ZoneInfo("Asia/Shanghai"))


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


@SIZES
def test_a_dawn_filing_and_a_case_reaching_2027_from_todo_to_service(
    browser, live_server, shot, size, tmp_path
):
    agency = AgencyFactory(name="某区发展和改革委员会", review_body="某区人民政府", court="某区人民法院",
                           letter_prefix="某发改")  # fmt: skip
    for username, role in (("xinxiyuan", Role.CLERK), ("shenheren", Role.REVIEWER)):
        grant_role(UserFactory(username=username), agency, role)
    with time_machine.travel(DAWN, tick=True):
        citizen = sized(browser.new_context(locale="zh-CN").new_page(), size)
        citizen.goto(f"{live_server.url}/apply/?agency={agency.code}")
        citizen.select_option("#id_applicant_kind", "natural")
        citizen.fill("#id_applicant_name", "王五")
        citizen.fill("#id_id_number", "110101199003076579")
        citizen.fill("#id_phone", "13900139000")
        citizen.fill("#id_email", "wangwu@example.cn")
        citizen.fill("#id_sought", "2026年某项目的立项批复")
        citizen.select_option("#id_delivery_form", "electronic")
        citizen.select_option("#id_delivery_method", "email")
        a, b = map(int, re.search(r"(\d) 加 (\d)", citizen.inner_text("label[for=id_challenge]")).groups())
        citizen.fill("#id_challenge", str(a + b))
        citizen.click("main button[type=submit]")
        tracking = citizen.inner_text("#tracking")
        code = citizen.inner_text("#query-code")
        assert tracking.startswith("YSQ20261204")
        receipt = citizen.request.get(citizen.locator("#receipt").evaluate("a => a.href")).body()
        assert "您于2026年12月4日" in pdf_text(receipt, tmp_path).replace(" ", "")
        shot(citizen, "filed")

        clerk = sized(login(browser, live_server, "xinxiyuan", "/"), size)
        assert "依申请公开:待确认收到(1)" in clerk.content()  # the clerk starts from 待办
        clerk.click("a:has-text('2026年某项目的立项批复')")
        step(clerk, "confirm_receipt", on_date="2026-12-04")
        assert "答复截止2027-01-04(暂定)" in clerk.inner_text("#deadline")
        expect(clerk.locator("#provisional-note")).to_be_visible()
        fits(clerk, size)
        shot(clerk, "case-provisional")

        citizen.goto(f"{live_server.url}/apply/status/")
        citizen.fill("#id_tracking_number", tracking)
        citizen.fill("#id_query_code", code)
        citizen.click("main button[type=submit]")
        assert "答复截止2027-01-04(暂定)" in citizen.content()
        fits(citizen, size)
        shot(citizen, "status-provisional")

        step(clerk, "draft_answer", result="granted", answer_text="附件为该项目立项批复。")
        reviewer = sized(login(browser, live_server, "shenheren", "/"), size)
        reviewer.goto(clerk.url)
        step(reviewer, "approve_answer")
        clerk.reload()
        step(clerk, "send_answer", on_date="2026-12-04")
        clerk.select_option("#id_document", "letter")
        clerk.select_option("#id_method", "email")
        clerk.locator('details[data-step="deliver"]').evaluate("d => d.open = true")
        clerk.click("#deliver-form button")
        assert "已登记送达:电子邮件" in clerk.content()
        assert "wangwu@example.cn" in clerk.inner_text("#deliveries")
        fits(clerk, size)
        shot(clerk, "served")
        letter = clerk.request.get(f"{clerk.url.rstrip('/')}/letter.pdf").body()
        text = pdf_text(letter, tmp_path).replace(" ", "")
        assert "某发改依申复〔2026〕1号" in text and "(印章)" in text
        assert str(date(2026, 12, 4).year) in text
