"""答复书 — the answer letter, from the agency's template for the result or the built-in wording,
with the legal basis and the applicant's right to reconsideration and litigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from string import Template
from typing import Any

from django.utils import timezone

from xxgk.applications.models import (
    Application,
    Channel,
    Consultation,
    ConsultationKind,
    FeeNotice,
    LetterTemplate,
)

# The writers, named here as before for the callers of applications.letters.
from xxgk.reports.write.letter import Letter as Letter
from xxgk.reports.write.letter import docx as docx
from xxgk.reports.write.letter import html as html
from xxgk.reports.write.letter import pdf as pdf
from xxgk.reports.write.letter import render as render
from xxgk.rules import remedies
from xxgk.rules.applications import LEGAL_BASIS, Action, result_label
from xxgk.rules.fees import METHOD_LABELS, METHOD_UNITS
from xxgk.rules.text import chinese_date
from xxgk.rules.workdays import WorkingDayCalendar
from xxgk.workcal.services import current_calendar

UNDATED = "    年  月  日"  # left for the hand when the step that dates a letter is not taken yet


def _dated(day: date | None) -> str:
    return chinese_date(day) if day else UNDATED


def _decision(app: Application, action: Action) -> Any:
    """The latest trail entry of the step that decided a letter (延期, 延迟答复): its date and reason."""
    return app.events.filter(action=action).order_by("-at", "-pk").first()


def _due(day: date, calendar: WorkingDayCalendar) -> str:
    """A deadline as a letter prints it: 暂定 when counted through a year without its notice."""
    return chinese_date(day) + ("(暂定)" if calendar.is_provisional(day) else "")


def _provisional_footnote(calendar: WorkingDayCalendar, *days: date | None) -> list[str]:
    note = calendar.provisional_note(*days)
    return [f"注:{note}。期限如有变化,本机关将另行告知。"] if note else []


class LetterTemplateText(Template):
    """${申请人}-style placeholders: string.Template accepts only ASCII names by default."""

    idpattern = r"[^\W\d_]\w*"


LETTER_TITLE = "政府信息公开申请答复书"
DEFAULT_BODY = """${申请人}:
本机关于${收到日期}收到您提出的政府信息公开申请(编号:${编号}),您申请获取:${申请内容}。
经审查,现答复如下:${结论}${答复内容}
${依据说明}
${救济途径}"""


def variables(app: Application) -> dict[str, str]:
    basis = LEGAL_BASIS.get(app.result)
    answered = app.answered
    # The law in force on the answer's date; a draft not yet sent is read as if sent today.
    on = answered or timezone.localdate()
    facts = app.agency.remedy_facts()
    return {
        "申请人": app.applicant_name,
        "编号": app.number,
        "收到日期": chinese_date(app.received) if app.received else "",
        "申请内容": app.sought.strip().rstrip("。") or "(未填写)",
        "结论": (basis.summary if basis else "") + _referral(app),
        "答复内容": app.answer_text.strip(),
        "法律依据": basis.articles if basis and basis.articles else "有关",
        # Where the Regulation has no article for the result, the letter cites none.
        "依据说明": (
            f"根据《中华人民共和国政府信息公开条例》{basis.articles}的规定,特此告知。"
            if basis and basis.articles
            else "特此告知。"
        ),
        "机关": app.agency.name,
        "答复日期": _dated(answered),
        "复议机关": remedies.review_body(facts, on),
        "法院": app.agency.court or "有管辖权的人民法院",
        "救济途径": remedies.remedies(app.result, facts, on),
        "办理结果": result_label(app.result) if app.result else "",
    }


def _referral(app: Application) -> str:
    """Art. 36(五): who is responsible for the information, where it can be determined."""
    if app.result != "unable_not_ours":
        return ""
    if not app.referred_to:
        return "本机关无法确定负责公开该政府信息的行政机关。"
    contact = f",联系方式:{app.referred_contact}" if app.referred_contact else ""
    return f"负责公开该政府信息的行政机关为{app.referred_to}{contact},您可以向其提出申请。"


def letter_text(app: Application) -> list[str]:
    """The letter's paragraphs; the agency's template for this result wins over the built-in one."""
    custom = LetterTemplate.objects.filter(agency=app.agency, result=app.result).first()
    body = LetterTemplateText(custom.body if custom else DEFAULT_BODY).safe_substitute(variables(app))
    return [line.strip() for line in body.splitlines() if line.strip()]


def doc_number(app: Application, code: str) -> str:
    """文号: the agency's 代字, 依申 and the letter's code, the year and the case's serial, e.g.
    某发改依申复〔2026〕3号; a ledger's own case number is kept whole."""
    agency = app.agency
    prefix = agency.letter_prefix or agency.name  # the 简称 is a pronoun for narratives (我委)
    year, _, serial = app.number.partition("-")
    if year.isdigit() and serial.isdigit():
        return f"{prefix}依申{code}〔{year}〕{int(serial)}号"
    return f"{prefix}依申{code}〔{(app.received or timezone.localdate()).year}〕{app.number}号"


