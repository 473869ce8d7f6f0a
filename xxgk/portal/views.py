"""The public 政府信息公开 column: server-rendered, works without JavaScript, stable URLs."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property

from xxgk.agencies.models import Agency
from xxgk.paging import paginate
from xxgk.portal.freshness import public_page, remembered
from xxgk.publishing import search
from xxgk.publishing.models import (
    Category,
    CategoryKind,
    GenreRole,
    Item,
    ItemAttachment,
    ItemState,
    PortalPage,
    Validity,
)
from xxgk.publishing.selectors import PublicQuery, catalogue, public_items

PAGE_SIZE = 20
COUNT_CAP = 10_000  # beyond this the portal says “10000条以上”: nobody pages through more
# A search counts its matches exactly up to 20 pages and estimates beyond (“约N条”, as search
# engines do, which also page no deeper): counting 1,000 matches of two common words took 9.4 ms
# at 1,000,000 items, 400 matches 2.5 ms (10,000 matches had been 70 of a search's 90 ms).
SEARCH_COUNT_CAP = 400


class PortalPaginator(Paginator):
    """Counts up to `cap`, and fetches a page as 20 ids from the ordering index first, then
    their rows: deep pages cost an index walk, not tens of thousands of rows read and dropped."""

    def __init__(
        self, object_list: Any, per_page: int, cap: int = COUNT_CAP, remember: tuple[int, str] | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        # (agency, what the list holds): the count is kept under the agency's version, so the pages
        # of one list or search after the first are not counted again (freshness.remembered).
        self.remember = remember

    @cached_property
    def count(self) -> int:
        def counted() -> int:
            # Without order_by() Django would keep the ORDER BY inside the counted subquery.
            return int(self.object_list.order_by().values("pk")[: self.cap + 1].count())

        if self.remember is None:
            return counted()
        scope, name = self.remember
        return int(remembered(scope, f"count|{self.cap}|{name}", counted))

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def estimate(self) -> int:
        """The planner's estimate of the matches (PostgreSQL), never below the exact cap."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return self.cap
        import json

        def planned() -> int:
            plan = json.loads(self.object_list.order_by().values("pk").explain(format="json"))
            return int(plan[0]["Plan"]["Plan Rows"])

        rows = (
            planned()
            if self.remember is None
            else remembered(self.remember[0], f"plan|{self.remember[1]}", planned)
        )
        return max(self.cap, int(rows))

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {i.pk: i for i in Item.objects.filter(pk__in=ids).select_related("genre", "theme")}
        return self._get_page([rows[i] for i in ids if i in rows], number, self)


@public_page
def index(request: HttpRequest) -> HttpResponse:
    agencies = list(Agency.objects.order_by("name")[:500])
    if len(agencies) == 1:
        return redirect("portal:home", code=agencies[0].code)
    return render(request, "portal/index.html", {"agencies": agencies})


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code)


