"""Public pages served cheaply and never stale: a version per agency, bumped whenever anything of that
agency that its 专栏 shows is saved or deleted; pages cached and validated under it.

A provincial platform hosts hundreds of agencies' 专栏 on a few machines, and most requests are
anonymous reads of pages that change a few times a day. So for an anonymous GET of an agency's
page:

- the ETag is derived from the agency's version, the address and the 长者模式 choice: a browser
  or proxy asking again with If-None-Match gets 304 without the page being rendered;
- the rendered page is kept in the shared cache under the same key, so the next visitor's copy
  costs one cache read;
- any change of the agency's items, attachments, catalogue, portal pages, annual reports or the
  agency itself bumps the version after its transaction commits: the next request renders
  afresh. Nothing needs expiring by time, so nothing is served stale.

Staff (logged in) and visitors with a session (the applicant who just filed) are not served from
the cache: their pages carry their own header, messages and tokens.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

PAGE_SECONDS = 24 * 3600  # an entry unused for a day is dropped; correctness never depends on it
ALL = "all"  # the list of agencies (/gk/): bumped with any agency
# What a cached answer keeps besides its body: a file's name, and its own ETag (a published report's
# SHA-256) with its caching rule.
KEPT = ("Content-Type", "Content-Disposition", "ETag", "Cache-Control")


def _version_key(scope: int | str) -> str:
    return f"portal:version:{scope}"


def version(scope: int | str) -> str:
    key = _version_key(scope)
    found = cache.get(key)
    if found is None:
        found = uuid.uuid4().hex
        # add(): two processes starting at once agree on one version.
        if not cache.add(key, found, None):
            found = cache.get(key) or found
    return str(found)


def bump(scope: int | str) -> None:
    """A new version for the scope now and again once the change is committed: a page another request
    renders from the old data in between is stored under a version nobody asks for after the commit."""
    cache.set(_version_key(scope), uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(_version_key(scope), uuid.uuid4().hex, None))


def remembered(scope: int | str, name: str, make: Callable[[], Any]) -> Any:
    """A value worked out from the scope's data (a list's count, its filter choices), kept under the
    scope's version: computed again only after something of the agency changed, never stale."""
    key = "portal:derived:" + hashlib.sha256(f"{version(scope)}|{name}".encode()).hexdigest()[:40]
    found = cache.get(key)
    if found is None:
        found = (make(),)  # in a tuple: a remembered None is not a miss
        cache.set(key, found, PAGE_SECONDS)
    return found[0]


def _agency_id(code: str) -> int | None:
    from xxgk.agencies.models import Agency

    key = f"portal:agency:{code[:40]}"
    found = cache.get(key)
    if found is None:
        found = Agency.objects.filter(code=code).values_list("pk", flat=True).first() or 0
        cache.set(key, found, 300)
    return int(found) or None


def _cacheable(request: HttpRequest) -> bool:
    from django.conf import settings

    if request.method not in ("GET", "HEAD"):
        return False
    # A session or a message cookie: this visitor's page may differ from everyone's.
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    ) and not getattr(getattr(request, "user", None), "is_authenticated", False)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views of one agency's 专栏 (a `code` argument) or of the list of agencies (none)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        code = kwargs.get("code")
        scope: int | str | None = ALL if code is None else _agency_id(str(code))
        if scope is None:
            return view(request, *args, **kwargs)  # no such agency: the view says 404
        from xxgk.portal.context import ELDER_COOKIE

        elder = request.COOKIES.get(ELDER_COOKIE) == "1"
        key = hashlib.sha256(f"{version(scope)}|{request.get_full_path()}|{elder}".encode()).hexdigest()[:40]
        etag = f'"{key}"'
        asked = request.headers.get("If-None-Match", "")
        if etag in asked:
            response: HttpResponse = HttpResponseNotModified()
        else:
            stored = cache.get(f"portal:page:{key}")
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    headers = {h: response[h] for h in KEPT if response.has_header(h)}
                    cache.set(
                        f"portal:page:{key}", {"body": response.content, "headers": headers}, PAGE_SECONDS
                    )
            elif stored["headers"].get("ETag") and stored["headers"]["ETag"] in asked:
                response = HttpResponseNotModified()  # a file's own ETag (its SHA-256), still the same
                response["ETag"], response["Cache-Control"] = (
                    stored["headers"]["ETag"],
                    stored["headers"].get("Cache-Control", "public, no-cache"),
                )
            else:
                response = HttpResponse(stored["body"])
                for header, value in stored["headers"].items():
                    response[header] = value
        if response.status_code in (200, 304) and not response.has_header("ETag"):
            response["ETag"] = etag
            # Always asked again (no-cache), answered 304 while nothing changed: never stale.
            response["Cache-Control"] = "public, no-cache"
        if response.status_code in (200, 304):
            response["Vary"] = "Cookie"
        return response

    return wrapper


def connect() -> None:
    """Bump the agency's version whenever what its 专栏 shows is saved or deleted (PortalConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    from xxgk.agencies.models import Agency
    from xxgk.annual.models import Report
    from xxgk.publishing.models import Category, Item, ItemAttachment, PortalPage

    def by_agency(sender: Any, instance: Any, **kwargs: Any) -> None:
        bump(instance.agency_id)

    def by_item(sender: Any, instance: Any, **kwargs: Any) -> None:
        agency_id = Item.objects.filter(pk=instance.item_id).values_list("agency_id", flat=True).first()
        if agency_id:
            bump(agency_id)

    def by_self(sender: Any, instance: Any, **kwargs: Any) -> None:
        bump(instance.pk)
        bump(ALL)
        if instance.parent_id:
            bump(instance.parent_id)  # its 机构信息 lists the bodies under it

    for model in (Item, Category, PortalPage, Report):
        post_save.connect(by_agency, sender=model, dispatch_uid=f"portal_fresh_{model.__name__}", weak=False)
        post_delete.connect(
            by_agency, sender=model, dispatch_uid=f"portal_fresh_del_{model.__name__}", weak=False
        )
    post_save.connect(by_item, sender=ItemAttachment, dispatch_uid="portal_fresh_attachment", weak=False)
    post_delete.connect(
        by_item, sender=ItemAttachment, dispatch_uid="portal_fresh_del_attachment", weak=False
    )
    post_save.connect(by_self, sender=Agency, dispatch_uid="portal_fresh_agency", weak=False)
    post_delete.connect(by_self, sender=Agency, dispatch_uid="portal_fresh_del_agency", weak=False)
