from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from xxgk.agencies.selectors import visible_agencies


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "xxgk/home.html", {"agencies": visible_agencies(request.user)})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
