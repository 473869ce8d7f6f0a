"""Staff pages of the annual report: the dashboard, the editor, publication and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import can_edit, has_role, member_agencies, visible_agencies
from xxgk.annual import charts, selectors, services, summary
from xxgk.annual.forms import ReportForm
from xxgk.annual.models import Report, ReportScope, ReportState
from xxgk.reports.layout import grids
from xxgk.reports.write.html import render_table
from xxgk.rules import narrative
from xxgk.rules.report import AnnualReport, Severity


def _errors(exc: Exception) -> list[str]:
    return list(getattr(exc, "messages", [str(exc)]))


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("agency", "summary_batch"), pk=pk)
    if not visible_agencies(request.user).filter(pk=report.agency_id).exists():
        raise Http404
    return report


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agencies = list(visible_agencies(request.user).order_by("name"))
    if not agencies:
        raise PermissionDenied("您尚未被分配到任何机构")
    agency = next((a for a in agencies if a.code == request.GET.get("agency")), None)
    if agency is None:
        mine = member_agencies(request.user).order_by("name").first()
        agency = mine if mine in agencies else agencies[0]
    today = timezone.localdate()
    raw_year = request.GET.get("year", "")
    year = (
        int(raw_year)
        if raw_year.isascii() and raw_year.isdigit() and 2019 <= int(raw_year) <= today.year
        else today.year
    )
    reports = {r.year: r for r in Report.objects.filter(agency=agency)}
    data = selectors.dashboard(agency, year)
    children = []
    for child in agency.children.order_by("name"):
        report = Report.objects.filter(agency=child, year=year).first()
        when = report.published_at if report and report.state == ReportState.PUBLISHED else None
        status, late = summary.publication_status(
            child, year, timezone.localtime(when).date() if when else None, today
        )
        children.append((child, report, status, late))
    return render(
        request,
        "annual/dashboard.html",
        {
            "agency": agency,
            "agencies": agencies,
            "year": year,
            "years": list(range(today.year, 2018, -1)),
            "reports": sorted(reports.values(), key=lambda r: -r.year),
            "notice": summary.due_notice(agency, reports, today),
            "can_start": can_edit(request.user, agency),
            "data": data,
            "chart_applications": charts.monthly(
                f"{year}年每月新收申请和答复",
                [
                    ("新收申请", data.received),
                    ("按期答复", data.timely.on_time),
                    ("逾期答复", data.timely.late),
                ],
            ),
            "chart_results": charts.horizontal(f"{year}年办理结果", data.results),
            "chart_items": charts.monthly(f"{year}年每月主动公开信息", [("主动公开", data.published)]),
            "children": children,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    agency = get_object_or_404(Agency, code=request.POST.get("agency", ""))
    if not can_edit(request.user, agency):
        raise PermissionDenied("只能为本机关编写年报")
    try:
        report = services.get_or_start(agency, int(request.POST.get("year", "0")))
    except (ValidationError, ValueError) as exc:
        messages.error(request, "".join(_errors(exc)))
        return redirect("annual:dashboard")
    return redirect("annual:report", pk=report.pk)


def _previous_values(report: Report) -> dict[str, Any]:
    """Last year's figures of section 二, shown beside this year's inputs."""
    last = Report.objects.filter(agency=report.agency, year=report.year - 1).first()
    if last is None:
        return {}
    if last.snapshot and last.version == report.version:
        return {
            f"{item}.{col}": value
            for item, cells in last.snapshot["proactive"].items()
            for col, value in cells.items()
        }
    return dict(last.manual) if last.version == report.version else {}


@login_required
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    editable = report.state == ReportState.DRAFT and can_edit(request.user, report.agency)
    form = ReportForm(request.POST or None, report=report, previous=_previous_values(report))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("该年报不能修改")
        if form.is_valid():
            try:
                services.save_draft(
                    report,
                    request.user,
                    form.values(),
                    form.sections(),
                    scope=form.cleaned_data.get("scope"),
                    summary_batch=form.cleaned_data.get("summary_batch"),
                )
            except (ValidationError, PermissionDenied) as exc:
                for m in _errors(exc):
                    messages.error(request, m)
            else:
                messages.success(request, "已保存")
                return redirect("annual:report", pk=report.pk)
    context: dict[str, Any] = {"report": report, "form": form, "editable": editable}
    parts_of = summary.contributions(report) if report.scope != ReportScope.OWN else None
    try:
        built, findings = services.current(report)
        values = services.field_values(report, built, parts_of) if editable else {}
    except narrative.NarrativeError as exc:
        messages.error(request, str(exc))
        built, findings, values = None, [], {}
    context.update(_preview(built, findings))
    context["fields"] = [(f, values.get(f.name, "")) for f in narrative.FIELDS]
    context["contributions"] = parts_of or []
    context["can_publish"] = report.state == ReportState.DRAFT and has_role(
        request.user, report.agency, Role.REVIEWER, Role.HEAD, Role.ADMIN
    )
    context["too_early"] = services.too_early(report) if context["can_publish"] else ""
    context["can_withdraw"] = report.state == ReportState.PUBLISHED and has_role(
        request.user, report.agency, Role.HEAD, Role.ADMIN
    )
    context["due"] = summary.due_date(report.agency, report.year)
    context["events"] = report.events.select_related("by")
    context["formats"] = [
        ("html", "网页"),
        ("docx", "Word"),
        ("pdf", "PDF"),
        ("json", "JSON"),
        ("text", "文本"),
    ]
    return render(request, "annual/report.html", context)


def _preview(built: AnnualReport | None, findings: list[Any]) -> dict[str, Any]:
    if built is None:
        return {"tables": [], "findings": findings, "errors": [], "warnings": []}
    marks = {f.where: (str(f.severity), f.message) for f in findings}
    tables = {k: render_table(g, marks) for k, g in grids(built).items()}
    sections = [(s, tables.get(s.key, "")) for s in built.sections]
    return {
        "built": built,
        "sections": sections,
        "findings": findings,
        "errors": [f for f in findings if f.severity is Severity.ERROR],
        "warnings": [f for f in findings if f.severity is Severity.WARNING],
    }


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, "请勾选“确认发布”:发布后年报即在政府信息公开专栏向社会公开")
        return redirect("annual:report", pk=pk)
    try:
        services.publish(report, request.user, acknowledge=request.POST.get("acknowledge") == "1")
    except (ValidationError, PermissionDenied) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, "已发布,年报已在政府信息公开专栏“政府信息公开年报”中公开")
    return redirect("annual:report", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.withdraw(report, request.user, request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, "已撤回,修改后可重新发布")
    return redirect("annual:report", pk=pk)


def download(report: Report, fmt: str, request: HttpRequest | None = None) -> HttpResponse:
    """The report file; shared by the staff pages (drafts too) and the portal (published only). A
    published report's file is the one stored at publication, with its SHA-256 as ETag."""
    if fmt not in services.EXPORTS:
        raise Http404
    suffix, content_type = services.EXPORTS[fmt]
    if report.state == ReportState.PUBLISHED and fmt in services.FROZEN:
        stored = services.published_file(report, fmt)
        etag = f'"{stored.sha256}"'
        if request is not None and etag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        else:
            with stored.file.open("rb") as f:
                response = HttpResponse(f.read(), content_type=content_type)
        response["ETag"] = etag
        # Revalidated after a day: a withdrawal and a new publication change the file at this address.
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response = HttpResponse(services.export_report(report, fmt), content_type=content_type)
    if fmt != "html":
        name = f"{report.agency.name}{report.year}年政府信息公开工作年度报告.{suffix}"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return download(_report(request, pk), fmt, request)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """This report beside the agency's published report of the year before (?format=xlsx or docx)."""
    from django.urls import reverse

    from xxgk.reports.compare import compare as side_by_side
    from xxgk.views import comparison_page

    report = _report(request, pk)
    last = Report.objects.filter(
        agency=report.agency, year=report.year - 1, state=ReportState.PUBLISHED
    ).first()
    if last is None:
        messages.error(request, f"没有{report.year - 1}年已发布的年报,无法对比")
        return redirect("annual:report", pk=report.pk)
    found = side_by_side(services.as_published(last), services.as_published(report))
    return comparison_page(
        request,
        found,
        [
            ("年度报告", reverse("annual:dashboard")),
            (str(report), reverse("annual:report", args=[report.pk])),
        ],
        reverse("annual:report", args=[last.pk]),
        reverse("annual:report", args=[report.pk]),
    )