def answer(app: Application) -> Letter:
    v = variables(app)
    return Letter(LETTER_TITLE, letter_text(app), v["机关"], v["答复日期"])


CORRECTION_TITLE = "政府信息公开申请补正告知书"


def correction(app: Application) -> Letter:
    """补正告知书 (Art. 30): what to correct, by when, and what follows if it is not corrected."""
    received = chinese_date(app.received) if app.received else ""
    calendar = current_calendar()
    due = _due(app.correction_due, calendar) if app.correction_due else "(请填写补正期限)"
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number})。经审查,您的申请内容不明确,"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定,请您对以下事项作出补正:",
        app.correction_items.strip() or "(需要补正的事项)",
        f"请于{due}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的,视为放弃申请,本机关不再处理该政府信息公开申请。",
        *_provisional_footnote(calendar, app.correction_due),
    ]
    dated = _dated(app.correction_notice_date)
    return Letter(CORRECTION_TITLE, lines, app.agency.name, dated)


CONSULTATION_TITLE = "政府信息公开征求意见函"


def consultation(app: Application, c: Consultation) -> Letter:
    """征求意见函 to a third party (Art. 32) or to the agency that made the information (Art. 34)."""
    received = chinese_date(app.received) if app.received else ""
    if c.kind == ConsultationKind.AGENCY:
        why = (
            "该信息由本机关与贵机关共同制作,"
            "根据《中华人民共和国政府信息公开条例》第三十四条的规定,现征求贵机关意见。"
        )
        silence = "逾期未提出意见的,视为同意公开。"
    else:
        why = (
            "公开该信息可能损害您(贵单位)的合法权益,"
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定,现征求您(贵单位)的意见。"
        )
        silence = "逾期未提出意见的,由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
    lines = [
        f"{c.party}:",
        f"本机关于{received}收到政府信息公开申请(编号:{app.number}),申请公开:{app.sought.strip().rstrip('。')}。{why}",
        f"请自收到本函之日起15个工作日内书面提出是否同意公开的意见及理由。{silence}",
    ]
    return Letter(CONSULTATION_TITLE, lines, app.agency.name, chinese_date(c.sent), doc_number(app, "征"))


DECISION_TITLE = "政府信息公开决定告知书"


def third_party_decision(app: Application, c: Consultation) -> Letter:
    """Art. 32: the third party objected, but withholding would gravely affect the public interest,
    so the agency discloses and tells the third party in writing what and why."""
    if not (c.kind == ConsultationKind.THIRD_PARTY and c.objected and app.result in DISCLOSED):
        raise ValueError("只有第三方不同意公开而本机关决定公开时,才书面告知第三方")
    received = chinese_date(app.received) if app.received else ""
    lines = [
        f"{c.party}:",
        f"本机关于{received}收到政府信息公开申请(编号:{app.number}),申请公开:{app.sought.strip().rstrip('。')}。"
        f"本机关于{chinese_date(c.sent)}就此征求您(贵单位)的意见,您(贵单位)不同意公开。",
        "本机关认为不公开可能对公共利益造成重大影响,根据《中华人民共和国政府信息公开条例》第三十二条的规定,"
        "决定予以公开。决定公开的政府信息内容和理由如下:",
        app.answer_text.strip() or "(决定公开的内容和理由)",
        "特此告知。",
    ]
    dated = _dated(app.answered)
    return Letter(DECISION_TITLE, lines, app.agency.name, dated, doc_number(app, "告"))


DISCLOSED = frozenset({"granted", "granted_published", "partial"})


RECEIPT_TITLE = "政府信息公开申请受理回执"

# Art. 31: the day an application counts as received, by how it came.
RECEIVED_RULE = {
    Channel.IN_PERSON: "当面提交的,以提交之日为收到申请之日",
    Channel.MAIL_REGISTERED: "以邮政快递等需要签收的方式提交的,以行政机关签收之日为收到申请之日",
    Channel.MAIL_ORDINARY: "以平常信函等无需签收的方式提交的,以行政机关与申请人确认之日为收到申请之日",
    Channel.ONLINE: "通过互联网渠道提交的,以双方确认之日为收到申请之日",
    Channel.FAX: "通过传真提交的,以双方确认之日为收到申请之日",
    Channel.EMAIL: "通过互联网渠道提交的,以双方确认之日为收到申请之日",
}


