"""Pagination for every list: the page, and the other filters kept in its links and in 跳页."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 30


def paginate(
    request: HttpRequest, rows: Any, per_page: int = PER_PAGE, paginator: Any = None
) -> dict[str, Any]:
    """{page_obj, query, query_items} for templates/xxgk/pagination.html. A page number out of
    range or not a number gives the nearest page, never an error."""
    page_obj: Page[Any] = (paginator or Paginator(rows, per_page)).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    items = [(k, v) for k in params for v in params.getlist(k) if v != ""]
    return {"page_obj": page_obj, "query": params.urlencode(), "query_items": items}
