from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xxgk.background.exports import EXPORT_KINDS, export_for, request_export
from xxgk.background.models import ExportState


@login_required
@require_POST
def new_export(request: HttpRequest) -> HttpResponse:
    try:
        object_id = int(request.POST.get("object", ""))
        export = request_export(request.POST.get("kind", ""), object_id, request.user)
    except (ValueError, ValidationError):
        raise Http404 from None
    return redirect("background:export", pk=export.pk)


@login_required
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = export_for(request.user, pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"state": export.state, "finished": export.state != ExportState.QUEUED})
    return render(
        request,
        "background/export.html",
        {"export": export, "label": EXPORT_KINDS[export.kind].label if export.kind in EXPORT_KINDS else ""},
    )


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = export_for(request.user, pk)
    if export.state != ExportState.DONE:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file_name,
        content_type=export.content_type,
    )
