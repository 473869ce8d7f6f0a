from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import can_edit, member_agencies, visible_agencies
from xxgk.applications import letters
from xxgk.applications.forms import (
    ActionForm,
    AppealForm,
    DeliveryForm,
    LedgerForm,
    PublicApplyForm,
    RegisterForm,
    StatusForm,
)
from xxgk.applications.ledger import import_applications
from xxgk.applications.models import Application, AttachmentRole
from xxgk.applications.services import (
    act,
    actions_for,
    add_appeal,
    add_attachment,
    consultation_letter,
    deadline_of,
    document,
    documents_for,
    file_online,
    find_by_tracking,
    open_steps,
    others_steps,
    register,
    require_own_staff,
)
from xxgk.clients import count, limit_reached
from xxgk.ledgers import LedgerError
from xxgk.rules.applications import Action, IllegalTransition, State, result_label
from xxgk.workcal.services import current_calendar

APPLY_LIMIT = (5, 3600)  # online applications per address per hour
STATUS_LIMIT = (30, 3600)  # failed status lookups per address per hour (the query code is 6 digits)


def _case_for(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not visible_agencies(request.user).filter(pk=app.agency_id).exists():
        raise Http404
    return app


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    from xxgk.applications.selectors import WORKLIST_STATES, worklist_cases
    from xxgk.paging import paginate

    today = timezone.localdate()
    calendar = current_calendar()
    agencies = visible_agencies(request.user)
    agency_code = request.GET.get("agency", "")
    if agency_code:
        agencies = agencies.filter(code=agency_code)
    state = request.GET.get("state", "open")
    cases = worklist_cases(agencies, q=request.GET.get("q", ""), state=state)
    own = {a.pk for a in member_agencies(request.user)}  # a superior office sees no applicant's name

    def view_of(app: Application) -> Any:
        return deadline_of(app, today, calendar)

    if state in ("open", "") or state not in WORKLIST_STATES:
        # In-progress cases: overdue first, then by days left; cases without a running clock last.
        rows = [(app, view_of(app)) for app in cases]
        rows.sort(
            key=lambda r: (
                r[1] is None or r[1].days_left is None,
                r[1].days_left if r[1] and r[1].days_left is not None else 0,
            )
        )
        paged = paginate(request, rows)
    else:
        paged = paginate(request, cases.order_by("-received", "-pk"))
        paged["page_obj"].object_list = [(app, view_of(app)) for app in paged["page_obj"].object_list]
    return render(
        request,
        "applications/worklist.html",
        {
            **paged,
            "today": today,
            "own": own,
            "states": WORKLIST_STATES.items(),
            "state": state,
            "q": request.GET.get("q", ""),
            "agencies": visible_agencies(request.user),
            "agency_code": agency_code,
        },
    )


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    agencies = member_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您尚未被分配到任何机构")
    agency = agencies.first()
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = register(agency, request.user, data, channel=data["channel"], received=data["received"])
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
        else:
            if data.get("scan"):
                add_attachment(filed.application, data["scan"], AttachmentRole.SCAN, request.user)
            messages.success(
                request,
                f"已登记,编号{filed.application.number};查询号{filed.application.tracking_number},查询码{filed.query_code}(请告知申请人)",
            )
            return redirect("applications:case", pk=filed.application.pk)
    return render(request, "applications/register.html", {"form": form, "agency": agency})


ACTION_FIELDS: dict[Action, tuple[str, ...]] = {
    Action.CONFIRM_RECEIPT: ("on_date",),
    Action.REQUEST_CORRECTION: ("on_date", "note"),
    Action.RECEIVE_CORRECTION: ("on_date", "note"),
    Action.CORRECTION_LAPSED: ("on_date", "note"),
    Action.START_CONSULTATION: ("on_date", "consult_kind", "party", "letter_received", "note"),
    Action.FINISH_CONSULTATION: ("on_date", "opinion", "objected", "no_reply"),
    Action.REQUEST_EXTENSION: ("on_date", "note"),
    Action.EXTEND: ("days", "note"),
    Action.FEE_NOTICE: ("on_date", "method", "pages", "delivery", "delivered"),
    Action.FEE_DELIVERED: ("delivered",),
    Action.FEE_PAID: ("on_date", "receipt_number"),
    Action.FEE_EXEMPTED: ("on_date", "note"),
    Action.FEE_LAPSED: ("on_date",),
    Action.DRAFT_ANSWER: ("result", "answer_text", "referred_to", "referred_contact"),
    Action.APPROVE_ANSWER: ("note",),
    Action.RETURN_ANSWER: ("note",),
    Action.SEND_ANSWER: ("on_date",),
    Action.WITHDRAW: ("on_date", "note"),
    Action.CLOSE: ("note",),
    Action.REQUEST_REASONS: ("on_date", "note"),
    Action.DELAY_ANSWER: ("on_date", "delay_until", "note"),
}


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_for(request, pk)
    own = can_edit(request.user, app.agency)  # a superior office reads, and sees no personal data
    forms_ = []
    steps = open_steps(app) if own else []  # some refusals count the deadline: asked once for both
    if own:
        for action in actions_for(request.user, app, steps):
            initial = {"action": action.value, "on_date": timezone.localdate()}
            # One form a step, each field's id unique on the page so that its label names it.
            form = ActionForm(
                initial={**initial, "result": app.result, "answer_text": app.answer_text},
                auto_id=f"id_%s-{action.value}",
            )
            forms_.append((action, [form[name] for name in ACTION_FIELDS[action]], form["action"]))
    calendar = current_calendar()
    deadline = deadline_of(app, calendar=calendar)
    return render(
        request,
        "applications/case.html",
        {
            "calendar": calendar,
            "app": app,
            "own": own,
            "deadline": deadline,
            "events": app.events.select_related("by"),
            "action_forms": forms_,
            "others_steps": others_steps(request.user, app, steps) if own else [],
            "appeal_form": AppealForm(),
            "result_label": result_label(app.result) if app.result else "",
            "documents": documents_for(app, public=False),
            "delivery_form": DeliveryForm(documents=documents_for(app, public=False)) if own else None,
            "deliveries": app.deliveries.select_related("by"),
            "disclosed": letters.DISCLOSED,
            "to_proactive": _to_proactive(app) if own else None,
        },
    )


def _to_proactive(app: Application) -> dict[str, Any] | None:
    """What the case page offers for 依申请转主动 (Art. 44): the categories to file the draft under, or
    the draft already made; nothing for a case not answered 予以公开 or 部分公开."""
    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.publishing.services import TO_PROACTIVE_RESULTS, made_from

    if app.result not in TO_PROACTIVE_RESULTS or app.answered is None:
        return None
    made = made_from(app)
    categories = Category.objects.filter(agency=app.agency)
    return {
        "made": made,
        "genres": [c for c in categories if c.kind == CategoryKind.GENRE],
        "themes": [c for c in categories if c.kind == CategoryKind.THEME],
    }


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_for(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("applications:case", pk=pk)
    data: dict[str, Any] = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    try:
        action = Action(data.pop("action"))
        act(app, action, request.user, **data)
    except (ValueError, IllegalTransition, ValidationError, PermissionDenied) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已{action.label}")
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def case_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_for(request, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            add_appeal(app, request.user, form.cleaned_data)
            messages.success(request, "已登记行政复议/行政诉讼")
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _form_errors(form))
    return redirect("applications:case", pk=pk)


def _form_errors(form: Any) -> str:
    """A step form's errors in one message, each after its field's label."""
    named = (f"{form.fields[k].label}:{v[0]}" if k in form.fields else v[0] for k, v in form.errors.items())
    return "填写有误:" + ";".join(named)


@login_required
@require_POST
def case_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    """送达: send or record the sending of one of the case's letters (delivery.deliver)."""
    from xxgk.applications.delivery import deliver

    app = _case_for(request, pk)
    form = DeliveryForm(request.POST, documents=documents_for(app, public=False))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("applications:case", pk=pk)
    data = form.cleaned_data
    try:
        record = deliver(
            app, data["document"], request.user, method=data["method"], sent_on=data["sent_on"],
            tracking=data["tracking"], received=data["received"],
        )  # fmt: skip
    except (ValidationError, PermissionDenied, ValueError) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
    else:
        if record.error:
            messages.error(request, f"已登记,但{record.get_method_display()}发送失败:{record.error}")
        else:
            messages.success(request, f"已登记送达:{record.get_method_display()}")
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def case_delivery_received(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    """The return receipt of a posted letter: the day the applicant signed for it."""
    from xxgk.applications.delivery import confirm_received
    from xxgk.forms import BusinessDateField

    app = _case_for(request, pk)
    record = get_object_or_404(app.deliveries, pk=did)
    try:
        received = BusinessDateField().clean(request.POST.get("received"))
        confirm_received(record, request.user, received)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "已登记签收日期")
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_for(request, pk)
    upload = request.FILES.get("file")
    if upload is None or upload.size > 20 * 1024 * 1024:
        messages.error(request, "请选择20MB以内的文件")
    else:
        try:
            add_attachment(app, upload, request.POST.get("role", AttachmentRole.ANSWER), request.user)
        except ValidationError as exc:
            messages.error(request, "".join(exc.messages))
        else:
            messages.success(request, f"已上传:{upload.name}")
    return redirect("applications:case", pk=pk)


@login_required
def attachment(request: HttpRequest, pk: int, att: int) -> FileResponse:
    app = _case_for(request, pk)
    require_own_staff(request.user, app)  # identity documents stay with the agency's own staff
    item = get_object_or_404(app.attachments, pk=att)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


def _document_response(app: Application, doc: str, kind: str, user: Any = None) -> HttpResponse:
    try:
        data = document(app, doc, kind, user)
    except ValidationError:
        raise Http404 from None  # not made yet, or no such document: nothing to download
    return _document(data, kind, f"{doc}-{app.number}")


@login_required
def case_document(request: HttpRequest, pk: int, doc: str, kind: str) -> HttpResponse:
    return _document_response(_case_for(request, pk), doc, kind, request.user)


def _document(data: bytes, kind: str, name: str) -> HttpResponse:
    if kind == "pdf":
        return HttpResponse(data, content_type="application/pdf")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.docx"
    return response


@login_required
def case_consultation(request: HttpRequest, pk: int, cid: int, kind: str, doc: str = "") -> HttpResponse:
    app = _case_for(request, pk)
    if kind not in ("pdf", "docx"):
        raise Http404
    try:
        data = consultation_letter(app, cid, kind, request.user, decision=doc == "decision")
    except ValidationError:
        raise Http404 from None
    return _document(data, kind, f"consultation-{app.number}-{cid}{'-decision' if doc else ''}")


def _status_case(request: HttpRequest) -> Application:
    """The case this visitor looked up with its 查询号 and 查询码 (or has just filed)."""
    pk = request.session.get("status_ok")
    app = Application.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if app is None:
        raise Http404
    return app


def status_document(request: HttpRequest, doc: str, kind: str) -> HttpResponse:
    from xxgk.applications.delivery import downloaded

    app = _status_case(request)
    response = _document_response(app, doc, kind)
    downloaded(app, doc)  # an online delivery of it is received today
    return response


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    from xxgk.applications.ledger import HEADERS as LEDGER_HEADERS

    form = LedgerForm(request.POST or None, request.FILES or None)
    form.fields["agency"].queryset = member_agencies(request.user)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            summary = import_applications(form.cleaned_data["agency"], f.read(), f.name, request.user)
        except LedgerError as exc:
            return render(
                request,
                "applications/ledger.html",
                {"form": form, "problems": exc.problems, "headers": LEDGER_HEADERS},
            )
        messages.success(request, f"台账已导入:{summary}")
        return redirect("applications:worklist")
    return render(request, "applications/ledger.html", {"form": form, "headers": LEDGER_HEADERS})


# --- public ---------------------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    from xxgk.portal.context import column_of

    # Opened from an agency's 专栏 (/apply/?agency=机构代码): that agency is chosen, not the list's first.
    chosen = Agency.objects.filter(code=request.GET.get("agency", "").strip().upper()[:18]).first()
    form = PublicApplyForm(
        request.POST or None, request.FILES or None, initial={"agency": chosen} if chosen else None
    )
    if request.method == "POST":
        # Only accepted applications use up the quota: a citizen who mistypes is not locked out.
        if limit_reached(request, "apply", APPLY_LIMIT[0]):
            return render(request, "applications/public/limited.html", column_of(request), status=429)
        if form.is_valid():
            data = form.cleaned_data
            filed = file_online(data["agency"], data)
            if data.get("scan"):
                add_attachment(filed.application, data["scan"], AttachmentRole.IDENTITY, None)
            count(request, "apply", APPLY_LIMIT[1])
            request.session["status_ok"] = filed.application.pk  # the receipt prints from here at once
            return render(
                request,
                "applications/public/filed.html",
                {"app": filed.application, "code": filed.query_code, **column_of(request)},
            )
        form.new_challenge()  # the question was used up
    return render(request, "applications/public/apply.html", {"form": form, **column_of(request)})


def status(request: HttpRequest) -> HttpResponse:
    from xxgk.portal.context import column_of

    form = StatusForm(request.POST or None)
    app = None
    if request.method == "POST":
        # Failed lookups count (a query code is 6 digits: guessing must stay slow); found ones do not.
        if limit_reached(request, "status", STATUS_LIMIT[0]):
            return render(request, "applications/public/limited.html", column_of(request), status=429)
        if form.is_valid():
            app = find_by_tracking(form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
            if app is None:
                count(request, "status", STATUS_LIMIT[1])
                form.add_error(None, "查询号或查询码不正确")
            else:
                request.session["status_ok"] = app.pk  # lets this visitor download the letter
    context: dict[str, Any] = {"form": form, "app": app, **column_of(request)}
    if app is not None:
        context["calendar"] = calendar = current_calendar()
        context["deadline"] = deadline_of(app, calendar=calendar) if app.state != State.SUBMITTED else None
        context["result_label"] = result_label(app.result) if app.result and app.answered else ""
        context["answer_files"] = app.attachments.filter(role=AttachmentRole.ANSWER) if app.answered else []
        context["documents"] = documents_for(app, public=True)
    return render(request, "applications/public/status.html", context)


def status_attachment(request: HttpRequest, att: int) -> FileResponse:
    app = _status_case(request)
    if not app.answered:
        raise Http404
    item = get_object_or_404(app.attachments, pk=att, role=AttachmentRole.ANSWER)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_POST
def case_to_proactive(request: HttpRequest, pk: int) -> HttpResponse:
    """依申请公开转主动公开 (《条例》第四十四条): a draft item from the answered case, for review."""
    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.publishing.services import draft_from_application

    app = _case_for(request, pk)

    def chosen(name: str, kind: str) -> Category | None:
        value = str(request.POST.get(name, "")).strip()
        if not value.isdigit() or len(value) > 18:  # whatever was posted, never a database error
            return None
        return Category.objects.filter(agency=app.agency, kind=kind, pk=int(value)).first()

    genre, theme = chosen("genre", CategoryKind.GENRE), chosen("theme", CategoryKind.THEME)
    if genre is None:
        messages.error(request, "请选择体裁分类")
        return redirect("applications:case", pk=pk)
    try:
        item = draft_from_application(app, request.user, genre, theme)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "".join(getattr(exc, "messages", [str(exc)])))
        return redirect("applications:case", pk=pk)
    messages.success(request, f"已转为主动公开信息草稿(索引号 {item.index_no}),请补充正文后提交审核")
    return redirect("publishing:item", pk=item.pk)


@login_required
def repeated(request: HttpRequest) -> HttpResponse:
    """同一信息被多次申请: for the 公开办 across its agencies, for an agency within itself (Art. 44)."""
    from datetime import timedelta

    from xxgk.applications.selectors import repeated_requests

    today = timezone.localdate()
    days = 365 if request.GET.get("days") not in ("90", "730") else int(request.GET["days"])
    groups = repeated_requests(visible_agencies(request.user), today - timedelta(days=days))
    return render(request, "applications/repeated.html", {"groups": groups, "days": days})
