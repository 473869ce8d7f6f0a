"""Use cases of 依申请公开, shared by the staff pages, the public portal, the CLI and the tests.

`act` is the one way a case moves: it checks the step against the state machine of
xxgk.rules.applications and the actor's role, applies the step, and writes the audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import can_edit, has_role
from xxgk.applications import query_codes
from xxgk.applications.models import (
    Application,
    Channel,
    Event,
)
from xxgk.applications.steps import STEPS, Step, not_after_today, why_not
from xxgk.rules.applications import RESULT_OF_ACTION, Action, State, allowed_actions, next_state
from xxgk.rules.deadlines import (
    AnswerDeadline,
    Pause,
    PauseKind,
    answer_deadline,
)
from xxgk.rules.workdays import WorkingDayCalendar
from xxgk.workcal.services import current_calendar

CLERKS = (Role.CLERK, Role.HEAD, Role.ADMIN)
REVIEWERS = (Role.REVIEWER, Role.HEAD)
ROLE_FOR_ACTION: dict[Action, tuple[Role, ...]] = {
    Action.EXTEND: (Role.HEAD,),  # Art. 33: approved by the head of the disclosure office
    # Art. 35 names the agency, not who in it: a later answer date is the head's decision, like an
    # extension.
    Action.DELAY_ANSWER: (Role.HEAD,),
    Action.REQUEST_EXTENSION: (Role.CLERK, Role.ADMIN),  # the head decides instead of asking
    Action.APPROVE_ANSWER: REVIEWERS,
    Action.RETURN_ANSWER: REVIEWERS,
}
DUE_SOON_DAYS = 5


def others_steps(user: AbstractBaseUser, app: Application, steps: list[Action] | None = None) -> list[str]:
    """The steps open on the case that other roles take (延期 by the 负责人 …), for the page to say
    who acts next instead of offering a button that would be refused. `steps`: open_steps(app),
    when the caller has it already."""
    return [
        f"{action.label}(由{'或'.join(r.label for r in ROLE_FOR_ACTION.get(action, CLERKS))}办理)"
        for action in (open_steps(app) if steps is None else steps)
        if not _may(user, app, action)
    ]


def actions_for(user: AbstractBaseUser, app: Application, steps: list[Action] | None = None) -> list[Action]:
    """The steps `user` may take on the case now: allowed in its state and by their role. Pages
    show only these; act() refuses the rest whatever a page shows."""
    return [action for action in (open_steps(app) if steps is None else steps) if _may(user, app, action)]


def open_steps(app: Application) -> list[Action]:
    """The steps the case can take today, whoever takes them: allowed in its state and not refused
    (steps.WHY_NOT; some of those count the deadline, so a page asks once)."""
    today = timezone.localdate()
    return [action for action in allowed_actions(app.state_enum) if not why_not(app, action, today)]


def _may(user: AbstractBaseUser, app: Application, action: Action) -> bool:
    return has_role(user, app.agency, *ROLE_FOR_ACTION.get(action, CLERKS))


# --- intake ---------------------------------------------------------------------------------------

APPLICANT_FIELDS = (
    "applicant_kind", "applicant_name", "id_type", "id_number", "org_code", "contact_person", "phone",
    "email", "address", "postcode", "sought", "purpose", "delivery_form", "delivery_method",
)  # fmt: skip


def _tracking_number(taken: set[str] | None = None) -> str:
    """YSQ + date + 8 random digits: unguessable enough to pair with the query code, short enough to
    read out on the phone. `taken` guards a batch; the unique constraint guards the rest."""
    while True:
        number = f"YSQ{timezone.localdate():%Y%m%d}{secrets.randbelow(10**8):08d}"
        if taken is None or number not in taken:
            if taken is not None:
                taken.add(number)
            return number


def _next_number(agency: Agency, year: int) -> str:
    prefix = f"{year}-"
    numbers = Application.objects.filter(agency=agency, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _create(agency: Agency, fields: dict[str, Any], **extra: Any) -> Application:
    """Create with a fresh 编号 and 查询号, retrying on the rare clash between concurrent filings."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                app = Application(agency=agency, tracking_number=_tracking_number(), **fields, **extra)
                if not app.number:
                    app.number = _next_number(agency, (app.received or timezone.localdate()).year)
                app.full_clean(exclude=["query_code_hash"])
                app.save()
                return app
        except IntegrityError:
            extra.pop("number", None)
            continue
    raise ValidationError("系统繁忙,请稍后重试")


