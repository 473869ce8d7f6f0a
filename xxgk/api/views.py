"""/api/v1/: the portal's public data for machines, and agency endpoints for systems holding a token.
Every operation calls the same services and selectors as the web pages and the CLI.

django-ninja over Django REST framework: the schema comes from the type hints the views already
need (pydantic), the OpenAPI document and its docs page ship in the package (no CDN, our CSP holds),
and there is no second serializer layer to keep in step with the services."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from xxgk.agencies.models import Agency
from xxgk.api import schemas as s
from xxgk.api.auth import TokenAuth, current_token, record
from xxgk.api.models import Scope
from xxgk.clients import count, limit_reached

api = NinjaAPI(
    title="xxgk 政府信息公开开放接口",
    version="1.0",
    description="公开数据(无需令牌):机构、公开目录、主动公开信息、政府信息公开年报。"
    "机构接口(Bearer 令牌,按机构和权限范围在后台创建):报送信息、登记申请、查询办理状态。",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

PUBLIC_PER_MINUTE = 300
# Public reads carry an ETag (ConditionalGetMiddleware): asked again with If-None-Match, 304, no body.
MISSING: dict[int, Any] = {304: None, 404: s.Error, 429: s.Error}
# What a token call may answer besides its result (TokenAuth: 401, 403, 429; the forms' rules: 422).
REFUSED: dict[int, Any] = {304: None, 401: s.Error, 403: s.Error, 422: s.Error, 429: s.Error}


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, ";".join(exc.messages))


# pydantic's messages are English and structured; a caller gets one Chinese line naming each field.
INPUT_PROBLEMS = {
    "missing": "缺少此项",
    "date": "不是有效的日期(YYYY-MM-DD)",
    "int": "应为整数",
    "string_too_long": "过长",
    "string_type": "应为文字",
    "json_invalid": "不是有效的 JSON",
}


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    parts = []
    for error in exc.errors:
        kind = str(error.get("type", ""))
        said = next((v for k, v in INPUT_PROBLEMS.items() if kind.startswith(k)), "格式不对")
        field = str(error.get("loc", ["?"])[-1])
        parts.append(f"{field}:{said}")
    return _error(request, 422, ";".join(parts) or "请求格式不对")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "缺少接口令牌,或令牌无效、已吊销:请在请求头中提供 Authorization: Bearer <密钥>"
    )


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "没有权限")


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "没有找到")


def _public(request: HttpRequest) -> None:
    """Anyone may read, at a pace: the portal's own readers come first."""
    if limit_reached(request, "api", PUBLIC_PER_MINUTE):
        raise HttpError(429, f"调用过于频繁:每个地址每分钟最多{PUBLIC_PER_MINUTE}次")
    count(request, "api", 60)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code)


# --- public -----------------------------------------------------------------------------------------


@api.get(
    "/agencies", response={200: list[s.AgencyOut], 304: None, 429: s.Error}, tags=["公开数据"], summary="机构"
)
def agencies(request: HttpRequest) -> list[dict[str, Any]]:
    _public(request)
    return [
        {
            "code": a.code,
            "name": a.name,
            "short_name": a.short_name,
            "parent": a.parent.code if a.parent else None,
            "address": a.address,
            "phone": a.phone,
            "portal": _absolute(request, reverse("portal:home", args=[a.code])),
        }
        for a in Agency.objects.select_related("parent").order_by("code")[:2000]
    ]


