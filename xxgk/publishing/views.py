from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.selectors import can_edit, member_agencies, visible_agencies
from xxgk.publishing import services
from xxgk.publishing.extract import MAX_BYTES as MAX_ATTACHMENT
from xxgk.publishing.forms import ItemForm
from xxgk.publishing.models import FindingStatus, Item, ItemState
from xxgk.publishing.selectors import unpublished
from xxgk.rules.privacy import Kind
from xxgk.rules.workdays import UnknownYearError, WorkingDayCalendar


def _item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "genre", "theme"), pk=pk)
    if not visible_agencies(request.user).filter(pk=item.agency_id).exists():
        raise Http404
    return item


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    agencies = list(visible_agencies(request.user))
    today = timezone.localdate()
    due = []
    for item in unpublished(agencies):
        try:
            d = services.due_date(item)
            left = WorkingDayCalendar().days_left(today, d) if d.year <= today.year + 1 else None
        except UnknownYearError:
            d, left = None, None
        due.append((item, d, left))
    recent = Item.objects.filter(agency__in=agencies, state=ItemState.PUBLISHED).order_by(
        "-published", "-id"
    )[:20]
    return render(request, "publishing/desk.html", {"due": due, "recent": recent})


@login_required
def new_item(request: HttpRequest) -> HttpResponse:
    agency = member_agencies(request.user).first()
    if agency is None:
        raise PermissionDenied("您尚未被分配到任何机构")
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(agency, request.user, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"已保存,索引号 {item.index_no}")
            return redirect("publishing:item", pk=item.pk)
    return render(request, "publishing/edit.html", {"form": form, "agency": agency})


@login_required
def item_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    editable = item.state == ItemState.DRAFT and "save" in services.item_steps_for(request.user, item)
    form = ItemForm(instance=item, agency=item.agency) if editable else None
    findings = [(f, Kind(f.kind).label) for f in item.privacy_findings.all()]
    return render(
        request,
        "publishing/item.html",
        {
            "item": item,
            "own": can_edit(request.user, item.agency),
            "may": services.item_steps_for(request.user, item),
            "form": form,
            "findings": findings,
            "open_findings": sum(1 for f, _ in findings if f.status == FindingStatus.OPEN),
            "events": item.events.select_related("by"),
            "versions": item.versions.select_related("by"),
        },
    )


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "save":
            form = ItemForm(request.POST, instance=Item.objects.get(pk=pk), agency=item.agency)
            if not form.is_valid():
                raise ValidationError(
                    "; ".join(f"{form.fields[k].label}:{v[0]}" for k, v in form.errors.items())
                )
            services.update_item(item, user, form.cleaned_data)
        elif action == "mask":
            services.mask_finding(item.privacy_findings.get(pk=request.POST["finding"]), user)
        elif action == "waive":
            services.waive_finding(
                item.privacy_findings.get(pk=request.POST["finding"]), user, request.POST.get("reason", "")
            )
        elif action == "secrecy":
            services.confirm_secrecy(item, user)
        elif action == "approve":
            services.approve(item, user, no_interpretation_reason=request.POST.get("reason", ""))
        elif action == "publish":
            services.publish(item, user)
        elif action == "withdraw":
            services.withdraw(item, user, request.POST.get("reason", ""))
        elif action == "validity":
            on: Any = request.POST.get("on_date") or None
            services.set_validity(
                item,
                user,
                request.POST.get("validity", ""),
                timezone.datetime.fromisoformat(on).date() if on else None,
            )
        elif action == "attach" and request.FILES.get("file"):
            upload = request.FILES["file"]
            if upload.size > MAX_ATTACHMENT:  # refused before it is read into memory
                raise ValidationError(f"附件不能超过{MAX_ATTACHMENT // 1024 // 1024}MB")
            services.add_attachment(item, user, upload.name, upload.read())
        else:
            raise ValidationError("未知的操作")
    except (ValidationError, PermissionDenied, ValueError) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "已完成")
    return redirect("publishing:item", pk=pk)