def _event(app: Application, action: str, user: AbstractBaseUser | None, *, from_state: str = "",
           on_date: date | None = None, note: str = "", **data: Any) -> Event:  # fmt: skip
    return Event.objects.create(
        application=app,
        action=action,
        from_state=from_state,
        to_state=app.state,
        on_date=on_date,
        by=user if user is not None and user.pk else None,
        note=note,
        data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()},
    )


@dataclass(frozen=True)
class Filed:
    application: Application
    query_code: str  # shown to the applicant once; only its hash is kept


@transaction.atomic
def file_online(agency: Agency, fields: dict[str, Any]) -> Filed:
    """An application filed on the portal. Its date of receipt is the day the agency confirms it
    with the applicant (Art. 31), so it waits in 待确认 until a clerk does."""
    code = query_codes.new_code()
    app = _create(
        agency,
        {k: fields.get(k, "") for k in APPLICANT_FIELDS},
        channel=Channel.ONLINE,
        submitted_at=timezone.now(),
        state=State.SUBMITTED,
        query_code_hash=query_codes.hash_code(code),
    )
    _event(app, "submit", None, note="申请人通过网上申请提交")
    return Filed(app, code)


@transaction.atomic
def register(
    agency: Agency, user: AbstractBaseUser, fields: dict[str, Any], *, channel: str, received: date | None
) -> Filed:
    """A clerk enters an application that came by letter, in person, fax or e-mail. With the date of
    receipt (Art. 31: the day handed in, the day a registered letter was signed for, the day receipt
    was confirmed) it is 办理中; without it, it waits for confirmation."""
    _require(user, agency, CLERKS)
    if received is not None:
        not_after_today(received, "收到日期")
    code = query_codes.new_code()
    app = _create(
        agency,
        {k: fields.get(k, "") for k in APPLICANT_FIELDS},
        channel=channel,
        received=received,
        state=State.RECEIVED if received else State.SUBMITTED,
        query_code_hash=query_codes.hash_code(code),
    )
    _event(app, "register", user, on_date=received, note=f"登记,申请方式:{Channel(channel).label}")
    return Filed(app, code)


def find_by_tracking(tracking_number: str, query_code: str) -> Application | None:
    """The public status lookup: both must match; nothing tells which one was wrong."""
    app = Application.objects.filter(tracking_number=tracking_number.strip().upper()).first()
    stored = app.query_code_hash if app is not None else ""
    # One hash whatever happens: the timing tells nothing of whether the 查询号 exists.
    right = query_codes.matches(query_code.strip(), stored)
    return app if app is not None and stored and right else None


# --- the case -------------------------------------------------------------------------------------


def _require(user: AbstractBaseUser, agency: Agency, roles: tuple[Role, ...]) -> None:
    if not has_role(user, agency, *roles):
        names = "、".join(r.label for r in roles)
        raise PermissionDenied(f"此操作需要本机关的{names}角色")


@transaction.atomic
def act(app: Application, action: Action, user: AbstractBaseUser, **data: Any) -> Application:
    """Take one step of the case. `on_date` is the day the step happened (default: today)."""
    app = Application.objects.select_for_update().get(pk=app.pk)
    _require(user, app.agency, ROLE_FOR_ACTION.get(action, CLERKS))
    before = app.state_enum
    after = next_state(before, action)  # raises IllegalTransition with a Chinese message
    on_date: date = data.get("on_date") or timezone.localdate()
    not_after_today(on_date, "办理日期")
    start = app.corrected_received or app.received
    if start and on_date < start and action is not Action.RECEIVE_CORRECTION:
        raise ValidationError(f"日期 {on_date:%Y-%m-%d} 早于收到申请的日期 {start:%Y-%m-%d}")
    refused = why_not(app, action, on_date)
    if refused:
        raise ValidationError(refused)
    step = Step(app, action, user, on_date, data)
    if action in STEPS:
        STEPS[action](step)
    if action in RESULT_OF_ACTION:
        app.result, app.answered = RESULT_OF_ACTION[action], on_date
    app.state = after
    app.save()
    if action is Action.SEND_ANSWER:
        # The answer given is the record, whatever changes later: kept by the worker within seconds,
        # or by the first download before that (document()).
        from xxgk.background import queue

        queue.enqueue("applications.keep_letter", app.pk, "letter")
    note = data.get("note", "")
    _event(app, action.value, user, from_state=before.value, on_date=on_date, note=note, **step.recorded)
    return app


