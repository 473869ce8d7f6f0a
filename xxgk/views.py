from __future__ import annotations

from django.db import connection
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


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
