"""Issue 22 (1) in a browser (desktop and phone): a clerk imports the 标准目录 from the XLSX agencies
exchange, reads it and its coverage; the 公开办 reads the roll-up of its agencies."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_problems, login
from tests.e2e.test_roles import SIZES, fits, sized
from tests.test_catalogue import ROWS, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@SIZES
def test_a_catalogue_is_imported_read_and_rolled_up(browser, live_server, shot, agency, size, tmp_path):
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role

    office = AgencyFactory(name="某区政务公开办")
    agency.parent = office
    agency.save()
    grant_role(UserFactory(username="gongkaiban"), office, Role.REVIEWER)
    path = tmp_path / "标准目录.xlsx"
    path.write_bytes(xlsx(ROWS))

    page = sized(login(browser, live_server, "xinxiyuan", "/publishing/"), size)
    page.click("a:has-text('政务公开事项标准目录')")
    expect(page.locator("details[data-step=import]")).to_have_attribute("open", "")
    page.set_input_files("#catalogue-file", str(path))
    with page.expect_navigation():
        page.click("details[data-step=import] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("新增5项")
    expect(page.locator("table.catalogue")).to_contain_text("学区划分方案")
    fits(page, size)
    assert axe_problems(page) == []
    shot(page, "catalogue")
    page.click("a:has-text('公开情况')")
    expect(page.locator("table.completeness")).to_contain_text("无法判断")
    fits(page, size)
    assert axe_problems(page) == []

    office_page = sized(login(browser, live_server, "gongkaiban", "/catalogue/rollup/"), size)
    expect(office_page.locator("table.rollup")).to_contain_text("某区发展和改革委员会")
    fits(office_page, size)
    assert axe_problems(office_page) == []
    shot(office_page, "rollup")