def receipt(app: Application) -> Letter:
    """受理回执: what was filed, its 查询号, and from when the answer period runs (Art. 31, 33)."""
    # A Beijing date: filed at 05:00 Beijing time is 21:00 UTC the day before.
    filed = timezone.localdate(app.submitted_at or app.created_at)
    lines = [
        f"{app.applicant_name}:",
        f"您于{chinese_date(filed)}以“{app.get_channel_display()}”方式向本机关提出的政府信息公开申请已登记。"
        f"编号:{app.number};查询号:{app.tracking_number}。申请获取的政府信息:"
        f"{app.sought.strip().rstrip('。') or '(未填写)'}。",
    ]
    rule = RECEIVED_RULE.get(Channel(app.channel)) if app.channel in Channel.values else None
    article = f"根据《中华人民共和国政府信息公开条例》第三十一条,{rule}。" if rule else ""
    if app.received:
        from xxgk.applications.services import deadline_of

        calendar = current_calendar()
        view = deadline_of(app, today=app.received, calendar=calendar)
        by = f"(即{_due(view.deadline.due, calendar)}前)" if view.deadline else ""
        lines.append(
            f"{article}本机关收到申请的日期为{chinese_date(app.received)}。根据条例第三十三条,本机关将自收到申请之日起"
            f"20个工作日内{by}予以答复;需要延长答复期限的,将另行告知。"
        )
        if view.deadline:
            lines += _provisional_footnote(calendar, app.received, view.deadline.due)
    else:
        lines.append(f"{article}本机关确认收到后开始计算答复期限(条例第三十三条:20个工作日),届时将告知您。")
    lines.append(
        "您可以凭查询号和提交申请时得到的查询码,在本机关政府信息公开专栏的“办理进度查询”中查看办理进度、下载答复书。"
    )
    return Letter(RECEIPT_TITLE, lines, app.agency.name, chinese_date(filed))


EXTENSION_TITLE = "政府信息公开申请延期答复告知书"


def extension(app: Application) -> Letter:
    """延期答复告知书 (Art. 33 para. 2): the head of the disclosure office agreed; the applicant is told."""
    from xxgk.applications.services import deadline_of

    event = _decision(app, Action.EXTEND)
    calendar = current_calendar()
    view = deadline_of(app, today=event.on_date if event and event.on_date else None, calendar=calendar)
    due = _due(view.deadline.due, calendar) if view.deadline else "(答复期限)"
    reason = ((event.note if event else "") or app.extension_request_note).strip().rstrip("。")
    why = f"因{reason.removeprefix('因')},本机关" if reason else "本机关"
    received = chinese_date(app.received) if app.received else ""
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number})。{why}不能在收到申请之日起20个工作日内作出答复。"
        f"根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定,经本机关政府信息公开工作机构负责人同意,"
        f"答复期限延长{app.extension_days}个工作日,本机关将于{due}前作出答复。",
        "特此告知。",
        *_provisional_footnote(calendar, view.deadline.due if view.deadline else None),
    ]
    dated = _dated(event.on_date if event else None)
    return Letter(EXTENSION_TITLE, lines, app.agency.name, dated)


FEE_TITLE = "政府信息公开信息处理费缴费通知书"


def fee(app: Application, notice: FeeNotice) -> Letter:
    """收费通知书 (Art. 42; 国办函〔2020〕109号): how the fee was counted, how much, by when."""
    method = METHOD_LABELS.get(notice.method, notice.method)
    unit = METHOD_UNITS.get(notice.method, "件")
    received = chinese_date(app.received) if app.received else ""
    calendar = current_calendar()
    by = f"(即{_due(notice.pay_by, calendar)}前)" if notice.pay_by else ""
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number})。您申请公开政府信息的数量、频次明显超过合理范围,"
        "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)的规定,"
        "本机关决定收取信息处理费:",
        f"计收方式:{method};数量:{notice.quantity}{unit};金额:{notice.amount}元。",
    ]
    if notice.detail.strip():
        lines.append(f"计算明细:{notice.detail.strip()}")
    lines.append(f"缴纳方式:{app.agency.fee_payment.strip()}")
    lines.append(
        f"请自收到本通知之日的次日起20个工作日内{by}缴纳。自本机关发出收费通知至您缴纳费用期间,不计入答复期限。"
        "逾期未缴纳的,视为放弃申请,本机关不再处理该政府信息公开申请。"
    )
    lines += _provisional_footnote(calendar, notice.pay_by)
    return Letter(FEE_TITLE, lines, app.agency.name, chinese_date(notice.noticed))


