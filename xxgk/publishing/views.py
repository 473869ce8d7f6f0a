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
from xxgk.workcal.services import current_calendar


def _item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "genre", "theme"), pk=pk)
    if not visible_agencies(request.user).filter(pk=item.agency_id).exists():
        raise Http404
    return item


@login_required
def attachment(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    """An item's attachment for the agency's staff and its superiors: the reviewer opens it to check
    what OCR could not. Always a download, never shown inline (the file comes from outside)."""
    from django.http import FileResponse

    item = _item(request, pk)
    found = get_object_or_404(item.attachments, pk=aid)
    if request.GET.get("original") and found.original:
        # The file before personal data was taken out: the agency's own staff only, never superiors.
        if not services.may_see_original(request.user, item):
            raise Http404
        return FileResponse(found.original.open("rb"), as_attachment=True, filename=f"原件-{found.name}")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    from django.db.models import Q

    from xxgk.paging import paginate

    agencies = list(visible_agencies(request.user))
    today = timezone.localdate()
    due = []
    calendar = current_calendar()
    for item in unpublished(agencies).select_related("submitted_by", "approved_by", "genre"):
        steps = services.item_steps_for(request.user, item)
        due.append((item, services.publication_due(item, today, calendar), _bulk_step(item, steps)))
    listed = Item.objects.filter(agency__in=agencies).select_related("genre", "agency")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        listed = listed.filter(Q(title__icontains=q) | Q(index_no__icontains=q) | Q(doc_number__icontains=q))
    state = request.GET.get("state", "")
    if state in ItemState.values:
        listed = listed.filter(state=state)
    paged = paginate(request, listed.order_by("-published", "-formed", "-id"))
    return render(
        request,
        "publishing/desk.html",
        {
            "due": due,
            **paged,
            "q": q,
            "state": state,
            "states": ItemState.choices,
            "drafts": [row for row in due if row[0].state == ItemState.DRAFT],
            "approved": [row for row in due if row[0].state == ItemState.APPROVED],
            "may_approve": any(step == "approve" for _, _, (step, _why) in due),
            "may_publish": any(step == "publish" for _, _, (step, _why) in due),
        },
    )


def _bulk_step(item: Item, steps: set[str]) -> tuple[str, str]:
    """(the bulk step this row can take, or "", and why not): a row is ticked only for a step it can take."""
    if item.state == ItemState.APPROVED:
        return ("publish", "") if "publish" in steps else ("", "待信息员发布")
    if "approve" not in steps:
        return "", ""
    why = services.approval_blocker(item, secrecy=False)
    return ("", why) if why else ("approve", "")


BULK = {
    "approve": (
        "审核通过",
        lambda item, r: services.approve(item, r.user, with_secrecy=r.POST.get("secrecy") == "confirmed"),
    ),
    "publish": ("发布", lambda item, r: services.publish(item, r.user)),
}


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """批量审核通过 / 批量发布: each item through the same service as one by one; one refused item
    (personal data open, no interpretation…) is reported and the rest go on."""
    label, service = BULK.get(request.POST.get("action", ""), (None, None))
    if service is None:
        messages.error(request, "未知的操作")
        return redirect("publishing:desk")
    chosen = Item.objects.filter(
        pk__in=[int(v) for v in request.POST.getlist("items") if v.isdigit()][:200],
        agency__in=visible_agencies(request.user),
    ).select_related("agency", "genre")
    done, refused = 0, []
    for item in chosen:
        try:
            service(item, request)
        except (ValidationError, PermissionDenied) as exc:
            refused.append(f"“{item.title}”:{''.join(getattr(exc, 'messages', [str(exc)]))}")
        else:
            done += 1
    if not chosen:
        messages.error(request, f"请先勾选要{label}的信息")
    if done:
        messages.success(request, f"已{label}{done}条")
    for why in refused:
        messages.error(request, f"未能{label}{why}")
    return redirect("publishing:desk")


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
            "originals": services.may_see_original(request.user, item),
            "events": item.events.select_related("by"),
            "versions": item.versions.select_related("by"),
            "source_application": _source_application(item),
        },
    )


