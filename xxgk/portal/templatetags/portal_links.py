"""The addresses every page of an agency's 专栏 links to, worked out once per agency and process.

A list page drew about forty of them with `{% url %}` (a `reverse()` each) on every render: the
column navigation, the header, the footer and a link per row. The URL configuration does not change
while the process runs, so an agency's addresses are the same every time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django import template
from django.urls import reverse

register = template.Library()

NAMES = ("home", "guide", "system", "items", "reports", "about", "sitemap", "feeds", "feed", "reports_feed")
# What reverse() leaves unquoted in a path argument (django.urls.resolvers: RFC 3986 sub-delims and
# "/~:@"), so that item_href gives the very string {% url 'portal:item' %} gives.
_SAFE = "!$&'()*+,;=/~:@"


@lru_cache(maxsize=4096)
def links_of(code: str) -> dict[str, str]:
    found = {name: reverse(f"portal:{name}", args=[code]) for name in NAMES}
    found["index"] = reverse("portal:index")
    found["apply"] = f"{reverse('apply:apply')}?agency={quote(code, safe='')}"
    found["status"] = f"{reverse('apply:status')}?agency={quote(code, safe='')}"
    return found


@register.filter
def portal_links(code: Any) -> dict[str, str]:
    """`{% with links=agency.code|portal_links %}`: links.home, links.items … of the agency."""
    return links_of(str(code))


@register.filter
def item_href(item: Any, code: Any) -> str:
    """An item's page under the agency's 专栏, as `{% url 'portal:item' code item.url_number %}`."""
    return f"{links_of(str(code))['items']}{quote(item.url_number, safe=_SAFE)}/"


@register.filter
def portal_link(code: Any, name: str) -> str:
    """`{{ agency.code|portal_link:'home' }}`: one of the agency's addresses."""
    return links_of(str(code))[name]
