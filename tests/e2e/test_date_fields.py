"""Issue 12, in the browser: a clerk reopens a saved item and saves it again, and steps of a case
show their saved dates, at desktop and phone size."""

from datetime import date

import pytest

from tests.e2e.conftest import login
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.publishing.models import Category, CategoryKind
from xxgk.publishing.services import create_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_saved_item_shows_its_date_and_saves_again(browser, live_server, shot, size):
    agency = AgencyFactory(name="某区发展和改革委员会")
    clerk_user = UserFactory(username="bianji")
    grant_role(clerk_user, agency, Role.CLERK)
    genre = Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="工作动态", limit_days=3)
    fields = {
        "title": "关于召开项目调度会的通知",
        "publisher": agency.name,
        "formed": date(2026, 11, 20),
        "genre": genre,
        "body": "正文",
    }
    item = create_item(agency, clerk_user, fields)

    page = login(browser, live_server, "bianji", "/publishing/")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{live_server.url}/publishing/{item.pk}/")
    assert page.input_value("#id_formed") == "2026-11-20"  # was empty: the browser dropped 2026/11/20
    page.fill("#id_title", "关于召开项目调度会的通知(更正)")
    page.click("text=保存修改")
    page.wait_for_load_state()
    assert "已保存修改" in page.content()
    assert page.input_value("#id_formed") == "2026-11-20"
    shot(page, "saved-twice")
    item.refresh_from_db()
    assert item.title.endswith("(更正)") and item.formed == date(2026, 11, 20)


def test_the_case_page_fits_a_phone(browser, live_server, shot):
    """Issue 12: on a 390 px phone the case page scrolled sideways (a fieldset grew to its widest
    办理结果 option)."""
    from xxgk.applications.services import register

    agency = AgencyFactory(name="某区发展和改革委员会")
    clerk = UserFactory(username="bianji")
    grant_role(clerk, agency, Role.CLERK)
    fields = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某项目批复"}
    app = register(agency, clerk, fields, channel="in_person", received=date(2026, 11, 2)).application
    page = login(browser, live_server, "bianji", "/applications/")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/applications/", f"/applications/{app.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    shot(page, "case-on-phone")
