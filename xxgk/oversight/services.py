"""Use cases of the 投诉举报 register: the web pages and the export call these; the statutory steps are
rules/complaints.py's. The office's staff register, urge and close; the agency complained of replies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.ledgers import write_table
from xxgk.oversight.models import Channel, Complaint
from xxgk.rules.complaints import TRANSITIONS, Conclusion, Kind, State, Step, conclusion_problem, next_state
from xxgk.textsafe import clean

TEXT_LIMIT = 5000


def _text(value: Any, what: str, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    text = clean(str(value or "")).strip()
    if required and not text:
        raise ValidationError(f"请填写{what}")
    if len(text) > limit:
        raise ValidationError(f"{what}不能超过{limit}字(现有{len(text)}字)")
    return text


def _member(user: AbstractBaseUser, agency: Agency, what: str) -> None:
    if not member_agencies(user).filter(pk=agency.pk).exists():
        raise PermissionDenied(f"只有{agency.name}的工作人员可以{what}")


def complaints_for(user: AbstractBaseUser) -> QuerySet[Complaint]:
    """What a person sees: the office's register, and the complaints about their own agency."""
    visible = visible_agencies(user)
    return Complaint.objects.filter(office__in=visible) | Complaint.objects.filter(agency__in=visible)


@transaction.atomic
def register(user: AbstractBaseUser, office: Agency, agency: Agency, data: dict[str, Any]) -> Complaint:
    """登记 a complaint about one of the office's agencies (第四十七条第二款, 第五十一条)."""
    _member(user, office, "登记投诉举报")
    if agency.pk != office.pk and not visible_agencies(user).filter(pk=agency.pk).exists():
        raise ValidationError("只能登记对本机关或下级机关的投诉举报")
    received = data.get("received")
    if not isinstance(received, date):
        raise ValidationError("请填写收到日期")
    if data.get("channel") not in Channel.values or data.get("kind") not in [k.value for k in Kind]:
        raise ValidationError("请选择渠道和类别")
    count = Complaint.objects.select_for_update().filter(office=office, received__year=received.year).count()
    return Complaint.objects.create(
        office=office,
        agency=agency,
        number=f"投诉〔{received.year}〕{count + 1}号",
        received=received,
        channel=data["channel"],
        kind=data["kind"],
        complainant=_text(data.get("complainant"), "投诉举报人", required=False, limit=100),
        contact=_text(data.get("contact"), "联系方式", required=False, limit=100),
        subject=_text(data.get("subject"), "事由", limit=200),
        content=_text(data.get("content"), "内容"),
        created_by=user,
    )


def _urge(user: AbstractBaseUser, c: Complaint, data: dict[str, Any], on: date) -> None:
    _member(user, c.office, "督促整改")
    c.urge_note, c.urged_on = _text(data.get("note"), "督促整改的要求"), on


def _reply(user: AbstractBaseUser, c: Complaint, data: dict[str, Any], on: date) -> None:
    _member(user, c.agency, "回复整改情况")
    c.reply, c.replied_on = _text(data.get("note"), "整改情况"), on


def _close(user: AbstractBaseUser, c: Complaint, data: dict[str, Any], on: date) -> None:
    _member(user, c.office, "办结投诉举报")
    if data.get("conclusion") not in [x.value for x in Conclusion]:
        raise ValidationError("请选择办结结论")
    conclusion = Conclusion(data["conclusion"])
    notice = _text(data.get("notice"), "通报内容", required=False)
    problem = conclusion_problem(State(c.state), conclusion, notice)
    if problem:
        raise ValidationError(problem)
    c.conclusion, c.notice, c.closed_on = conclusion, notice, on


# Each step's handler: who may take it and what it records (rules/complaints.TRANSITIONS: when).
HANDLERS: dict[Step, Callable[[AbstractBaseUser, Complaint, dict[str, Any], date], None]] = {
    Step.URGE: _urge,
    Step.REPLY: _reply,
    Step.CLOSE: _close,
}


@transaction.atomic
def take(
    user: AbstractBaseUser, complaint: Complaint, step: Step, data: dict[str, Any], on: date
) -> Complaint:
    c = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if on < c.received:
        raise ValidationError(f"日期不能早于收到日期({c.received:%Y-%m-%d})")
    try:
        after = next_state(State(c.state), step)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    HANDLERS[step](user, c, data, on)
    c.state = after
    c.save()
    return c


def steps_for(user: AbstractBaseUser, c: Complaint) -> list[Step]:
    """The steps the page offers this person now (take() decides all the same)."""
    mine = set(member_agencies(user).filter(pk__in=[c.office_id, c.agency_id]).values_list("pk", flat=True))
    who = {Step.URGE: c.office_id, Step.REPLY: c.agency_id, Step.CLOSE: c.office_id}
    return [s for s, (states, _) in TRANSITIONS.items() if State(c.state) in states and who[s] in mine]


HEADERS = (
    "编号",
    "收到日期",
    "渠道",
    "类别",
    "被投诉举报的机关",
    "事由",
    "状态",
    "督促整改日期",
    "回复日期",
    "办结结论",
    "办结日期",
)


def register_xlsx(rows: QuerySet[Complaint]) -> bytes:
    """The register as the 公开办 hands it to 考核 or reports it: one row a complaint, no complainant."""

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    table = [
        [
            c.number,
            day(c.received),
            c.get_channel_display(),
            c.get_kind_display(),
            c.agency.name,
            c.subject,
            c.get_state_display(),
            day(c.urged_on),
            day(c.replied_on),
            c.get_conclusion_display() if c.conclusion else "",
            day(c.closed_on),
        ]
        for c in rows.select_related("agency")
    ]
    return write_table(list(HEADERS), table, "投诉举报登记.xlsx", title="投诉举报登记")
