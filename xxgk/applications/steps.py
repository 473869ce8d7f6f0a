"""The steps of a case (办理步骤), one handler each: what a step checks, changes and records.

services.act() is the one door: it locks the case, checks the role and the transition
(rules/applications.py TRANSITIONS), then runs the step's handler from STEPS below and writes the
trail. A step with no handler only changes the state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from xxgk.applications.models import Application, Consultation, ConsultationKind, FeeNotice, NoticeDelivery
from xxgk.rules.applications import Action, result_codes
from xxgk.rules.deadlines import (
    MAX_EXTENSION_DAYS,
    correction_due,
    correction_notice_deadline,
    other_agency_deadline,
    third_party_deadline,
)
from xxgk.rules.fees import FeeMethod, fee_payment_deadline, fee_per_application, fee_per_page
from xxgk.workcal.services import current_calendar


@dataclass
class Step:
    """One step being taken: the locked case, who, on which day, what they entered, and what the
    trail will record of it."""

    app: Application
    action: Action
    user: AbstractBaseUser
    on_date: date
    data: dict[str, Any]
    recorded: dict[str, Any] = field(default_factory=dict)


def not_after_today(day: date, label: str) -> None:
    """A step's date is the day it happened: a future one would count deadlines from a day that has
    not come, and every later step dated today would be refused as earlier than it."""
    if day > timezone.localdate():
        raise ValidationError(
            f"{label}{day:%Y-%m-%d}晚于今天({timezone.localdate():%Y-%m-%d}),请填写实际发生的日期"
        )


def _need(data: dict[str, Any], key: str, label: str) -> Any:
    value = data.get(key)
    if value in (None, ""):
        raise ValidationError(f"请填写{label}")
    return value


def _confirm_receipt(s: Step) -> None:
    s.app.received = s.on_date  # Art. 31: the day of confirmation is the day of receipt


def _request_correction(s: Step) -> None:
    app = s.app
    # Art. 30: the notice states what is to be corrected and a reasonable period for it.
    app.correction_items = _need(s.data, "note", "需要补正的事项")
    app.correction_notice_date = s.on_date
    calendar = current_calendar()
    limit = correction_notice_deadline(calendar, app.received or s.on_date)
    app.correction_due = correction_due(calendar, s.on_date, app.agency.correction_days)
    s.recorded.update(limit=limit, late=s.on_date > limit, correction_due=app.correction_due)


def _correction_not_over(app: Application, day: date) -> str:
    # Art. 30: only "逾期不补正" ends the application — not before the period stated has passed.
    due = app.correction_due
    if due is not None and day <= due:
        return f"补正期限至{due:%Y-%m-%d},尚未届满,不能按逾期不补正处理"
    return ""


def _receive_correction(s: Step) -> None:
    if s.app.correction_notice_date and s.on_date < s.app.correction_notice_date:
        raise ValidationError("补正收到日期不能早于补正告知日期")
    s.app.corrected_received = s.on_date


def _start_consultation(s: Step) -> None:
    consultation = _consult(s.app, s.on_date, s.data)
    s.recorded.update(party=consultation.party, reply_due=consultation.reply_due)


def _finish_consultation(s: Step) -> None:
    s.recorded["opinion"] = _finish_consultations(s.app, s.on_date, s.data)


def _extension_refused(app: Application, day: date, what: str) -> str:
    """Art. 33(2): one extension, decided and notified while the answer period runs ("确需延长答复
    期限的...并告知申请人"): once the period has run out there is nothing left to extend."""
    from xxgk.applications.services import deadline_of

    if app.extension_days:
        return "已经延期一次,不能再次延期"
    d = deadline_of(app, today=day).deadline
    if d is not None and day > d.due:
        return (
            f"答复期限已于{d.due:%Y-%m-%d}届满,不能再{what}(条例第三十三条第二款:延期须在答复期限内决定并告知申请人),"
            "请尽快作出答复"
        )
    if what == "提请延期" and app.extension_requested:
        return f"已于{app.extension_requested:%Y-%m-%d}提请延期,请等待负责人批准"
    return ""


# Why a step cannot be taken on a case on a day ("" when it can): act() refuses with the reason, and
# the case page does not offer the step. One rule for both.
WHY_NOT: dict[Action, Callable[[Application, date], str]] = {
    Action.REQUEST_CORRECTION: lambda app, day: (
        "补正告知只能发出一次(条例第三十条)" if app.correction_notice_date else ""
    ),
    Action.CORRECTION_LAPSED: _correction_not_over,
    Action.REQUEST_EXTENSION: lambda app, day: _extension_refused(app, day, "提请延期"),
    Action.EXTEND: lambda app, day: _extension_refused(app, day, "批准延期"),
    Action.REQUEST_REASONS: lambda app, day: (
        f"已于{app.reasons_requested:%Y-%m-%d}要求申请人说明理由" if app.reasons_requested else ""
    ),
    Action.DELAY_ANSWER: lambda app, day: (
        ""
        if app.reasons_requested
        else "条例第三十五条:确定延迟答复期限须在要求申请人说明理由、认为理由合理之后"
    ),
}


def why_not(app: Application, action: Action, day: date) -> str:
    check = WHY_NOT.get(action)
    return check(app, day) if check else ""


def _request_extension(s: Step) -> None:
    s.app.extension_requested = s.on_date
    s.app.extension_request_note = _need(s.data, "note", "需要延期的理由")


def _extend(s: Step) -> None:
    # Art. 33: at most 20 wd, approved by the head of the disclosure office (ROLE_FOR_ACTION).
    s.app.extension_requested = None  # the request, if any, is decided
    days = int(s.data.get("days") or MAX_EXTENSION_DAYS)
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError(f"延期不得超过{MAX_EXTENSION_DAYS}个工作日")
    _need(s.data, "note", "延期理由")
    s.app.extension_days, s.app.extension_approved_by = days, s.user  # type: ignore[assignment]
    s.recorded["days"] = days


def _send_fee_notice(s: Step) -> None:
    notice = _fee_notice(s.app, s.on_date, s.data)
    s.recorded.update(amount=notice.amount, method=notice.method)
    if notice.pay_by:
        s.recorded.update(delivered=notice.delivered, pay_by=notice.pay_by)


def _fee_delivered(s: Step) -> None:
    notice = _open_notice(s.app)
    _deliver(notice, _need(s.data, "delivered", "申请人收到通知日期"))
    notice.save()
    s.recorded.update(delivered=notice.delivered, pay_by=notice.pay_by)


def _fee_paid(s: Step) -> None:
    notice = _open_notice(s.app)
    notice.ended = notice.paid = s.on_date
    # The payment is proved by its 票据 (国办函〔2020〕109号: fees go through the non-tax revenue system).
    notice.receipt_number = str(_need(s.data, "receipt_number", "缴费票据号码")).strip()
    notice.save()
    s.recorded["receipt_number"] = notice.receipt_number


def _fee_exempted(s: Step) -> None:
    notice = _open_notice(s.app)
    # Who waived the fee and why stay with the notice (国办函〔2020〕109号: 减免 is a decision).
    notice.exempted, notice.exemption_reason = True, _need(s.data, "note", "减免理由")
    notice.exempted_by = s.user  # type: ignore[assignment]
    notice.ended = s.on_date
    notice.save()


def _fee_lapsed(s: Step) -> None:
    notice = _open_notice(s.app)
    if notice.pay_by is None or s.on_date <= notice.pay_by:
        why = (
            f"缴费期限至{notice.pay_by:%Y-%m-%d},尚未届满"
            if notice.pay_by
            else "尚未登记申请人收到收费通知的日期,缴费期限还不确定"
        )
        raise ValidationError(f"{why},不能按逾期未缴费处理")
    notice.ended = s.on_date
    notice.save()


def _draft_answer(s: Step) -> None:
    result = _need(s.data, "result", "办理结果")
    if result not in result_codes():
        raise ValidationError(f"办理结果“{result}”不是有效的结果类型")
    app = s.app
    # What the Regulation requires before each of these answers can be given.
    if result == "rejected_abusive" and not app.reasons_requested:
        raise ValidationError(
            "条例第三十五条:申请数量、频次明显超过合理范围的,须先要求申请人说明理由,"
            "认为理由不合理的才能告知不予处理;请先办理“要求申请人说明理由”"
        )
    if (
        result == "withheld_third_party"
        and not app.consultations.filter(kind=ConsultationKind.THIRD_PARTY, objected=True).exists()
    ):
        raise ValidationError(
            "条例第三十二条:以保护第三方合法权益为由不予公开,须经征求意见且第三方不同意公开;"
            "本申请没有第三方不同意公开的记录"
        )
    if result == "granted_published" and not str(s.data.get("answer_text", "")).strip():
        raise ValidationError(
            "条例第三十六条第(一)项:请在答复内容中写明获取该政府信息的方式和途径(如网址、索引号)"
        )
    app.result, app.answer_text = result, s.data.get("answer_text", "")
    # Art. 36(五): the responsible agency and its contact, where it can be determined.
    app.referred_to = str(s.data.get("referred_to", "")).strip() if result == "unable_not_ours" else ""
    app.referred_contact = str(s.data.get("referred_contact", "")).strip() if app.referred_to else ""
    s.recorded["result"] = result


def _request_reasons(s: Step) -> None:
    s.app.reasons_items = _need(s.data, "note", "需要申请人说明的事项")
    s.app.reasons_requested = s.on_date


def _delay_answer(s: Step) -> None:
    from xxgk.applications.services import deadline_of

    until = _need(s.data, "delay_until", "延迟答复的期限")
    current = deadline_of(s.app, today=s.on_date).deadline
    if current is not None and until <= current.due:
        raise ValidationError(f"延迟答复的期限应晚于现在的答复期限{current.due:%Y-%m-%d}")
    _need(s.data, "note", "延迟答复的理由")
    s.app.delayed_until = until
    s.recorded["reply_due"] = until


def _return_answer(s: Step) -> None:
    _need(s.data, "note", "退回理由")


def _send_answer(s: Step) -> None:
    s.app.answered = s.on_date


STEPS: dict[Action, Callable[[Step], None]] = {
    Action.CONFIRM_RECEIPT: _confirm_receipt,
    Action.REQUEST_CORRECTION: _request_correction,
    Action.RECEIVE_CORRECTION: _receive_correction,
    Action.START_CONSULTATION: _start_consultation,
    Action.FINISH_CONSULTATION: _finish_consultation,
    Action.REQUEST_EXTENSION: _request_extension,
    Action.EXTEND: _extend,
    Action.FEE_NOTICE: _send_fee_notice,
    Action.FEE_DELIVERED: _fee_delivered,
    Action.FEE_PAID: _fee_paid,
    Action.FEE_EXEMPTED: _fee_exempted,
    Action.FEE_LAPSED: _fee_lapsed,
    Action.DRAFT_ANSWER: _draft_answer,
    Action.RETURN_ANSWER: _return_answer,
    Action.SEND_ANSWER: _send_answer,
    Action.REQUEST_REASONS: _request_reasons,
    Action.DELAY_ANSWER: _delay_answer,
}


def _fee_notice(app: Application, on_date: date, data: dict[str, Any]) -> FeeNotice:
    method = FeeMethod(_need(data, "method", "计收方式"))
    if method is FeeMethod.PER_PAGE:
        quantity = int(_need(data, "pages", "页数"))
        quote = fee_per_page(quantity)
    else:
        # The same applicant's applications received earlier in the same calendar month.
        same = Application.objects.filter(
            agency=app.agency,
            received__year=(app.received or on_date).year,
            received__month=(app.received or on_date).month,
            received__lt=app.received or on_date,
        )
        key = app.id_number or app.org_code
        same = (
            same.filter(id_number=key)
            if app.id_number
            else same.filter(org_code=key)
            if key
            else same.filter(applicant_name=app.applicant_name)
        )
        quantity = same.count() + 1
        quote = fee_per_application(quantity - 1)
    if quote.amount == 0:
        raise ValidationError("按规定该申请不收费(未超出免费数量),无需发出收费通知")
    if not app.agency.fee_payment.strip():
        raise ValidationError("收费通知书须载明缴纳方式:请管理员先在机构信息中填写“信息处理费缴纳方式”")
    delivery = NoticeDelivery(_need(data, "delivery", "送达方式"))
    notice = FeeNotice(
        application=app,
        method=method.value,
        quantity=quantity,
        amount=quote.amount,
        detail=quote.describe(),
        noticed=on_date,
        delivery=delivery,
    )
    # Handed over in person, the applicant receives it that day; by post or online, on the day it
    # is signed for or confirmed, which the clerk records when known (登记收费通知送达).
    delivered = data.get("delivered") or (on_date if delivery is NoticeDelivery.IN_PERSON else None)
    if delivered:
        _deliver(notice, delivered)
    notice.save()
    return notice


def _consult(app: Application, on_date: date, data: dict[str, Any]) -> Consultation:
    """Art. 32 (a third party) or Art. 34 (the agency that made the information, alone or jointly):
    the letter goes out on `on_date`; the other side has 15 wd from receiving it."""
    kind = ConsultationKind(data.get("consult_kind") or ConsultationKind.THIRD_PARTY)
    received = data.get("letter_received") or on_date
    if received < on_date:
        raise ValidationError("对方收到征求意见书的日期不能早于发出日期")
    not_after_today(received, "对方收到日期")
    return Consultation.objects.create(
        application=app,
        kind=kind,
        party=_need(data, "party", "征求意见对象"),
        sent=on_date,
        letter_received=data.get("letter_received"),
        reply_due=REPLY_RULE[kind](current_calendar(), received),
    )


# How long the consulted side has to answer, from receiving the letter: 15 wd under Art. 32 and 34.
REPLY_RULE = {
    ConsultationKind.AGENCY: other_agency_deadline,
    ConsultationKind.THIRD_PARTY: third_party_deadline,
}


# What no answer in time means: Art. 34 makes it consent; Art. 32 leaves the decision to the agency.
NO_REPLY = {
    ConsultationKind.AGENCY: "逾期未提出意见,视为同意公开(条例第三十四条)",
    ConsultationKind.THIRD_PARTY: "逾期未提出意见,由本机关依照条例规定决定是否公开(条例第三十二条)",
}


def _finish_consultations(app: Application, on_date: date, data: dict[str, Any]) -> str:
    open_ones = list(app.consultations.filter(replied__isnull=True))
    if not data.get("no_reply"):
        opinion = str(data.get("opinion", ""))
        objected = bool(data.get("objected"))
        for c in open_ones:
            c.replied, c.opinion, c.objected = on_date, opinion, objected
            c.save(update_fields=["replied", "opinion", "objected"])
        return opinion + (" (不同意公开)" if objected else "")
    for c in open_ones:
        if c.reply_due is not None and on_date <= c.reply_due:
            raise ValidationError(
                f"“{c.party}”的答复期限至{c.reply_due:%Y-%m-%d},尚未届满,不能按逾期未答复处理"
            )
        # The uncounted time ends when the period ran out, not on the day the clerk notices.
        c.replied = c.reply_due or on_date
        c.opinion = NO_REPLY[ConsultationKind(c.kind)]
        c.save(update_fields=["replied", "opinion"])
    return "、".join(sorted({c.opinion for c in open_ones}))


def _open_notice(app: Application) -> FeeNotice:
    notice = app.fee_notices.filter(ended__isnull=True).first()
    if notice is None:  # pragma: no cover - the FEE state always has an open notice
        raise ValidationError("没有待缴费的收费通知")
    return notice


def _deliver(notice: FeeNotice, delivered: date) -> None:
    if delivered < notice.noticed:
        raise ValidationError(f"收到通知的日期不能早于发出通知的日期 {notice.noticed:%Y-%m-%d}")
    not_after_today(delivered, "收到通知日期")
    notice.delivered = delivered
    notice.pay_by = fee_payment_deadline(current_calendar(), delivered)