@public_page
def home(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    published = Item.objects.filter(agency=agency, state=ItemState.PUBLISHED)
    rows = catalogue(agency)
    return render(
        request,
        "portal/home.html",
        {
            "agency": agency,
            "themes": [(c, n) for c, n in rows if c.kind == CategoryKind.THEME],
            "genres": [(c, n) for c, n in rows if c.kind == CategoryKind.GENRE],
            "latest": published.select_related("genre").order_by("-published", "-id")[:10],
            "pages": PortalPage.objects.filter(agency=agency),
        },
    )


@public_page
def page(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    agency = _agency(code)
    item = PortalPage.objects.filter(agency=agency, slug=slug).first()
    if item is None and slug == "guide":
        # Not yet written by the agency: the guide as its data gives it (portal/guide.py, Art. 12).
        from xxgk.portal.guide import default_guide

        body = default_guide(agency, request.build_absolute_uri("/").rstrip("/"))
        item = PortalPage(agency=agency, slug=slug, title=f"{agency.name}政府信息公开指南", body=body)
    if item is None:
        raise Http404("该机关尚未发布此页面")
    return render(request, "portal/page.html", {"agency": agency, "page": item})


@public_page
def about(request: HttpRequest, code: str) -> HttpResponse:
    """机构信息: functions, leaders, subordinate bodies and 联系我们."""
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    leaders = [line.strip() for line in agency.leaders.splitlines() if line.strip()]
    children = Agency.objects.filter(parent=agency).order_by("name")
    return render(request, "portal/about.html", {"agency": agency, "leaders": leaders, "children": children})


@public_page
def sitemap(request: HttpRequest, code: str) -> HttpResponse:
    """网站地图: every column of the agency's 专栏 and its catalogue, one page."""
    agency = _agency(code)
    catalogue = Category.objects.filter(agency=agency).order_by("kind", "order", "name")
    return render(
        request,
        "portal/sitemap.html",
        {
            "agency": agency,
            "themes": [c for c in catalogue if c.kind == CategoryKind.THEME],
            "genres": [c for c in catalogue if c.kind == CategoryKind.GENRE],
        },
    )


@public_page
def items(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    today = timezone.localdate()
    query = PublicQuery.parse(request.GET, today)
    q, filters = query.q, query.filters
    # What the list holds: the words, the filters and the day (有效性 is judged on it).
    holds = f"{today}|{q}|{sorted(filters.items())}"
    paginator = PortalPaginator(
        public_items(agency, query), PAGE_SIZE, SEARCH_COUNT_CAP if q else COUNT_CAP, (agency.pk, holds)
    )
    paging = paginate(request, None, paginator=paginator)
    rows = [
        {
            "item": i,
            "title": search.highlight(i.title, q) if q else i.title,
            "excerpt": search.excerpt(i.body, q) if q else "",
        }
        for i in paging["page_obj"]
    ]
    return render(
        request,
        "portal/items.html",
        {
            "agency": agency,
            **paging,
            "rows": rows,
            "q": q,
            "filters": filters,
            "capped": paginator.capped,
            "cap": paginator.cap,
            "estimate": paginator.estimate() if q and paginator.capped else None,
            **remembered(agency.pk, "filter choices", lambda: _choices(agency)),
            "validities": [v for v in Validity.choices if v[0]],
        },
    )


def _choices(agency: Agency) -> dict[str, list[dict[str, Any]]]:
    """The 主题/体裁 a list can be narrowed to, as the filter form shows them."""
    rows = Category.objects.filter(agency=agency).values("pk", "name", "kind")
    return {
        "themes": [r for r in rows if r["kind"] == CategoryKind.THEME],
        "genres": [r for r in rows if r["kind"] == CategoryKind.GENRE],
    }


@public_page
def item(request: HttpRequest, code: str, number: str) -> HttpResponse:
    agency = _agency(code)
    found = get_object_or_404(
        Item.objects.select_related("genre", "theme", "interpretation_of"),
        index_no=f"{agency.code}/{number}",
        state__in=[ItemState.PUBLISHED, ItemState.WITHDRAWN],
    )
    interpretations = (
        list(found.interpretations.filter(state=ItemState.PUBLISHED))
        if found.genre.role == GenreRole.NORMATIVE
        else []
    )
    context: dict[str, Any] = {"agency": agency, "item": found, "interpretations": interpretations}
    if found.state == ItemState.PUBLISHED and found.published is not None:
        context.update(_neighbours(found))
    return render(request, "portal/item.html", context)


@public_page
def feeds(request: HttpRequest, code: str) -> HttpResponse:
    """What a feed is and the addresses to copy: the 订阅 link no longer opens raw XML."""
    agency = _agency(code)
    return render(
        request,
        "portal/feeds.html",
        {
            "agency": agency,
            "base": request.build_absolute_uri("/").rstrip("/"),
            "categories": Category.objects.filter(agency=agency).order_by("kind", "name"),
        },
    )


def item_file(request: HttpRequest, code: str, number: str, aid: int) -> HttpResponse:
    """A published item's attachment as published: the masked file, never the original (遮盖)."""
    from django.http import FileResponse

    agency = _agency(code)
    found = get_object_or_404(
        ItemAttachment.objects.select_related("item"),
        pk=aid,
        item__index_no=f"{agency.code}/{number}",
        item__state=ItemState.PUBLISHED,
    )
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Cache-Control"] = "public, max-age=300"
    return response


RELATED = 5


def _neighbours(found: Item) -> dict[str, Any]:
    """上一篇/下一篇 in the list's order (newest first, by 发布日期 then id), and related items:
    the latest of the same 主题分类, else of the same 体裁. Each is a keyset lookup on the index
    (agency, state, published, id) with LIMIT 1 — first among items of the same date, then beyond
    it — never a scan of the agency's items (an OR of the two took 536 ms at 200,000 items)."""
    published = Item.objects.filter(agency_id=found.agency_id, state=ItemState.PUBLISHED).only(
        "title", "index_no", "published"
    )
    same_day = published.filter(published=found.published)
    newer = (
        same_day.filter(id__gt=found.pk).order_by("id").first()
        or published.filter(published__gt=found.published).order_by("published", "id").first()
    )
    older = (
        same_day.filter(id__lt=found.pk).order_by("-id").first()
        or published.filter(published__lt=found.published).order_by("-published", "-id").first()
    )
    same = {"theme_id": found.theme_id} if found.theme_id else {"genre_id": found.genre_id}
    related = published.filter(**same).exclude(pk=found.pk).order_by("-published", "-id")[:RELATED]
    return {"previous": newer, "next": older, "related": list(related)}


def _published_reports(agency: Agency) -> Any:
    from xxgk.annual.models import Report, ReportState

    return Report.objects.filter(agency=agency, state=ReportState.PUBLISHED).order_by("-year")


@public_page
def reports(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开年报: the agency's published annual reports, newest first."""
    agency = _agency(code)
    return render(request, "portal/reports.html", {"agency": agency, "reports": _published_reports(agency)})


@public_page
def report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    from xxgk.annual.services import as_published, published_file
    from xxgk.reports.write.html import render_body

    agency = _agency(code)
    found = get_object_or_404(_published_reports(agency), year=year)
    files = {fmt: published_file(found, fmt) for fmt in ("docx", "pdf")}
    return render(
        request,
        "portal/report.html",
        {"agency": agency, "report": found, "body": render_body(as_published(found)), "files": files},
    )


@public_page
def report_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    from xxgk.annual.views import download

    agency = _agency(code)
    if fmt not in ("docx", "pdf", "json"):
        raise Http404
    return download(get_object_or_404(_published_reports(agency), year=year), fmt, request)
