"""Atom feeds per agency, per category and of annual reports, and /sitemap.xml, read back as XML."""

from xml.etree import ElementTree

import pytest

from tests.factories import AgencyFactory
from tests.publishing.test_items import new, through
from xxgk.publishing.models import Category, CategoryKind

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    found = [
        (e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href")) for e in feed.iter(f"{ATOM}entry")
    ]
    return feed, found


def test_feeds_list_published_items_newest_first_and_by_category(client, desk):
    agency, _, genres, theme = desk
    a = through(desk, new(desk, title="扶贫项目公示"))
    b = through(desk, new(desk, genre="财务公开", title="2026年部门预算", theme=None))
    new(desk, title="未发布的草稿")
    feed, items = entries(client, f"/gk/{agency.code}/feed/")
    assert feed.findtext(f"{ATOM}title") == f"{agency.name} 政府信息公开"
    assert [t for t, _ in items] == [b.title, a.title]  # same day: newest id first
    assert items[1][1].endswith(f"/gk/{agency.code}/items/{a.url_number}/")
    _, themed = entries(client, f"/gk/{agency.code}/feed/{theme.pk}/")
    assert [t for t, _ in themed] == [a.title]
    _, finance = entries(client, f"/gk/{agency.code}/feed/{genres['财务公开'].pk}/")
    assert [t for t, _ in finance] == [b.title]
    foreign = Category.objects.create(agency=AgencyFactory(), kind=CategoryKind.THEME, name="他机关")
    assert client.get(f"/gk/{agency.code}/feed/{foreign.pk}/").status_code == 404
    home = client.get(f"/gk/{agency.code}/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in home and f"/gk/{agency.code}/feed/" in home


def test_the_sitemap_lists_agencies_items_and_reports(client, desk):
    agency = desk[0]
    a = through(desk, new(desk, title="扶贫项目公示"))
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(s.endswith("/sitemap-items.xml") for s in sections)
    assert f"/gk/{agency.code}/items/{a.url_number}/" in client.get("/sitemap-items.xml").content.decode()
    assert f"/gk/{agency.code}/" in client.get("/sitemap-agencies.xml").content.decode()


def test_the_reports_feed(client, published_report):
    _, reports = entries(client, f"/gk/{published_report.agency.code}/reports/feed/")
    assert reports and reports[0][0].endswith("年政府信息公开工作年度报告")
    assert "/reports/" in client.get("/sitemap-reports.xml").content.decode()
