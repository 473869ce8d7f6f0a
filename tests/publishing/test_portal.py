from datetime import date

import pytest

from tests.publishing.test_items import new, through
from xxgk.publishing.models import PortalPage


@pytest.fixture
def published(desk):
    agency = desk[0]
    PortalPage.objects.create(
        agency=agency,
        slug="guide",
        title="某区发改委政府信息公开指南",
        body="一、主动公开\n咨询电话:010-68001234",
    )
    a = through(desk, new(desk, title="2026年扶贫项目资金公示", doc_number="某发改〔2026〕7号"))
    b = through(
        desk,
        new(
            desk,
            genre="规范性文件",
            title="某区政府投资项目管理办法",
            body="第一条 为规范政府投资项目管理……",
            formed=date(2025, 4, 1),
        ),
        no_interpretation_reason="测试",
    )
    return agency, a, b


def test_portal_pages_list_search_and_item(client, published):
    agency, a, b = published
    home = client.get(f"/gk/{agency.code}/").content.decode()
    assert "政府信息公开指南" in home and "扶贫开发" in home and a.title in home
    assert "咨询电话:010-68001234" in client.get(f"/gk/{agency.code}/guide/").content.decode()
    assert client.get(f"/gk/{agency.code}/system/").status_code == 404  # not written yet
    listing = client.get(f"/gk/{agency.code}/items/").content.decode()
    assert "共2条" in listing
    found = client.get(f"/gk/{agency.code}/items/", {"q": "扶贫"}).content.decode()
    assert "共1条" in found and a.title in found and b.title not in found
    by_number = client.get(
        f"/gk/{agency.code}/items/", {"q": "发改"}
    ).content.decode()  # 文号 某发改〔2026〕7号
    assert "共1条" in by_number and a.title in by_number
    by_validity = client.get(f"/gk/{agency.code}/items/", {"validity": "in_force"}).content.decode()
    assert b.title in by_validity and a.title not in by_validity
    assert "共0条" in client.get(f"/gk/{agency.code}/items/", {"year": "2024"}).content.decode()
    page = client.get(f"/gk/{agency.code}/items/{a.url_number}/").content.decode()
    for label in (
        "索引号",
        "发布机构",
        "文号",
        "成文日期",
        "发布日期",
        "主题分类",
        "体裁分类",
        "有效性",
        "公开方式",
    ):
        assert label in page
    assert a.index_no in page and "某发改〔2026〕7号" in page


def test_drafts_are_not_public(client, desk):
    agency = desk[0]
    draft = new(desk, title="内部草稿")
    assert client.get(f"/gk/{agency.code}/items/{draft.url_number}/").status_code == 404
    assert "内部草稿" not in client.get(f"/gk/{agency.code}/items/", {"q": "草稿"}).content.decode()


def test_staff_item_page_flow(client, desk):
    _, people, genres, theme = desk
    client.force_login(people["clerk"])
    response = client.post("/publishing/new/", {"title": "扶贫对象名单", "publisher": "某区发改委", "formed": "2026-11-02",
                                                "genre": genres["工作动态"].pk, "theme": theme.pk, "body": "王某,身份证110101199003076579"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "居民身份证号码" in page and 'class="finding-error"' in page
