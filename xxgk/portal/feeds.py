"""Atom feeds (订阅): an agency's new items, one category's, its annual reports; and /sitemap.xml
for search sites. Built on Django's syndication and sitemaps frameworks."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from xxgk.agencies.models import Agency
from xxgk.publishing.models import Category, Item, ItemState
from xxgk.textsafe import clean


def _clean(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


class CleanAtom1Feed(Atom1Feed):
    """Atom holding only what XML 1.0 can: stored text may carry control characters (a peer's title
    mirrored before the boundary cleaned it), which would make the whole feed fail."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})


FEED_SIZE = 50


def _day(value: Any) -> datetime | None:
    """Items carry a 发布日期, not a time: midnight of that day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(value, time.min)) if value else None


class ItemsFeed(Feed):  # type: ignore[type-arg]
    """/gk/<机构代码>/feed/ and /gk/<机构代码>/feed/<分类id>/: the newest published items."""

    feed_type = CleanAtom1Feed

    def get_object(self, request: HttpRequest, code: str, category: int | None = None) -> Any:
        agency = get_object_or_404(Agency, code=code)
        chosen = get_object_or_404(Category, agency=agency, pk=category) if category else None
        return agency, chosen

    def title(self, obj: Any) -> str:
        agency, category = obj
        return f"{agency.name} 政府信息公开" + (f" · {category.name}" if category else "")

    def subtitle(self, obj: Any) -> str:
        return "新发布的主动公开信息"

    def link(self, obj: Any) -> str:
        agency, category = obj
        url = reverse("portal:items", args=[agency.code])
        return f"{url}?{category.kind}={category.pk}" if category else url

    def items(self, obj: Any) -> Any:
        agency, category = obj
        qs = Item.objects.filter(agency=agency, state=ItemState.PUBLISHED)
        if category is not None:
            qs = qs.filter(**{f"{category.kind}_id": category.pk})
        return qs.select_related("genre").order_by("-published", "-id")[:FEED_SIZE]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        parts = [item.genre.name, item.doc_number, f"索引号 {item.index_no}"]
        return " · ".join(p for p in parts if p)

    def item_pubdate(self, item: Item) -> datetime | None:
        return _day(item.published)

    def item_updateddate(self, item: Item) -> datetime:
        return item.updated_at


class ReportsFeed(Feed):  # type: ignore[type-arg]
    """/gk/<机构代码>/reports/feed/: the agency's published annual reports."""

    feed_type = CleanAtom1Feed

    def get_object(self, request: HttpRequest, code: str) -> Agency:
        return get_object_or_404(Agency, code=code)

    def title(self, agency: Agency) -> str:
        return f"{agency.name} 政府信息公开工作年度报告"

    def subtitle(self, agency: Agency) -> str:
        return "已发布的政府信息公开工作年度报告"

    def link(self, agency: Agency) -> str:
        return reverse("portal:reports", args=[agency.code])

    def items(self, agency: Agency) -> Any:
        from xxgk.annual.models import Report, ReportState

        return Report.objects.filter(agency=agency, state=ReportState.PUBLISHED).order_by("-year")[:FEED_SIZE]

    def item_title(self, report: Any) -> str:
        return f"{report.agency.name}{report.year}年政府信息公开工作年度报告"

    def item_description(self, report: Any) -> str:
        return f"{report.year}年度报告,可下载 Word、PDF 和数据(JSON)"

    def item_link(self, report: Any) -> str:
        return reverse("portal:report", args=[report.agency.code, report.year])

    def item_pubdate(self, report: Any) -> datetime | None:
        published: datetime | None = report.published_at
        return published


class AgencySitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"

    def items(self) -> Any:
        return Agency.objects.order_by("code").only("code")

    def location(self, agency: Agency) -> str:
        return reverse("portal:home", args=[agency.code])


class ItemSitemap(Sitemap):  # type: ignore[type-arg]
    """Every published item; Django splits it into pages of 50,000 under the sitemap index."""

    def items(self) -> Any:
        return Item.objects.filter(state=ItemState.PUBLISHED).order_by("pk").only("index_no", "updated_at")

    def lastmod(self, item: Item) -> datetime:
        return item.updated_at


class ReportSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> Any:
        from xxgk.annual.models import Report, ReportState

        return Report.objects.filter(state=ReportState.PUBLISHED).select_related("agency").order_by("pk")

    def location(self, report: Any) -> str:
        return reverse("portal:report", args=[report.agency.code, report.year])


SITEMAPS = {"agencies": AgencySitemap, "items": ItemSitemap, "reports": ReportSitemap}
