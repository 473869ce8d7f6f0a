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
    assert "共1条" in found and "2026年<mark>扶贫</mark>项目资金公示" in found and b.title not in found
    by_number = client.get(
        f"/gk/{agency.code}/items/", {"q": "发改"}
    ).content.decode()  # 文号 某发改〔2026〕7号
    assert "共1条" in by_number and a.title in by_number
    # Found in the body only: the excerpt shows where, marked; the title stays as written.
    in_body = client.get(f"/gk/{agency.code}/items/", {"q": "规范"}).content.decode()
    assert b.title in in_body and '<p class="excerpt">第一条 为<mark>规范</mark>政府投资' in in_body
    nothing = client.get(f"/gk/{agency.code}/items/", {"q": "不存在的词", "year": "2026"}).content.decode()
    assert (
        "没有找到符合条件的信息" in nothing
        and "换用其他关键词" in nothing
        and "不限分类和年份再查" in nothing
    )
    assert f"/apply/?agency={agency.code}" in nothing  # the next step: ask for it
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
    # Reading: the toolbar (shown by its script), 上一篇/下一篇 in the list's order, related items.
    assert 'role="toolbar" aria-label="阅读工具"' in page and "portal/reading.js" in page
    newer, older = (a, b) if (a.published, a.pk) > (b.published, b.pk) else (b, a)
    first = client.get(f"/gk/{agency.code}/items/{newer.url_number}/").content.decode()
    assert "上一篇:没有了" in first and f'rel="next">{older.title}' in first
    last = client.get(f"/gk/{agency.code}/items/{older.url_number}/").content.decode()
    assert f'rel="prev">{newer.title}' in last and "下一篇:没有了" in last
    # The frame is the agency's: its name heads the page, its footer closes it.
    assert f"<title>{a.title} · {agency.name}</title>" in page
    assert f'class="brand" href="/gk/{agency.code}/">{agency.name}' in page
    assert "主办单位:" + agency.name in page and "网站地图" in page and "联系我们" in page


def test_portal_about_sitemap_and_footer_identifiers(client, published):
    agency = published[0]
    agency.functions = "负责本区政府投资项目管理。"
    agency.leaders = "张三 主任 主持全面工作\n李四 副主任 分管政务公开"
    agency.office_hours = "工作日9:00—17:00"
    agency.site_id, agency.icp, agency.psb = "3208000001", "苏ICP备12345678号", "苏公网安备 32080202000001号"
    agency.save()
    about = client.get(f"/gk/{agency.code}/about/").content.decode()
    assert "负责本区政府投资项目管理" in about and "<li>李四 副主任 分管政务公开</li>" in about
    assert 'id="contact"' in about and "工作日9:00—17:00" in about
    assert "网站标识码:3208000001" in about and "苏ICP备12345678号" in about and "苏公网安备" in about
    sitemap = client.get(f"/gk/{agency.code}/sitemap/").content.decode()
    for column in ("政府信息公开指南", "法定主动公开内容", "政府信息公开年报", "机构信息", "依申请公开"):
        assert column in sitemap
    assert client.get("/gk/NOSUCHCODE/about/").status_code == 404


def test_elder_mode_is_a_switch_kept_in_a_cookie(client, published):
    agency = published[0]
    home = f"/gk/{agency.code}/"
    assert 'class="elder"' not in client.get(home).content.decode()
    on = client.get("/elder/", {"on": "1", "next": home})
    assert on.status_code == 302 and on["Location"] == home
    page = client.get(home).content.decode()
    assert '<body class="elder">' in page and "退出长者模式" in page
    off = client.get("/elder/", {"next": "https://evil.example/"})
    assert off["Location"] == "/"  # never sent elsewhere
    assert '<body class="elder">' not in client.get(home).content.decode()


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


def test_every_public_page_of_an_agency_keeps_its_column_frame(client, published):
    """Issue 23: the left-hand column navigation, breadcrumbs and the agency's header on every page of
    its 专栏 — the application form, the status lookup and "page not found" reached from it included."""
    agency, a, _ = published
    frame = 'aria-label="信息公开栏目"'
    pages = {
        f"/gk/{agency.code}/": "专栏首页",
        f"/gk/{agency.code}/items/": "法定主动公开内容",
        f"/gk/{agency.code}/items/{a.url_number}/": "法定主动公开内容",
        f"/gk/{agency.code}/feeds/": "订阅",
        f"/apply/?agency={agency.code}": "依申请公开",
        f"/apply/status/?agency={agency.code}": "办理进度查询",
    }
    for url, current in pages.items():
        page = client.get(url).content.decode()
        assert frame in page and 'aria-label="当前位置"' in page, url
        assert f'aria-current="page">{current}' in page, url
        assert f"{agency.name} <small>政府信息公开</small>" in page, url
    missing = client.get(f"/gk/{agency.code}/items/no-such-item/")
    assert missing.status_code == 404 and frame in missing.content.decode()
    assert agency.name in missing.content.decode()
    assert frame not in client.get("/no-such-page/").content.decode()  # not under a 专栏: the platform's
    # The feeds page explains and gives the address to copy instead of opening raw XML.
    feeds = client.get(f"/gk/{agency.code}/feeds/").content.decode()
    assert f"http://testserver/gk/{agency.code}/feed/" in feeds and "阅读器" in feeds


def test_the_guide_not_yet_written_is_generated_with_what_article_12_asks(client, desk):
    agency = desk[0]
    agency.address, agency.fax, agency.email = "某区行政中心3号楼", "010-68001235", "gk@example.gov.cn"
    agency.save()
    text = client.get(f"/gk/{agency.code}/guide/").content.decode()
    # 分类, 编排体系, 获取方式, and the office's name, address, hours, phone, fax, internet contact.
    for part in ("扶贫开发", "工作动态", "索引号", "获取方式", "某区行政中心3号楼", "010-68001235",
                 "gk@example.gov.cn", "010-68001234", "信息处理费", "监督和救济", "行政复议"):  # fmt: skip
        assert part in text, part
    assert "办公时间:(未填写,请在“机构信息”中补充)" in text  # a gap is said, not left out


def test_forms_speak_plainly_and_mark_what_is_required(client, desk):
    agency = desk[0]
    page = client.post(f"/apply/?agency={agency.code}", {"agency": agency.pk, "email": "not-an-email"})
    text = page.content.decode()
    assert "这个字段是必填项" not in text and "此项必须填写" in text
    assert "输入一个有效的 Email 地址" not in text and "电子邮箱的格式不对" in text
    # The * stands inside the label, and a field required only for some applicants has a hidden one.
    assert '申请人类型<span class="req" aria-hidden="true"> *</span></label>' in text
    assert '证件号码<span class="req" aria-hidden="true" hidden> *</span></label>' in text
