"""Issue 24: public pages cached and validated under a per-agency version bumped by every change its
专栏 shows — 304 while nothing changed, the new page at once after a publication, a withdrawal or an
edit; staff and visitors with a session are never served another's page."""

from __future__ import annotations

from datetime import date

from tests.publishing.test_items import new, through
from tests.publishing.test_portal import published  # noqa: F401 (a fixture)
from xxgk.publishing import services


def _get(client, url, etag=None):
    return client.get(url, HTTP_IF_NONE_MATCH=etag) if etag else client.get(url)


def test_a_page_is_304_until_the_agency_changes_then_new_at_once(client, published, desk):  # noqa: F811
    agency, _, _ = published
    _, people, genres, _ = desk
    url = f"/gk/{agency.code}/items/"
    first = _get(client, url)
    etag = first["ETag"]
    assert first.status_code == 200 and first["Cache-Control"] == "public, no-cache"
    assert _get(client, url, etag).status_code == 304
    assert _get(client, url).content == first.content  # served from the cache, the same page

    # Published: the list has it at once.
    c = through(desk, new(desk, title="新发布的公告"))
    fresh = _get(client, url, etag)
    assert fresh.status_code == 200 and "新发布的公告" in fresh.content.decode()
    etag = fresh["ETag"]
    # Withdrawn: gone at once, from the list and from the home page.
    services.withdraw(c, people["reviewer"], "发布有误")
    after = _get(client, url, etag)
    assert after.status_code == 200 and "新发布的公告" not in after.content.decode()
    # An edit of what the column shows (a category's name) shows at once too.
    home = _get(client, f"/gk/{agency.code}/")
    genres["工作动态"].name = "工作动态和通知"
    genres["工作动态"].save()
    assert "工作动态和通知" in _get(client, f"/gk/{agency.code}/", home["ETag"]).content.decode()
    # The agency's own data (its footer) too.
    agency.phone = "010-68009999"
    agency.save()
    assert "010-68009999" in _get(client, f"/gk/{agency.code}/", home["ETag"]).content.decode()


def test_another_agency_s_change_leaves_the_page_valid(client, published, desk):  # noqa: F811
    from tests.factories import AgencyFactory

    agency, _, _ = published
    url = f"/gk/{agency.code}/"
    etag = _get(client, url)["ETag"]
    other = AgencyFactory()
    from xxgk.publishing.models import Category, CategoryKind

    Category.objects.create(agency=other, kind=CategoryKind.THEME, name="别的机关的分类")
    assert _get(client, url, etag).status_code == 304


def test_staff_and_visitors_with_a_session_are_not_served_the_cached_page(client, published, desk):  # noqa: F811
    agency, _, _ = published
    _, people, _, _ = desk
    url = f"/gk/{agency.code}/"
    anonymous = _get(client, url)
    assert (
        "退出" not in anonymous.content.decode() and "csrfmiddlewaretoken" not in anonymous.content.decode()
    )
    client.force_login(people["clerk"])
    staff = _get(client, url, anonymous["ETag"])
    assert staff.status_code == 200 and "退出" in staff.content.decode()
    assert "public" not in staff.get("Cache-Control", "") and staff.get("ETag") != anonymous["ETag"]


def test_the_item_page_finds_its_neighbours_by_date_then_id(client, desk):
    """上一篇/下一篇 in the list's order (newest first): ties on the date go by id."""
    made = [through(desk, new(desk, title=f"信息{n}", formed=date(2026, 11, 1))) for n in range(4)]
    from xxgk.publishing.models import Item

    # Two on one date, the others a day before and after.
    for item, day in zip(made, (3, 5, 5, 7), strict=True):
        Item.objects.filter(pk=item.pk).update(published=date(2026, 11, day))
    agency = desk[0]
    page = client.get(f"/gk/{agency.code}/items/{made[1].url_number}/").content.decode()
    # Newest first: 信息3 (11-07), 信息2 (11-05, higher id), 信息1 (11-05), 信息0 (11-03).
    assert "上一篇:" in page and ">信息2<" in page.split("上一篇:")[1].split("</p>")[0]
    assert ">信息0<" in page.split("下一篇:")[1].split("</p>")[0]


def test_a_search_counts_exactly_up_to_its_cap_then_says_about_how_many(client, desk, monkeypatch):
    from xxgk.portal import views

    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    agency = desk[0]
    for n in range(4):
        through(desk, new(desk, title=f"扶贫项目公示第{n}批"))
    through(desk, new(desk, title="粮食储备情况通报", body="储备粮轮换。"))
    page = client.get(f"/gk/{agency.code}/items/", {"q": "扶贫"}).content.decode()
    assert "约" in page and "条,关键词“扶贫”" in page and "共4条" not in page
    assert "项目公示第3批" in page  # the first page is there all the same
    exact = client.get(f"/gk/{agency.code}/items/", {"q": "粮食储备"}).content.decode()
    assert "共1条" in exact
    listing = client.get(f"/gk/{agency.code}/items/").content.decode()
    assert "共5条" in listing  # the list without a search counts to its own cap


def test_a_list_is_counted_once_per_version_of_the_agency(client, desk):
    """Page 2 of a list (or a search) already counted is not counted again; a publication counts it anew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agency = desk[0]
    for n in range(3):
        through(desk, new(desk, title=f"扶贫项目公示第{n}批"))
    url = f"/gk/{agency.code}/items/"

    def counts(params):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url, params).content.decode()
        return sum("COUNT(" in q["sql"] and "publishing_item" in q["sql"] for q in ctx.captured_queries), page

    assert counts({"q": "扶贫"})[0] == 1
    n, page = counts({"q": "扶贫", "page": "2"})  # another page: rendered, the count remembered
    assert n == 0 and "共3条" in page
    assert counts({"q": "扶贫 公示"})[0] == 1  # other words: counted
    through(desk, new(desk, title="扶贫项目公示第9批"))
    n, page = counts({"q": "扶贫", "page": "3"})
    assert n == 1 and "共4条" in page


def test_an_agency_s_addresses_are_those_reverse_gives():
    """The addresses worked out once per agency (portal_links) are the ones {% url %} would draw."""
    from types import SimpleNamespace

    from django.urls import reverse

    from xxgk.portal.templatetags.portal_links import NAMES, item_href, links_of

    for code in ("000000019", "11000000A0"):
        links = links_of(code)
        assert all(links[name] == reverse(f"portal:{name}", args=[code]) for name in NAMES)
        assert links["apply"] == f"{reverse('apply:apply')}?agency={code}"
        for number in ("2026-00042", "2026 第1号", "b?c#d%e&f", "工作动态-7"):
            item = SimpleNamespace(url_number=number)
            assert item_href(item, code) == reverse("portal:item", args=[code, number])
