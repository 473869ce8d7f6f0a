from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.reports.layout import grids
from xxgk.reports.write.html import render_table
from xxgk.review.forms import UploadForm
from xxgk.review.models import BatchState, Evidence, ItemState, ReviewBatch, ReviewItem
from xxgk.review.services import (
    batch_sum,
    checked_of,
    comparison,
    create_batch,
    decide,
    decision_counts,
    finding_rows,
    notice_file,
    other_years,
    pairs,
    progress,
    reopen,
)
from xxgk.rules.report import tally

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
        # Open files, not their bytes: the upload is stored as it came; the worker unpacks and reads it.
        files = [(f.name, f.file) for f in uploaded]
        try:
            batch = create_batch(
                agency=form.cleaned_data["agency"],
                user=request.user,
                files=files,
                links=form.cleaned_data["links"],
                title=form.cleaned_data["title"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已加入核查队列,本页会显示进度;可以离开本页,稍后在“核查记录”中查看")
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
    items = list(batch.items.filter(state=ItemState.DONE).defer("content", "tokens"))
    counts = decision_counts(batch, items)
    for i in items:
        i.counts = counts[i.pk]
    compared = pairs(items)
    finished = batch.state == BatchState.DONE
    total, why_not = batch_sum(batch) if finished else (None, "")
    total_tables = [render_table(g) for g in grids(total).values()] if total is not None else []
    return render(
        request,
        "review/batch.html",
        {
            "batch": batch,
            "items": items,
            "progress": progress(batch),
            "finished": finished,
            "total": total,
            "why_not": why_not,
            "total_tables": total_tables,
            "total_count": sum(1 for i in items if not i.error),
            "pairs": compared,
        },
    )


@require_GET
@login_required
def batch_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the batch page while the worker checks (static/review/progress.js)."""
    return JsonResponse(progress(_batch_for(request, pk)).as_json())


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
    # The source as the worker read it: nothing is parsed in a request.
    tokens = [{"kind": kind, "text": text, "loc": loc} for kind, text, loc in item.tokens]
    evidence = item.evidence.defer("content")
    rows = finding_rows(item, checked) if checked.report is not None else []
    return render(
        request,
        "review/item.html",
        {
            "batch": batch,
            "item": item,
            "checked": checked,
            "tables": tables,
            "tokens": tokens,
            "evidence": evidence,
            "rows": rows,
            "other_years": other_years(item),
            "confirmed": sum(r.state == "confirmed" for r in rows),
            "status_counts": tally(checked.checklist),
        },
    )


@require_POST
@login_required
def decide_finding(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """确认 or 排除 a finding, or take the decision back (action=reopen)."""
    batch = _batch_for(request, pk)
    item = get_object_or_404(ReviewItem, pk=item_pk, batch=batch)
    fingerprint = str(request.POST.get("fingerprint", ""))[:24]
    try:
        if request.POST.get("action") == "reopen":
            reopen(request.user, item, fingerprint)
            messages.success(request, "已撤销处理,该问题恢复为待处理")
        else:
            found = decide(
                request.user,
                item,
                fingerprint,
                str(request.POST.get("decision", "")),
                request.POST.get("note", ""),
            )
            messages.success(request, f"已{found.get_decision_display()[1:]}:{found.message[:40]}")
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('review:item', args=[batch.pk, item.pk])}#f-{fingerprint}")


@login_required
def notice(request: HttpRequest, pk: int, item_pk: int, kind: str) -> HttpResponse:
    """The 整改通知 of one report's confirmed findings, as DOCX or PDF."""
    batch = _batch_for(request, pk)
    item = get_object_or_404(ReviewItem, pk=item_pk, batch=batch)
    try:
        data, name = notice_file(request.user, batch, item, kind)
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("review:item", pk=batch.pk, item_pk=item.pk)
    from xxgk.views import file_download

    return file_download(data, name)


@login_required
def evidence_file(request: HttpRequest, pk: int, item_pk: int, evidence_pk: int) -> HttpResponse:
    """What a site served, byte for byte, as a download (never rendered: it is someone else's page)."""
    batch = _batch_for(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, item__pk=item_pk, item__batch=batch)
    response = HttpResponse(bytes(evidence.content), content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''evidence-{evidence.pk}-{evidence.sha256[:12]}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _item_for(request: HttpRequest, pk: int) -> ReviewItem:
    item = get_object_or_404(ReviewItem.objects.select_related("batch"), pk=pk, state=ItemState.DONE)
    _batch_for(request, item.batch_id)  # 404 unless the user may see its batch
    return item


@login_required
def compare_years(request: HttpRequest, old: int, new: int) -> HttpResponse:
    """Two uploaded reports of one agency side by side (?format=xlsx or docx to download)."""
    from xxgk.views import comparison_page

    a, b = _item_for(request, old), _item_for(request, new)
    try:
        found = comparison(a, b)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("review:item", pk=b.batch_id, item_pk=b.pk)
    crumbs = [
        ("年报核查", reverse("review:index")),
        (b.batch.title, reverse("review:batch", args=[b.batch_id])),
    ]
    return comparison_page(
        request,
        found,
        crumbs,
        reverse("review:item", args=[a.batch_id, a.pk]),
        reverse("review:item", args=[b.batch_id, b.pk]),
    )
