"""送达 — sending a case's letters and recording how they reached the applicant.

The Regulation says an answer is given (Art. 33) but not how it is served; 复议机关 and courts ask
for proof of service by the rules of 《民事诉讼法》 (Arts. 87–90), which this follows: 当面 with the
date signed for, 邮寄 with the tracking number and the date on the return receipt, 电子邮件 received
on the day it reaches the applicant's mailbox (Art. 90). 短信通知 and 在线下载 only tell the
applicant where to get the letter; an online letter counts as received on the day the applicant
downloads it after the status lookup.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from xxgk import sms
from xxgk.applications.models import Application, Delivery, ServiceMethod
from xxgk.applications.steps import not_after_today


def _sms_text(app: Application, title: str) -> str:
    return (
        f"【{app.agency.name}】"
        f"您的政府信息公开申请(编号{app.number})有新的文书:{title}。"
        f"请凭查询号{app.tracking_number}和查询码在政府信息公开专栏“办理进度查询”中查看、下载。"
    )


def deliver(
    app: Application,
    slug: str,
    user: AbstractBaseUser,
    *,
    method: str,
    sent_on: date | None = None,
    tracking: str = "",
    received: date | None = None,
) -> Delivery:
    """Send (or record the sending of) the case's letter `slug` by `method`; e-mail and SMS are sent
    here and their outcome recorded, failures included (the trail shows them; nothing is lost)."""
    from xxgk.applications import letters
    from xxgk.applications.services import CLERKS, _event, _require, document, keep_as_sent

    _require(user, app.agency, CLERKS)
    found = letters.DOCUMENTS.get(slug)
    if found is None:
        raise ValidationError("没有这种文书")
    why = found.missing(app, False)
    if why:
        raise ValidationError(why)
    method = ServiceMethod(method)
    sent_on = sent_on or timezone.localdate()
    not_after_today(sent_on, "发出日期")
    if received is not None:
        not_after_today(received, "签收日期")
        if received < sent_on:
            raise ValidationError("签收日期不能早于发出日期")
    record = Delivery(application=app, document=slug, method=method, sent_on=sent_on, by=user)
    if method is ServiceMethod.POST:
        record.to = _need(app.address, "申请人通信地址(邮寄送达)")
        record.tracking = _need(tracking.strip(), "邮件单号")
        record.received = received
    elif method is ServiceMethod.IN_PERSON:
        record.received = received or sent_on  # signed for on the spot
    elif method is ServiceMethod.EMAIL:
        record.to = _need(app.email, "申请人电子邮箱")
        keep_as_sent(app, slug)  # the file attached is the one kept as sent
        data = document(app, slug, "pdf", user)
        mail = EmailMessage(
            subject=f"{found.title}(编号{app.number})",
            body=f"{app.applicant_name}:\n\n附件为{app.agency.name}的{found.title},请查收。\n",
            to=[record.to],
        )
        mail.attach(f"{found.title}-{app.number}.pdf", data, "application/pdf")
        try:
            mail.send()
            record.received = sent_on  # 民事诉讼法第九十条: reached the applicant's mailbox
        except Exception as exc:
            record.error = f"邮件发送失败:{type(exc).__name__}: {exc}"[:300]
    elif method is ServiceMethod.SMS:
        record.to = _need(app.phone, "申请人联系电话")
        try:
            sms.send(record.to, _sms_text(app, found.title))
        except sms.SmsError as exc:
            record.error = str(exc)[:300]
    with transaction.atomic():
        record.save()
        keep_as_sent(app, slug)  # the letter sent is the record from now on
        parts = [f"{found.title}:{record.get_method_display()}"]
        parts += [f"(单号{record.tracking})"] if record.tracking else []
        parts += [f",{record.received:%Y-%m-%d}收到"] if record.received else []
        parts += [f";发送失败:{record.error}"] if record.error else []
        _event(app, "deliver", user, on_date=sent_on, note="".join(parts))
    return record


def confirm_received(record: Delivery, user: AbstractBaseUser, received: date) -> Delivery:
    """The return receipt came back (邮寄): the day the applicant signed for it."""
    from xxgk.applications.services import CLERKS, _event, _require

    _require(user, record.application.agency, CLERKS)
    not_after_today(received, "签收日期")
    if received < record.sent_on:
        raise ValidationError("签收日期不能早于发出日期")
    with transaction.atomic():
        record.received = received
        record.save(update_fields=["received"])
        _event(record.application, "deliver", user, on_date=received, note=f"登记签收:{received:%Y-%m-%d}")
    return record


def downloaded(app: Application, slug: str) -> None:
    """The applicant downloaded `slug` after the status lookup: an online delivery is received."""
    today = timezone.localdate()
    Delivery.objects.filter(
        application=app, document=slug, method=ServiceMethod.ONLINE, received__isnull=True
    ).update(received=today)


def _need(value: Any, label: str) -> Any:
    if not value:
        raise ValidationError(f"请先填写{label}")
    return value