# --- deadline -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineView:
    """What a clerk and an applicant see of the answer period."""

    deadline: AnswerDeadline | None
    days_left: int | None
    status: str  # waiting | correction | paused | due_soon | overdue | ok | answered | answered_late
    message: str


def deadline_of(
    app: Application, today: date | None = None, calendar: WorkingDayCalendar | None = None
) -> DeadlineView:
    """`calendar`: pass one when computing many deadlines, so overrides are read once."""
    today = today or timezone.localdate()
    if app.received is None:
        return DeadlineView(None, None, "waiting", "待确认收到后开始计算答复期限")
    if app.state == State.CORRECTION:
        if app.correction_due and today > app.correction_due:
            return DeadlineView(
                None,
                None,
                "overdue",
                f"补正期限已于{app.correction_due:%Y-%m-%d}届满,未收到补正材料"
                "(条例第三十条:无正当理由逾期不补正的,视为放弃申请)",
            )
        due = f",补正期限至{app.correction_due:%Y-%m-%d}" if app.correction_due else ""
        return DeadlineView(
            None, None, "correction", f"已发出补正告知{due};答复期限自收到补正材料之日起重新计算"
        )
    calendar = calendar or current_calendar()
    pauses = tuple(Pause(PauseKind.CONSULTATION, c.sent, c.replied) for c in app.consultations.all()) + tuple(
        Pause(PauseKind.FEE, f.noticed, f.ended) for f in app.fee_notices.all()
    )
    end = app.answered or today
    d = answer_deadline(
        calendar,
        app.received,
        corrected_received=app.corrected_received,
        pauses=pauses,
        paused_working_days=app.paused_days,
        extension_days=app.extension_days,
        today=end,
        delayed_until=app.delayed_until,
    )
    if app.answered:
        late = app.answered > d.due
        if d.provisional and not late and calendar.knows(app.answered.year):
            # Answered before the first year without its notice began: in time on any calendar.
            d = replace(d, provisional_note="")
        status = "answered_late" if late else "answered"
        return DeadlineView(
            d, None, status, f"已于{app.answered:%Y-%m-%d}答复" + (",超过期限" if late else ",在期限内")
        )
    left = calendar.days_left(today, d.due)
    due = f"{d.due:%Y-%m-%d}" + ("(暂定)" if d.provisional else "")
    if d.running_pause is not None:
        what = "征求意见" if d.running_pause is PauseKind.CONSULTATION else "等待缴费"
        return DeadlineView(d, left, "paused", f"{what}期间不计入答复期限,目前截止日为{due}")
    if left < 0:
        return DeadlineView(d, left, "overdue", f"已超过答复期限{-left}个工作日(截止{due})")
    status = "due_soon" if left <= DUE_SOON_DAYS else "ok"
    return DeadlineView(d, left, status, f"答复截止{due},还剩{left}个工作日")


# --- attachments and appeals ----------------------------------------------------------------------


def require_own_staff(user: AbstractBaseUser, app: Application) -> None:
    """Applicants' names, identity documents and letters addressed to them stay with the agency's
    own staff: a superior office reads its subordinates' cases without them."""
    if not can_edit(user, app.agency):
        raise PermissionDenied("上级机关只能查看下级机关申请的办理情况,不能查看或下载含申请人个人信息的材料")


def documents_for(app: Application, *, public: bool) -> list[tuple[str, str]]:
    """(slug, title) of the case's letters that can be made now, for its staff or its applicant."""
    from xxgk.applications import letters

    return [
        (d.slug, d.title)
        for d in letters.DOCUMENTS.values()
        if (d.applicant or not public) and not d.missing(app, public)
    ]


def document(app: Application, slug: str, kind: str, user: AbstractBaseUser | None) -> bytes:
    """A letter of the case (letters.DOCUMENTS: 受理回执, 补正告知书, 延期答复告知书, 收费通知书,
    说明理由告知书, 延迟答复告知书, 答复书) as PDF or DOCX. `user` None: the applicant, verified by
    the status lookup."""
    from xxgk.applications import letters

    found = letters.DOCUMENTS.get(slug)
    if found is None or kind not in ("pdf", "docx"):
        raise ValidationError("没有这种文书")
    if user is not None:
        require_own_staff(user, app)
    elif not found.applicant:
        raise PermissionDenied("申请人不能下载该文书")
    why = found.missing(app, user is None)
    if why:
        raise ValidationError(why)
    if slug == "letter" and app.answered and not app.sent_letters.filter(document=slug).exists():
        keep_as_sent(app, slug)  # answered, and the worker has not kept it yet
    sent = app.sent_letters.filter(document=slug, kind=kind).first()
    if sent is not None:  # the letter as it was sent is the record
        with sent.file.open("rb") as f:
            return bytes(f.read())
    return letters.render(found.make(app), kind)


