"""What every page's frame needs: the site's owner (主办单位) for the header and footer, and
whether the visitor chose 长者模式."""

from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

ELDER_COOKIE = "xxgk_elder"


def _site_agency() -> Any:
    """The agency at the top of the tree runs the site (主办单位); read only on pages that show it."""
    from xxgk.agencies.models import Agency

    return Agency.objects.filter(parent=None).order_by("pk").first()


def frame(request: Any) -> dict[str, Any]:
    return {
        "site_agency": SimpleLazyObject(_site_agency),
        "elder": getattr(request, "COOKIES", {}).get(ELDER_COOKIE) == "1",
    }


def column_of(request: Any) -> dict[str, Any]:
    """The agency whose 专栏 a public page was reached from, and the frame to draw it in: the online
    application and the status lookup (?agency=机构代码) and "page not found" under /gk/机构代码/ keep
    the agency's header, column navigation and footer. Nothing found: the platform's own frame."""
    import re

    from xxgk.agencies.models import Agency

    code = str(request.GET.get("agency") or "")
    if not code:
        found = re.match(r"^/gk/([0-9A-Za-z]{1,18})/", request.path)
        code = found.group(1) if found else ""
    code = code.strip().upper()[:18]
    agency = Agency.objects.filter(code=code).first() if code.isalnum() else None
    return {"agency": agency, "frame": "portal/base.html"} if agency else {}
