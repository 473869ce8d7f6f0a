from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from xxgk.agencies.selectors import visible_agencies


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their 待办; the public on the way to the 专栏 and the application form."""
    from django.utils import timezone

    from xxgk.todo import remember_count, todo_for

    today = timezone.localdate()
    groups = todo_for(request.user, today)
    waiting = remember_count(request.user, today, groups) if request.user.is_authenticated else 0
    context = {"agencies": visible_agencies(request.user), "groups": groups, "waiting": waiting}
    return render(request, "xxgk/home.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404, drawn in the 专栏's frame when the address was under one (/gk/机构代码/…)."""
    from xxgk.portal.context import column_of

    return render(request, "404.html", {"request_path": request.path, **column_of(request)}, status=404)


def healthz(request: HttpRequest) -> JsonResponse:
    """The database, the shared cache and the task workers (xxgk/health.py): 503 naming what failed."""
    from xxgk.health import check

    health = check()
    return JsonResponse(health.as_json(), status=503 if health.failed else 200)


def elder_mode(request: HttpRequest) -> HttpResponse:
    """长者模式 on or off (适老化): larger type and higher contrast, kept in a cookie for a year.
    A plain link, so it works without JavaScript; `next` may only point back into this site."""
    from django.shortcuts import redirect

    from xxgk.clients import local_next
    from xxgk.portal.context import ELDER_COOKIE

    response = redirect(local_next(request, request.GET.get("next")))
    if request.GET.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


# The files staff download from a page, by their name's suffix.
DOWNLOAD_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def file_download(data: bytes, name: str) -> HttpResponse:
    """A file made for the person asking (a workbook, a notice, a comparison) as a download under
    `name`, its Content-Disposition as Django writes it for any name (RFC 6266, Chinese included)."""
    from pathlib import PurePath

    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type=DOWNLOAD_TYPES[PurePath(name).suffix.lower()])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def year_param(request: HttpRequest) -> int:
    """The ?year= of a yearly page: 2019 (the 条例 in force) to this year; anything else is this year."""
    from django.utils import timezone

    today = timezone.localdate()
    raw = str(request.GET.get("year", ""))
    return int(raw) if raw.isdigit() and 2019 <= int(raw) <= today.year else today.year


def comparison_page(
    request: HttpRequest, found: Any, crumbs: list[tuple[str, str]], old_url: str, new_url: str
) -> HttpResponse:
    """Two years of an agency's report side by side (reports.compare), for 年报核查's uploaded reports
    and an agency's own: the page, or ?format=xlsx / docx to download the comparison."""
    from xxgk.reports.compare import as_docx, as_xlsx, summary

    fmt = request.GET.get("format")
    if fmt in ("xlsx", "docx"):
        return file_download(as_xlsx(found) if fmt == "xlsx" else as_docx(found), f"{found.title}.{fmt}")
    context = {
        "c": found,
        "summary": summary(found),
        "crumbs": crumbs,
        "old_url": old_url,
        "new_url": new_url,
    }
    return render(request, "xxgk/compare.html", context)
