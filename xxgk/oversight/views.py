"""Thin pages over oversight.services: the register, one complaint with its steps, the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.oversight import services
from xxgk.oversight.forms import ComplaintForm, StepForm
from xxgk.oversight.models import Complaint
from xxgk.rules.complaints import State, Step
from xxgk.views import file_download, year_param


def _errors(exc: Exception) -> str:
    return "".join(getattr(exc, "messages", [str(exc)]))


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    from xxgk.paging import paginate

    rows = services.complaints_for(request.user).select_related("agency", "office")
    state = request.GET.get("state", "")
    if state in State.__members__.values():
        rows = rows.filter(state=state)
    return render(
        request,
        "oversight/complaints.html",
        {**paginate(request, rows), "state": state, "states": [(s.value, s.label) for s in State]},
    )


@login_required
def new_complaint(request: HttpRequest) -> HttpResponse:
    offices = member_agencies(request.user)
    initial = {"office": offices.first()} if offices.count() == 1 else {}
    form = ComplaintForm(
        request.POST or None, offices=offices, agencies=visible_agencies(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.register(request.user, data["office"], data["agency"], data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"已登记投诉举报 {found.number}")
            return redirect("oversight:complaint", pk=found.pk)
    return render(request, "oversight/new.html", {"form": form})


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    found = services.complaints_for(request.user).filter(pk=pk).select_related("agency", "office").first()
    if found is None:
        raise Http404
    return found


@login_required
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    c = _complaint(request, pk)
    steps = services.steps_for(request.user, c)
    forms = [(s, StepForm(initial={"on": timezone.localdate()}, auto_id=f"id_%s-{s.value}")) for s in steps]
    return render(request, "oversight/complaint.html", {"c": c, "forms": forms})


@login_required
@require_POST
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    c = _complaint(request, pk)
    if step not in Step.__members__.values():
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的日期")
        return redirect("oversight:complaint", pk=pk)
    try:
        services.take(request.user, c, Step(step), form.cleaned_data, form.cleaned_data["on"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已{Step(step).label}")
    return redirect("oversight:complaint", pk=pk)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    return file_download(services.register_xlsx(services.complaints_for(request.user)), "投诉举报登记表.xlsx")


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    """Each subordinate agency's indicators for the year (oversight/indicators.py); ?format=xlsx."""
    from xxgk.oversight.indicators import COLUMNS, as_xlsx
    from xxgk.oversight.indicators import indicators as rows_of

    today, year = timezone.localdate(), year_param(request)
    agencies = list(visible_agencies(request.user).order_by("name")[:500])
    rows = rows_of(agencies, year, today)
    if request.GET.get("format") == "xlsx":
        return file_download(as_xlsx(rows, year), f"{year}年政务公开指标.xlsx")
    return render(
        request,
        "oversight/indicators.html",
        {"rows": rows, "columns": COLUMNS, "year": year, "years": list(range(today.year, 2018, -1))},
    )