def _source_application(item: Item) -> Any:
    """The case an item was made from (依申请转主动), by the number its 台账 column keeps."""
    from xxgk.applications.models import Application
    from xxgk.publishing.services import SOURCE_APPLICATION

    number = (item.extra or {}).get(SOURCE_APPLICATION)
    if not number:
        return None
    return (
        Application.objects.filter(agency_id=item.agency_id, number=str(number)).only("pk", "number").first()
    )


def _save(request: HttpRequest, item: Item) -> None:
    form = ItemForm(request.POST, instance=Item.objects.get(pk=item.pk), agency=item.agency)
    if not form.is_valid():
        raise ValidationError("; ".join(f"{form.fields[k].label}:{v[0]}" for k, v in form.errors.items()))
    services.update_item(item, request.user, form.cleaned_data)


def _validity(request: HttpRequest, item: Item) -> None:
    on: Any = request.POST.get("on_date") or None
    on_date = timezone.datetime.fromisoformat(on).date() if on else None
    services.set_validity(item, request.user, request.POST.get("validity", ""), on_date)


def _attach(request: HttpRequest, item: Item) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError("请选择要上传的附件")
    if upload.size > MAX_ATTACHMENT:  # refused before it is read into memory
        raise ValidationError(f"附件不能超过{MAX_ATTACHMENT // 1024 // 1024}MB")
    services.add_attachment(item, request.user, upload.name, upload.read())


def _finding(request: HttpRequest, item: Item) -> Any:
    return get_object_or_404(item.privacy_findings, pk=request.POST.get("finding") or 0)


# One handler per step (services.ITEM_STEP_ROLES says who may take it; the services check it).
ITEM_ACTIONS: dict[str, Any] = {
    "save": _save,
    "mask": lambda r, item: services.mask_finding(_finding(r, item), r.user),
    "waive": lambda r, item: services.waive_finding(_finding(r, item), r.user, r.POST.get("reason", "")),
    "secrecy": lambda r, item: services.confirm_secrecy(item, r.user),
    "submit": lambda r, item: services.submit(item, r.user),
    "return": lambda r, item: services.return_to_clerk(item, r.user, r.POST.get("reason", "")),
    "approve": lambda r, item: services.approve(
        item, r.user, no_interpretation_reason=r.POST.get("reason", "")
    ),
    "publish": lambda r, item: services.publish(item, r.user),
    "withdraw": lambda r, item: services.withdraw(item, r.user, r.POST.get("reason", "")),
    "validity": _validity,
    "attach": _attach,
    "checked": lambda r, item: services.confirm_checked(item, int(r.POST.get("attachment") or 0), r.user),
    "detach": lambda r, item: services.remove_attachment(
        get_object_or_404(item.attachments, pk=r.POST.get("attachment") or 0), r.user
    ),
}


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    handler = ITEM_ACTIONS.get(request.POST.get("action", ""))
    try:
        if handler is None:
            raise ValidationError("未知的操作")
        handler(request, item)
    except (ValidationError, PermissionDenied, ValueError) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, ITEM_DONE.get(request.POST.get("action", ""), "已完成"))
    return redirect("publishing:item", pk=pk)


# What the person is told once a step went through.
ITEM_DONE = {
    "save": "已保存修改(新的版本已记入“版本”)", "mask": "已遮盖该处个人信息", "waive": "已记录可以公开的理由",
    "secrecy": "已确认保密审查:不涉密", "submit": "已提交审核,审核人会在“待办”中看到这条信息",
    "return": "已退回信息员修改", "approve": "已审核通过,待信息员发布", "publish": "已发布,门户上已可查看",
    "withdraw": "已撤回,门户上不再显示", "validity": "已更新有效性",
    "attach": "已上传附件,正在提取文字检查个人信息",
    "checked": "已记录人工核对结果", "detach": "已删除附件",
}  # fmt: skip