REASONS_TITLE = "政府信息公开申请说明理由告知书"


def reasons(app: Application) -> Letter:
    """说明理由告知书 (Art. 35): the requests plainly exceed a reasonable range; the applicant is asked
    for reasons before the agency decides to refuse or to set a later date."""
    received = chinese_date(app.received) if app.received else ""
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number})。经审查,您申请公开政府信息的数量、频次"
        "明显超过合理范围,根据《中华人民共和国政府信息公开条例》第三十五条的规定,请您说明理由:",
        app.reasons_items.strip() or "(需要说明的事项)",
        "本机关认为申请理由不合理的,将告知您不予处理;认为申请理由合理但无法在条例第三十三条规定的期限内答复的,"
        "将确定延迟答复的合理期限并告知您。",
    ]
    dated = _dated(app.reasons_requested)
    return Letter(REASONS_TITLE, lines, app.agency.name, dated)


DELAY_TITLE = "政府信息公开申请延迟答复告知书"


def delay(app: Application) -> Letter:
    """延迟答复告知书 (Art. 35): the reasons are reasonable but the answer cannot be given within
    Art. 33's period; the later date is notified."""
    event = _decision(app, Action.DELAY_ANSWER)
    until = chinese_date(app.delayed_until) if app.delayed_until else "(延迟答复期限)"
    received = chinese_date(app.received) if app.received else ""
    why = (event.note.strip().rstrip("。") if event else "") or "申请公开的政府信息数量较大"
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number}),并已收到您说明的理由。本机关认为理由合理,"
        f"但因{why.removeprefix('因')},无法在条例第三十三条规定的期限内答复。根据《中华人民共和国政府信息公开条例》"
        f"第三十五条的规定,本机关将于{until}前作出答复。",
        "特此告知。",
    ]
    dated = _dated(event.on_date if event else None)
    return Letter(DELAY_TITLE, lines, app.agency.name, dated)


def _latest_fee(app: Application) -> Letter:
    notice = app.fee_notices.order_by("-noticed", "-pk").first()
    assert notice is not None  # checked by the document's `missing`
    return fee(app, notice)


@dataclass(frozen=True)
class Document:
    """A letter of a case, by the name in its address (/applications/<pk>/<slug>.pdf)."""

    slug: str
    title: str
    build: Callable[[Application], Letter]
    # Why it cannot be made yet, for staff and for the applicant: "" when it can.
    missing: Callable[[Application, bool], str]
    code: str  # the letter's mark in its 文号 (复, 补, 延 …)
    applicant: bool = True  # the applicant may download it after the status lookup

    def make(self, app: Application) -> Letter:
        return replace(self.build(app), number=doc_number(app, self.code))


def _answer_missing(app: Application, public: bool) -> str:
    if public and not app.answered:
        return "尚未答复"  # a draft answer stays with the agency until it is sent
    return "" if app.result else "尚未拟定办理结果,没有答复书"


DOCUMENTS: dict[str, Document] = {
    d.slug: d
    for d in (
        Document("receipt", RECEIPT_TITLE, receipt, lambda app, public: "", "受"),
        Document(
            "correction",
            CORRECTION_TITLE,
            correction,
            lambda app, public: "" if app.correction_notice_date else "尚未发出补正告知",
            "补",
        ),
        Document(
            "extension",
            EXTENSION_TITLE,
            extension,
            lambda app, public: "" if app.extension_days else "本申请没有延期答复",
            "延",
        ),
        Document(
            "fee",
            FEE_TITLE,
            _latest_fee,
            lambda app, public: "" if app.fee_notices.exists() else "本申请没有收费通知",
            "费",
        ),
        Document(
            "reasons",
            REASONS_TITLE,
            reasons,
            lambda app, public: "" if app.reasons_requested else "本申请没有要求说明理由",
            "说",
        ),
        Document(
            "delay",
            DELAY_TITLE,
            delay,
            lambda app, public: "" if app.delayed_until else "本申请没有延迟答复",
            "迟",
        ),
        Document("letter", LETTER_TITLE, answer, _answer_missing, "复"),
    )
}
