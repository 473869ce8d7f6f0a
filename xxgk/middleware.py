"""Request middleware of the platform."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict

from xxgk.textsafe import clean

# One form value longer than this is no document an agency writes (a long regulation has 100,000
# characters); refusing it keeps a single request from filling the database.
MAX_FIELD_CHARS = 300_000


class CleanInputMiddleware:
    """Every submitted value (query string and form fields, public and staff alike) without control
    characters, before any view or form sees it: the one boundary for typed text."""

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
        return self.get_response(request)


def _cleaned(data: QueryDict) -> QueryDict:
    if not any(clean(v) != v for _, values in data.lists() for v in values):
        return data  # nearly every request: nothing to copy
    out = QueryDict(mutable=True)
    for key, values in data.lists():
        out.setlist(clean(key), [clean(v) for v in values])
    out._mutable = False
    return out
