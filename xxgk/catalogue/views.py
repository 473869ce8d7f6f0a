"""Thin pages over catalogue.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.catalogue import services
from xxgk.ledgers import LedgerError
from xxgk.views import file_download, year_param

MAX_FILE = 5 * 1024 * 1024


def _agency(request: HttpRequest) -> Agency:
    agencies = visible_agencies(request.user)
    code = str(request.GET.get("agency") or request.POST.get("agency") or "")[:18]
    found = (
        agencies.filter(code=code).first() if code else member_agencies(request.user).order_by("pk").first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    entries = services.entries_for(agency)
    return render(
        request,
        "catalogue/index.html",
        {
            "agency": agency,
            "entries": entries,
            "headers": services.HEADERS,
            "agencies": visible_agencies(request.user).order_by("name")[:500],
            "can_import": member_agencies(request.user).filter(pk=agency.pk).exists(),
        },
    )


@login_required
@require_POST
def import_view(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_FILE:
        messages.error(request, "请选择不超过5MB的 XLSX 或 CSV 文件")
        return redirect(f"/catalogue/?agency={agency.code}")
    try:
        done = services.import_catalogue(request.user, agency, upload.read(), upload.name or "")
    except (LedgerError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已导入标准目录:新增{done.created}项,更新{done.updated}项")
    return redirect(f"/catalogue/?agency={agency.code}")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    data = services.export_catalogue(services.entries_for(agency))
    return file_download(data, f"{agency.name}标准目录.xlsx")


@login_required
def completeness_view(request: HttpRequest) -> HttpResponse:
    agency, year = _agency(request), year_param(request)
    lines = services.completeness(agency, year, timezone.localdate())
    return render(
        request,
        "catalogue/completeness.html",
        {"agency": agency, "year": year, "lines": lines, "years": range(timezone.localdate().year, 2018, -1)},
    )


@login_required
def rollup_view(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    agencies = list(visible_agencies(request.user).order_by("name")[:500])
    rows = services.rollup(agencies, year, timezone.localdate())
    return render(
        request,
        "catalogue/rollup.html",
        {"rows": rows, "year": year, "years": range(timezone.localdate().year, 2018, -1)},
    )
