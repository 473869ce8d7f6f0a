"""Request middleware of the platform."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict

from xxgk.textsafe import clean

# One form value longer than this is no document an agency writes (a long regulation has 100,000
# characters); refusing it keeps a single request from filling the database.
MAX_FIELD_CHARS = 300_000


class CleanInputMiddleware:
    """Every submitted value (query string, form fields and JSON bodies of the API, public and staff
    alike) without control characters, before any view, form or schema sees it: the one boundary
    for typed text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                post = request.POST
            except Exception:  # a malformed body: Django answers it itself, later
                return self.get_response(request)
            if any(len(v) > MAX_FIELD_CHARS for values in post.lists() for v in values[1]):
                return HttpResponseBadRequest("提交的内容过长(单项超过30万字),请分开提交")
            request.POST = _cleaned(post)
        elif request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
            refused = _clean_json_body(request)
            if refused is not None:
                return refused
        return self.get_response(request)


def _clean_json_body(request: HttpRequest) -> HttpResponse | None:
    """The JSON body with every string (keys too) cleaned; a malformed one is left to the API to
    refuse with its own message."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    too_long: list[str] = []
    cleaned = _clean_value(data, too_long)
    if too_long:
        return HttpResponseBadRequest("提交的内容过长(单项超过30万字),请分开提交")
    if cleaned != data:
        request._body = json.dumps(cleaned, ensure_ascii=False).encode()
    return None


def _clean_value(value: Any, too_long: list[str]) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_FIELD_CHARS:
            too_long.append(value[:20])
        return clean(value)
    if isinstance(value, list):
        return [_clean_value(v, too_long) for v in value]
    if isinstance(value, dict):
        return {clean(str(k)): _clean_value(v, too_long) for k, v in value.items()}
    return value


def _cleaned(data: QueryDict) -> QueryDict:
    if not any(clean(v) != v for _, values in data.lists() for v in values):
        return data  # nearly every request: nothing to copy
    out = QueryDict(mutable=True)
    for key, values in data.lists():
        out.setlist(clean(key), [clean(v) for v in values])
    out._mutable = False
    return out