def keep_as_sent(app: Application, slug: str) -> None:
    """Store the letter `slug` as it is now, PDF and Word, as the one sent: later downloads give
    these bytes. A letter already kept stays as it was first sent."""
    import hashlib

    from django.core.files.base import ContentFile

    from xxgk.applications import letters
    from xxgk.applications.models import SentLetter

    letter = letters.DOCUMENTS[slug].make(app)
    for kind in ("pdf", "docx"):
        if app.sent_letters.filter(document=slug, kind=kind).exists():
            continue
        data = letters.render(letter, kind)
        digest = hashlib.sha256(data).hexdigest()
        kept = SentLetter(application=app, document=slug, kind=kind, sha256=digest)
        kept.file.save(f"{slug}-{digest[:16]}.{kind}", ContentFile(data), save=False)
        kept.save()


def consultation_letter(
    app: Application, consultation_id: int, kind: str, user: AbstractBaseUser, *, decision: bool = False
) -> bytes:
    """The 征求意见函 of one of the case's consultations, or (`decision`) the Art. 32 notice telling an
    objecting third party that the agency discloses all the same; for the agency's own staff."""
    from xxgk.applications import letters

    require_own_staff(user, app)
    found = app.consultations.filter(pk=consultation_id).first()
    if found is None:
        raise ValidationError("没有这项征求意见")
    if not decision:
        return letters.render(letters.consultation(app, found), kind)
    try:
        return letters.render(letters.third_party_decision(app, found), kind)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


ATTACHMENT_SUFFIXES = {
    ".pdf": "PDF",
    ".jpg": "JPEG 图片",
    ".jpeg": "JPEG 图片",
    ".png": "PNG 图片",
    ".docx": "Word(DOCX)",
}


def add_attachment(app: Application, upload: Any, role: str, user: AbstractBaseUser | None) -> Any:
    """A file of the case: a scan of a letter, an identity document, or an attachment to the answer.
    `user` None: the applicant's own upload on the portal (identity documents only)."""
    from xxgk.applications.models import Attachment, AttachmentRole
    from xxgk.untrusted import content_matches

    if role not in AttachmentRole.values:
        raise ValidationError(f"附件类别“{role}”无效")
    if user is not None:
        require_own_staff(user, app)
        _require(user, app.agency, CLERKS)
    elif role != AttachmentRole.IDENTITY:
        raise PermissionDenied("申请人只能上传身份证明")
    suffix = _suffix(upload.name)
    if suffix not in ATTACHMENT_SUFFIXES:
        kinds = "、".join(sorted(set(ATTACHMENT_SUFFIXES.values())))
        raise ValidationError(f"附件只能是 {kinds},不能是“{suffix or '无扩展名'}”")
    head = upload.read(1024)
    upload.seek(0)
    if not content_matches(suffix, head):
        raise ValidationError(f"“{upload.name}”的内容不是{ATTACHMENT_SUFFIXES[suffix]}(文件名与内容不符)")
    attachment = Attachment(application=app, role=role, name=upload.name[:255], size=upload.size)
    attachment.uploaded_by = user if user is not None and user.pk else None  # type: ignore[assignment]
    attachment.file.save(f"{secrets.token_hex(8)}{suffix}", upload, save=False)
    attachment.save()
    _event(app, "attach", user, note=f"上传附件:{attachment.name}", role=role)
    return attachment


def _suffix(name: str) -> str:
    from pathlib import PurePath

    suffix = PurePath(name).suffix.lower()
    return suffix if suffix in (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx") else ""


@transaction.atomic
def add_appeal(app: Application, user: AbstractBaseUser, data: dict[str, Any]) -> Any:
    from xxgk.applications.models import Appeal

    _require(user, app.agency, CLERKS)
    for key, label in (("filed", "立案/收到日期"), ("decided", "结果日期")):
        if data.get(key):
            not_after_today(data[key], label)
    appeal = Appeal.objects.create(application=app, **data)
    _event(
        app,
        "appeal",
        user,
        on_date=data.get("filed"),
        note=f"{appeal.get_kind_display()} {data.get('case_number', '')}",
    )
    return appeal
