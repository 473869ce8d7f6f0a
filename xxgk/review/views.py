from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.reports.layout import grids
from xxgk.reports.read import UnreadableReport, tokenize
from xxgk.reports.write.html import render_table
from xxgk.review.forms import UploadForm
from xxgk.review.models import ReviewBatch, ReviewItem
from xxgk.review.services import batch_sum, batch_workbook, checked_of, create_batch

MAX_REQUEST_FILES = 200


def _batch_for(request: HttpRequest, pk: int) -> ReviewBatch:
    batch = get_object_or_404(ReviewBatch.objects.select_related("agency"), pk=pk)
    if not visible_agencies(request.user).filter(pk=batch.agency_id).exists():
        raise Http404
    return batch


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = member_agencies(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["files"][:MAX_REQUEST_FILES]
        # Open files, not their bytes: a large ZIP is read member by member from the spooled upload.
        files = [(f.name, f.file) for f in uploaded]
        batch = create_batch(
            agency=form.cleaned_data["agency"],
            user=request.user,
            files=files,
            title=form.cleaned_data["title"],
        )
        messages.success(request, f"已读取{batch.items.count()}份年报")
        return redirect("review:batch", pk=batch.pk)
    batches = ReviewBatch.objects.filter(agency__in=visible_agencies(request.user)).select_related("agency")[
        :50
    ]
    return render(
        request, "review/index.html", {"form": form, "batches": batches, "can_upload": agencies.exists()}
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    items = batch.items.defer("content", "result")
    total, why_not = batch_sum(batch)
    total_tables = [render_table(g) for g in grids(total).values()] if total is not None else []
    return render(
        request,
        "review/batch.html",
        {
            "batch": batch,
            "items": items,
            "total": total,
            "why_not": why_not,
            "total_tables": total_tables,
            "with_errors": sum(1 for i in items if i.errors),
            "with_warnings": sum(1 for i in items if i.warnings),
            "unreadable": sum(1 for i in items if i.error),
            "total_count": sum(1 for i in items if not i.error),
        },
    )


@login_required
def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    item = get_object_or_404(ReviewItem, pk=item_pk, batch=batch)
    checked = checked_of(item)
    tables = []
    if checked.report is not None:
        marks: dict[str, tuple[str, str]] = {}
        for f in sorted(checked.findings, key=lambda f: f.severity != "error"):
            marks.setdefault(f.where, (str(f.severity), f.message))
        tables = [render_table(g, marks) for g in grids(checked.report).values()]
    try:
        tokens = tokenize(bytes(item.content), item.file_name)
    except UnreadableReport:
        tokens = []
    return render(
        request,
        "review/item.html",
        {"batch": batch, "item": item, "checked": checked, "tables": tables, "tokens": tokens},
    )


@login_required
def workbook(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    response = HttpResponse(
        batch_workbook(batch),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''review-{batch.pk}.xlsx"
    return response
