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
