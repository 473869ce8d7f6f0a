"""A clerk publishes an item whose body holds an ID number: blocked, masked, approved, published;
the public finds it by a two-character word and reads its metadata table."""

import pytest

from tests.e2e.conftest import login
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.publishing.models import Category, CategoryKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_item_with_id_number_is_masked_published_and_found(browser, live_server, shot):
    agency = AgencyFactory(name="某区发展和改革委员会")
    grant_role(UserFactory(username="bianji"), agency, Role.CLERK)
    grant_role(UserFactory(username="shenhe"), agency, Role.REVIEWER)
    Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="工作动态", limit_days=3)
    Category.objects.create(agency=agency, kind=CategoryKind.THEME, name="扶贫开发")

    clerk = login(browser, live_server, "bianji", "/publishing/")
    clerk.click("text=新建信息")
    clerk.fill("#id_title", "2026年产业扶贫项目验收结果公示")
    clerk.fill("#id_doc_number", "某发改〔2026〕21号")
    clerk.fill("#id_formed", "2026-11-02")
    clerk.select_option("#id_genre", label="工作动态")
    clerk.select_option("#id_theme", label="扶贫开发")
    clerk.fill("#id_body", "经验收,张某(身份证号110101199003076579)承担的蔬菜大棚项目合格,补助资金已拨付。")
    clerk.click("main button[type=submit]")
    assert "居民身份证号码" in clerk.inner_text("#findings")
    shot(clerk, "item-finding")
    clerk.click("#submit")
    assert "已提交" in clerk.inner_text("main")

    reviewer = login(browser, live_server, "shenhe", "/publishing/")
    reviewer.goto(clerk.url)
    reviewer.click("#secrecy")
    reviewer.click("#approve")
    assert "1处个人信息" in reviewer.content()  # blocked
    shot(reviewer, "item-blocked")

    clerk.reload()
    clerk.click("#findings button:has-text('遮盖')")
    assert "已遮盖" in clerk.inner_text("#findings")
    shot(clerk, "item-masked")

    reviewer.reload()
    reviewer.click("#approve")
    assert reviewer.inner_text("#state") == "审核通过"
    clerk.reload()
    clerk.click("#publish")
    assert clerk.inner_text("#state") == "已发布"
    shot(clerk, "item-published")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/gk/{agency.code}/")
    public.fill("#q", "扶贫")
    public.click("form[role=search] button")
    assert "共1条" in public.content()
    shot(public, "portal-search")
    public.click("text=2026年产业扶贫项目验收结果公示")
    metadata = public.inner_text("#metadata")
    for text in (
        "索引号",
        f"{agency.code}/2026-00001",
        "某发改〔2026〕21号",
        "2026-11-02",
        "扶贫开发",
        "工作动态",
    ):
        assert text in metadata
    assert "110101********6579" in public.content() and "110101199003076579" not in public.content()
    shot(public, "portal-item")