@api.get(
    "/agencies/{code}/catalogue",
    response={200: list[s.CategoryOut], **MISSING},
    tags=["公开数据"],
    summary="公开目录",
)
def catalogue(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    from xxgk.publishing.selectors import catalogue as rows

    _public(request)
    return [{"id": c.pk, "kind": c.kind, "name": c.name, "published": n} for c, n in rows(_agency(code))]


class ItemFilters(Schema):
    q: str = ""
    theme: int | None = None
    genre: int | None = None
    year: int | None = None
    validity: str = ""
    cursor: str = ""
    limit: int = 20
    with_body: bool = False  # 正文 in the list: a mirror reads 100 items a request, not one


def _summary(request: HttpRequest, agency: Agency, item: Any) -> dict[str, Any]:
    return {
        "index_no": item.index_no,
        "title": item.title,
        "doc_number": item.doc_number,
        "publisher": item.publisher,
        "formed": item.formed,
        "published": item.published,
        "theme": item.theme.name if item.theme_id else None,
        "genre": item.genre.name,
        "validity": item.validity,
        "url": _absolute(request, item.get_absolute_url()),
        "updated": item.updated_at,
    }


def _cursor(published: date, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{published.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _after(cursor: str) -> Q:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, pk = raw.split("|")
        published, ident = date.fromisoformat(day), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError("cursor 无效:请使用上一页返回的 next") from None
    return Q(published__lt=published) | Q(published=published, id__lt=ident)


@api.get(
    "/agencies/{code}/items",
    response={200: s.ItemPage, 422: s.Error, **MISSING},
    tags=["公开数据"],
    summary="主动公开信息(门户的筛选和中文检索)",
)
def items(request: HttpRequest, code: str, filters: Query[ItemFilters]) -> dict[str, Any]:
    from xxgk.publishing.selectors import PublicQuery, public_items

    _public(request)
    agency = _agency(code)
    query = PublicQuery.parse(filters.dict(), timezone.localdate())
    limit = max(1, min(filters.limit, 100))
    qs = public_items(agency, query).select_related("theme", "genre")
    if filters.cursor:
        qs = qs.filter(_after(filters.cursor))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {**_summary(request, agency, i), **({"body": i.body} if filters.with_body else {})} for i in rows
        ],
        "next": _cursor(rows[-1].published, rows[-1].pk) if more and rows[-1].published else None,
    }


@api.get(
    "/agencies/{code}/items/{number}",
    response={200: s.ItemOut, **MISSING},
    tags=["公开数据"],
    summary="一条信息",
)
def item(request: HttpRequest, code: str, number: str) -> dict[str, Any]:
    from xxgk.publishing.models import Item, ItemState

    _public(request)
    agency = _agency(code)
    found = get_object_or_404(
        Item.objects.select_related("theme", "genre", "interpretation_of"),
        index_no=f"{agency.code}/{number}",
        state__in=[ItemState.PUBLISHED, ItemState.WITHDRAWN],
    )
    return {
        **_summary(request, agency, found),
        "state": found.state,
        "body": found.body if found.state == ItemState.PUBLISHED else "",
        "interprets": found.interpretation_of.index_no if found.interpretation_of_id else None,
    }


def _report_summary(request: HttpRequest, agency: Agency, report: Any) -> dict[str, Any]:
    files = {
        fmt: _absolute(request, reverse("portal:report_file", args=[agency.code, report.year, fmt]))
        for fmt in ("docx", "pdf", "json")
    }
    return {
        "year": report.year,
        "published_at": timezone.localtime(report.published_at).isoformat() if report.published_at else None,
        "url": _absolute(request, reverse("portal:report", args=[agency.code, report.year])),
        "files": files,
    }


@api.get(
    "/agencies/{code}/reports",
    response={200: list[s.ReportSummary], **MISSING},
    tags=["公开数据"],
    summary="已发布的年报",
)
def reports(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    from xxgk.annual.models import Report, ReportState

    _public(request)
    agency = _agency(code)
    published = Report.objects.filter(agency=agency, state=ReportState.PUBLISHED).order_by("-year")
    return [_report_summary(request, agency, r) for r in published]


@api.get(
    "/agencies/{code}/reports/{year}",
    response={200: s.ReportOut, **MISSING},
    tags=["公开数据"],
    summary="一份年报(report-model JSON)",
)
def report(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    from xxgk.annual.models import Report, ReportState
    from xxgk.annual.services import as_published, export

    _public(request)
    agency = _agency(code)
    found = get_object_or_404(Report, agency=agency, year=year, state=ReportState.PUBLISHED)
    data = json.loads(export(as_published(found), "json"))
    sections = {str(k): str(v) for k, v in ((found.snapshot or {}).get("sections") or {}).items()}
    return {**_report_summary(request, agency, found), "report": data, "sections": sections}


# --- agencies, with a token -----------------------------------------------------------------------


def audited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Every call made with a token goes into the trail, with its outcome."""

    @wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        token = current_token(request)
        try:
            result = view(request, *args, **kwargs)
        except (ValidationError, PermissionDenied, Http404, HttpError) as exc:
            status = {ValidationError: 422, PermissionDenied: 403, Http404: 404}.get(
                type(exc), getattr(exc, "status_code", 400)
            )
            record(request, status, token, "".join(getattr(exc, "messages", [str(exc)])))
            raise
        record(request, getattr(result, "status_code", 200), token)
        return result

    return run


def _form_errors(form: Any) -> ValidationError:
    return ValidationError(
        [f"{form.fields[k].label if k in form.fields else k}:{v[0]}" for k, v in form.errors.items()]
    )


@api.post(
    "/items",
    auth=TokenAuth(Scope.ITEMS_SUBMIT),
    response={201: s.ItemSubmitted, **REFUSED},
    tags=["机构接口"],
    summary="报送一条主动公开信息,并提交审核",
)
@audited
def submit_item(request: HttpRequest, payload: s.ItemIn) -> Status:
    from xxgk.publishing.forms import ItemForm
    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.publishing.services import create_item, submit

    token = current_token(request)
    agency = token.agency
    by_name = {(c.kind, c.name): c.pk for c in Category.objects.filter(agency=agency)}
    data = payload.dict()
    data["genre"] = by_name.get((CategoryKind.GENRE, data["genre"]), "")
    data["theme"] = by_name.get((CategoryKind.THEME, data["theme"]), "") if data["theme"] else ""
    data["publisher"] = data["publisher"] or agency.name
    form = ItemForm(data, agency=agency)  # the web page's rules, the agency's own catalogue
    if not form.is_valid():
        raise _form_errors(form)
    created = submit(create_item(agency, token.user, form.cleaned_data), token.user)
    return Status(
        201,
        {
            "id": created.pk,
            "index_no": created.index_no,
            "state": created.state,
            "privacy_findings": created.privacy_findings.count(),
        },
    )


@api.post(
    "/applications",
    auth=TokenAuth(Scope.APPLICATIONS_REGISTER),
    response={201: s.ApplicationRegistered, **REFUSED},
    tags=["机构接口"],
    summary="登记通过其他渠道收到的申请(如12345热线转办、政务服务平台)",
)
@audited
def register_application(request: HttpRequest, payload: s.ApplicationIn) -> Status:
    from xxgk.applications.forms import RegisterForm
    from xxgk.applications.services import register

    token = current_token(request)
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    form = RegisterForm(data)  # the registration page's rules (identity numbers, phone, dates)
    if not form.is_valid():
        raise _form_errors(form)
    clean = form.cleaned_data
    filed = register(token.agency, token.user, clean, channel=clean["channel"], received=clean["received"])
    app = filed.application
    return Status(
        201,
        {
            "number": app.number,
            "tracking_number": app.tracking_number,
            "query_code": filed.query_code,
            "state": app.state,
        },
    )


@api.get(
    "/applications/{number}",
    auth=TokenAuth(Scope.APPLICATIONS_READ),
    response={200: s.ApplicationStatus, 404: s.Error, **REFUSED},
    tags=["机构接口"],
    summary="申请的办理状态和期限(编号或查询号)",
)
@audited
def application_status(request: HttpRequest, number: str) -> dict[str, Any]:
    from xxgk.applications.models import Application
    from xxgk.applications.services import deadline_of

    token = current_token(request)
    app = get_object_or_404(
        Application.objects.filter(agency=token.agency), Q(number=number) | Q(tracking_number=number)
    )
    view = deadline_of(app)
    return {
        "number": app.number,
        "tracking_number": app.tracking_number,
        "state": app.state,
        "state_label": app.get_state_display(),
        "received": app.received,
        "due": view.deadline.due if view.deadline else None,
        "due_provisional": bool(view.deadline and view.deadline.provisional),
        "days_left": view.days_left,
        "deadline": view.message,
        "result": app.result or None,
        "answered": app.answered,
    }
