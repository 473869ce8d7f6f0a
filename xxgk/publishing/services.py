"""Use cases of 主动公开: create and edit items, check them (保密审查, personal data), approve,
publish and withdraw; the normative documents register follows from the items themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import has_role
from xxgk.publishing import search
from xxgk.publishing.models import (
    Category,
    CategoryKind,
    FindingStatus,
    GenreRole,
    IndexSequence,
    Item,
    ItemEvent,
    ItemState,
    ItemVersion,
    PortalPage,
    PrivacyFinding,
    Validity,
)
from xxgk.rules import dates
from xxgk.rules.deadlines import publication_deadline
from xxgk.rules.interpretation import missing_carrier
from xxgk.rules.privacy import Kind, find_personal_data, index_number, mask_value
from xxgk.rules.workdays import WorkingDayCalendar
from xxgk.workcal.services import current_calendar

EDITORS = (Role.CLERK, Role.HEAD, Role.ADMIN)
REVIEWERS = (Role.REVIEWER, Role.HEAD)
ITEM_FIELDS = (
    "title",
    "publisher",
    "doc_number",
    "formed",
    "theme",
    "genre",
    "validity",
    "body",
    "interpretation_of",
    "interpretation_form",
    "interpreter",
    "catalogue_entry",
)


# Who may take each step on an item: the pages show a person only the steps their role allows,
# and the services below refuse the others whatever a page shows.
ITEM_STEP_ROLES: dict[str, tuple[Role, ...]] = {
    "save": EDITORS,
    "mask": EDITORS,
    "attach": EDITORS,
    "detach": EDITORS,
    "publish": EDITORS,
    "validity": EDITORS,
    "secrecy": (*REVIEWERS, Role.CLERK),
    "waive": REVIEWERS,
    "approve": REVIEWERS,
    "submit": EDITORS,
    "return": REVIEWERS,
    "withdraw": REVIEWERS,
    "checked": REVIEWERS,
}


def item_steps_for(user: AbstractBaseUser, item: Item) -> set[str]:
    """The steps `user` may take on `item` by their roles in its agency."""
    if getattr(user, "is_superuser", False):
        return set(ITEM_STEP_ROLES)
    roles = set(item.agency.memberships.filter(user=user).values_list("role", flat=True))
    return {step for step, allowed in ITEM_STEP_ROLES.items() if roles & {r.value for r in allowed}}


def _require(user: AbstractBaseUser, agency: Agency, roles: tuple[Role, ...]) -> None:
    if not has_role(user, agency, *roles):
        raise PermissionDenied("此操作需要本机关的" + "、".join(r.label for r in roles) + "角色")


def _by(user: AbstractBaseUser | None) -> Any:
    return user if user is not None and user.pk else None


def next_index_number(agency: Agency, year: int) -> str:
    """The next 索引号 of an agency in a year. The sequence row is incremented in the database
    (UPDATE … SET last = last + 1), which locks it until commit: concurrent creations queue there
    and each gets its own number."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexSequence.objects.get_or_create(agency=agency, year=year)
        except IntegrityError:  # another creation made the row at the same moment: use it
            pass
        IndexSequence.objects.filter(agency=agency, year=year).update(last=F("last") + 1)
        last = IndexSequence.objects.get(agency=agency, year=year).last
    return index_number(agency.code, year, last)


def _snapshot(item: Item) -> dict[str, Any]:
    data = {}
    for field in (*ITEM_FIELDS, "published", "state", "repealed_on"):
        value = getattr(
            item,
            f"{field}_id" if field in ("theme", "genre", "interpretation_of", "catalogue_entry") else field,
        )
        data[field] = value.isoformat() if isinstance(value, date) else value
    return data


def _version(item: Item, user: AbstractBaseUser | None, note: str) -> None:
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ItemVersion.objects.create(item=item, number=number, data=_snapshot(item), by=_by(user), note=note)


def _event(item: Item, action: str, user: AbstractBaseUser | None, note: str = "") -> None:
    ItemEvent.objects.create(item=item, action=action, by=_by(user), note=note)


@transaction.atomic
def create_item(agency: Agency, user: AbstractBaseUser, fields: dict[str, Any]) -> Item:
    _require(user, agency, EDITORS)
    item = Item(agency=agency, created_by=_by(user), **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    item.index_no = next_index_number(agency, item.formed.year)
    if item.genre.role in (GenreRole.NORMATIVE, GenreRole.RULES) and not item.validity:
        item.validity = Validity.IN_FORCE
    item.full_clean()
    item.save()
    _version(item, user, "新建")
    _event(item, "create", user)
    check_privacy(item)
    return item


@transaction.atomic
def update_item(item: Item, user: AbstractBaseUser, fields: dict[str, Any]) -> Item:
    _require(user, item.agency, EDITORS)
    if item.state not in (ItemState.DRAFT,):
        raise ValidationError("只有草稿可以修改;已审核或已发布的信息请先撤回")
    for key, value in fields.items():
        if key in ITEM_FIELDS:
            setattr(item, key, value)
    item.secrecy_checked_by = None  # a changed text needs a new 保密审查
    item.secrecy_checked_at = None
    item.full_clean()
    item.save()
    _version(item, user, "修改")
    _event(item, "update", user)
    check_privacy(item)
    return item


def allowed_numbers(agency: Agency) -> list[str]:
    """The agency's own published telephone numbers: its contact number and those in its guide."""
    numbers = [agency.phone] if agency.phone else []
    for page in PortalPage.objects.filter(agency=agency):
        numbers += re.findall(r"0\d{2,3}[- ]?\d{7,8}|1[3-9]\d{9}", page.body)
    return numbers


def check_privacy(item: Item) -> list[PrivacyFinding]:
    """Look for personal data in the body and in every attachment's text; keep what a person has
    already decided about a value (masked or waived), add what is new."""
    allowed = allowed_numbers(item.agency)
    decided = {(f.source, f.value): f for f in item.privacy_findings.exclude(status=FindingStatus.OPEN)}
    item.privacy_findings.filter(status=FindingStatus.OPEN).delete()
    sources = [("正文", item.body)] + [(f"附件:{a.name}", a.text) for a in item.attachments.all()]
    found = []
    for source, text in sources:
        for hit in find_personal_data(text, allowed):
            if (source, hit.value) in decided:
                continue
            found.append(
                PrivacyFinding.objects.create(
                    item=item, source=source, kind=hit.kind.value, value=hit.value, context=hit.context[:300]
                )
            )
    return found


def mask_finding(finding: PrivacyFinding, user: AbstractBaseUser) -> Item:
    """Mask the value where it was found: in the body, or in the attachment's file itself (the text is
    taken out of the file, not covered; see redact.py). The attachment's original is kept, private."""
    item = finding.item
    _require(user, item.agency, EDITORS)
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("该处个人信息已经处理")
    masked = mask_value(Kind(finding.kind), finding.value)
    if finding.source == "正文":
        with transaction.atomic():
            item.body = item.body.replace(finding.value, masked)
            item.save(update_fields=["body", "updated_at"])
            _masked(finding, user, masked, "")
        return item
    attachment = _attachment_of(finding)
    if item.state != ItemState.DRAFT:
        raise ValidationError("只有草稿可以修改附件;已发布的信息请撤回后修改")
    # The file is parsed outside any transaction (xxgk.untrusted), then stored with the record.
    from django.core.files.base import ContentFile

    from xxgk.publishing.redact import redact

    with attachment.file.open("rb") as stream:
        data = stream.read()
    try:
        done = redact(data, attachment.name, finding.value, masked)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        suffix = PurePath(attachment.name).suffix.lower()
        if not attachment.original:
            attachment.original.name = attachment.file.name  # the upload itself, never rewritten
        else:
            attachment.file.delete(save=False)  # an earlier masked copy: the original stays
        attachment.file.save(f"{item.pk}-masked-{len(done.data)}{suffix}", ContentFile(done.data), save=False)
        attachment.size = len(done.data)
        attachment.text = attachment.text.replace(finding.value, masked)
        attachment.save(update_fields=["file", "original", "size", "text"])
        _masked(finding, user, masked, f"(附件“{attachment.name}”中{done.places}处)")
    return item


def may_see_original(user: AbstractBaseUser, item: Item) -> bool:
    return has_role(user, item.agency, *EDITORS, *REVIEWERS)


def _attachment_of(finding: PrivacyFinding) -> Any:
    name = finding.source.removeprefix("附件:")
    candidates = [a for a in finding.item.attachments.filter(name=name) if finding.value in a.text]
    if not candidates:
        raise ValidationError(f"找不到附件“{name}”,请刷新页面")
    return candidates[0]


def _masked(finding: PrivacyFinding, user: AbstractBaseUser, masked: str, where: str) -> None:
    item = finding.item
    # The same value found again in the same place is the same finding: masked once for all.
    same = item.privacy_findings.filter(source=finding.source, value=finding.value, status=FindingStatus.OPEN)
    for each in same:
        each.status, each.decided_by = FindingStatus.MASKED, user  # type: ignore[assignment]
        each.context = each.context.replace(each.value, masked)
        each.save()
    _version(item, user, f"遮盖{Kind(finding.kind).label}")
    _event(item, "mask", user, f"{Kind(finding.kind).label}:{masked}{where}")


@transaction.atomic
def waive_finding(finding: PrivacyFinding, user: AbstractBaseUser, reason: str) -> None:
    _require(user, finding.item.agency, REVIEWERS)
    if not reason.strip():
        raise ValidationError("请说明该信息可以公开的理由(如:经本人同意、依法应当公开)")
    finding.status, finding.reason, finding.decided_by = FindingStatus.WAIVED, reason.strip(), user  # type: ignore[assignment]
    finding.save()
    _event(finding.item, "waive", user, f"{Kind(finding.kind).label}:{reason.strip()}")


@transaction.atomic
def confirm_secrecy(item: Item, user: AbstractBaseUser) -> Item:
    """保密审查: “上网信息不涉密,涉密信息不上网”."""
    _require(user, item.agency, (*REVIEWERS, Role.CLERK))
    item.secrecy_checked_by, item.secrecy_checked_at = user, timezone.now()  # type: ignore[assignment]
    item.save(update_fields=["secrecy_checked_by", "secrecy_checked_at", "updated_at"])
    _event(item, "secrecy", user, "保密审查:不涉密")
    return item


@transaction.atomic
def submit(item: Item, user: AbstractBaseUser) -> Item:
    """提交审核: the draft is ready; it joins the reviewers' 待审核 list."""
    _require(user, item.agency, EDITORS)
    if item.state != ItemState.DRAFT:
        raise ValidationError("只有草稿可以提交审核")
    if item.submitted_at is not None:
        raise ValidationError(
            f"已于{timezone.localtime(item.submitted_at):%Y-%m-%d %H:%M}提交审核,请等待审核"
        )
    item.submitted_at, item.submitted_by = timezone.now(), user  # type: ignore[assignment]
    item.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    _event(item, "submit", user, "")
    return item


@transaction.atomic
def return_to_clerk(item: Item, user: AbstractBaseUser, reason: str) -> Item:
    """退回修改: the reviewer sends a submitted draft back, saying what to change."""
    _require(user, item.agency, REVIEWERS)
    if item.state != ItemState.DRAFT or item.submitted_at is None:
        raise ValidationError("只有已提交审核的草稿可以退回")
    if not reason.strip():
        raise ValidationError("请写明退回的原因和需要修改的地方")
    item.submitted_at, item.submitted_by = None, None
    item.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    _event(item, "return", user, reason.strip())
    return item


def approval_blocker(item: Item, *, no_interpretation_reason: str = "", secrecy: bool = True) -> str:
    """Why `item` cannot be approved now ("" when it can): the one list of conditions, for the
    approval itself and for the desk, which offers for bulk approval only the rows that can take it.
    `secrecy=False` leaves out 保密审查 (the bulk step lets the reviewer confirm it for the rows)."""
    if item.state != ItemState.DRAFT:
        return "只有草稿可以审核"
    if item.submitted_at is None:
        return "信息员尚未提交审核,不能审核通过"
    if secrecy and item.secrecy_checked_at is None:
        return "尚未进行保密审查,不能审核通过"
    unread = item.attachments.exclude(text_state="done").first()
    if unread is not None:
        if unread.text_state == "pending":
            return f"附件“{unread.name}”的文字正在提取,提取并检查个人信息后才能审核,请稍后刷新"
        return f"附件“{unread.name}”{unread.text_error or '无法读取'};请删除后重新上传可读取的文件"
    unchecked = next((a for a in item.attachments.all() if a.awaits_manual_check), None)
    if unchecked is not None:
        return (
            f"附件“{unchecked.name}”未能自动检查个人信息({unchecked.unchecked}),"
            "请审核人打开附件人工核对,确认后才能审核通过"
        )
    open_findings = item.privacy_findings.filter(status=FindingStatus.OPEN).count()
    if open_findings:
        return f"还有{open_findings}处个人信息未遮盖或未说明可公开的理由"
    if item.genre.role == GenreRole.INTERPRETATION:
        lacking = missing_carrier(item.interpretation_form, [a.name for a in item.attachments.all()])
        if lacking:
            return f"{lacking},上传后才能审核通过"
    normative = item.genre.role == GenreRole.NORMATIVE
    if normative and not no_interpretation_reason.strip() and not item.interpretations.exists():
        return "规范性文件应同步发布政策解读;没有解读的,请审核人说明理由"
    return ""


@transaction.atomic
def approve(
    item: Item, user: AbstractBaseUser, *, no_interpretation_reason: str = "", with_secrecy: bool = False
) -> Item:
    """审核通过. `with_secrecy`: the reviewer confirms 保密审查 with the approval (the bulk step)."""
    _require(user, item.agency, REVIEWERS)
    why = approval_blocker(item, no_interpretation_reason=no_interpretation_reason, secrecy=not with_secrecy)
    if why:
        raise ValidationError(why)
    if item.secrecy_checked_at is None:
        confirm_secrecy(item, user)
    if item.genre.role == GenreRole.NORMATIVE and not item.interpretations.exists():
        item.no_interpretation_reason = no_interpretation_reason.strip()
    item.state, item.approved_by = ItemState.APPROVED, user  # type: ignore[assignment]
    item.save()
    _event(item, "approve", user, item.no_interpretation_reason)
    return item


@transaction.atomic
def publish(item: Item, user: AbstractBaseUser, on_date: date | None = None) -> Item:
    """Publish an approved item; a normative document's approved interpretations go out with it (同步)."""
    _require(user, item.agency, EDITORS)
    if item.state != ItemState.APPROVED:
        raise ValidationError("只有审核通过的信息可以发布")
    if (
        item.genre.role == GenreRole.INTERPRETATION
        and item.interpretation_of
        and item.interpretation_of.state != ItemState.PUBLISHED
    ):
        raise ValidationError("政策解读应与所解读的文件同步发布:请发布该文件")
    on_date = on_date or timezone.localdate()
    batch = [item]
    if item.genre.role == GenreRole.NORMATIVE:
        waiting = list(item.interpretations.filter(state=ItemState.APPROVED))
        if item.interpretations.exclude(state__in=[ItemState.APPROVED, ItemState.PUBLISHED]).exists():
            raise ValidationError("该文件的政策解读尚未审核通过,应同步发布")
        batch += waiting
    for one in batch:
        one.state, one.published = ItemState.PUBLISHED, on_date
        one.save()
        _version(one, user, "发布")
        _event(one, "publish", user)
        search.index(one)
    return item


@transaction.atomic
def withdraw(item: Item, user: AbstractBaseUser, reason: str) -> Item:
    _require(user, item.agency, REVIEWERS)
    if item.state != ItemState.PUBLISHED:
        raise ValidationError("只有已发布的信息可以撤回")
    if not reason.strip():
        raise ValidationError("请填写撤回理由")
    item.state, item.withdrawn_reason = ItemState.WITHDRAWN, reason.strip()
    item.save()
    _version(item, user, "撤回")
    _event(item, "withdraw", user, reason.strip())
    search.unindex(item)
    return item


@transaction.atomic
def set_validity(item: Item, user: AbstractBaseUser, validity: str, on_date: date | None = None) -> Item:
    """现行有效 → 已废止 / 已修改, for the normative documents register."""
    _require(user, item.agency, EDITORS)
    if item.genre.role not in (GenreRole.NORMATIVE, GenreRole.RULES):
        raise ValidationError("只有规章和规范性文件有有效性")
    item.validity = Validity(validity)
    item.repealed_on = on_date if validity == Validity.REPEALED else None
    item.save()
    _version(item, user, f"有效性:{item.get_validity_display()}")
    _event(item, "validity", user, item.get_validity_display())
    return item


@dataclass(frozen=True)
class PublicationDue:
    """When an unpublished item must be out (Art. 26 or its category's limit), and how near that is."""

    due: date | None  # None: the stored 成文日期 is not a sane date (rules/dates.py)
    left: int | None  # working days from today; negative when late
    note: str = ""  # the provisional basis, or why there is no date

    @property
    def css(self) -> str:
        if self.left is None:
            return ""
        return "overdue" if self.left < 0 else "due_soon" if self.left <= 5 else ""

    def describe(self) -> str:
        if self.due is None:
            return self.note
        mark = "(暂定)" if self.note else ""
        late = "(已超期)" if self.left is not None and self.left < 0 else ""
        return f"应于{self.due:%Y-%m-%d}{mark}前公开{late}"


def publication_due(item: Item, today: date, calendar: WorkingDayCalendar | None = None) -> PublicationDue:
    """`calendar`: pass one for many items, so the overrides are read once."""
    if not dates.is_sane(item.formed, today):
        return PublicationDue(None, None, f"成文日期{item.formed:%Y-%m-%d}异常,无法计算公开时限")
    calendar = calendar or current_calendar()
    due = publication_deadline(calendar, item.formed, item.genre.time_limit)
    return PublicationDue(due, calendar.days_left(today, due), calendar.provisional_note(item.formed, due))


ATTACHMENT_TYPES = (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", ".mp3", ".m4a", ".mp4")


def add_attachment(item: Item, user: AbstractBaseUser, name: str, data: bytes) -> Any:
    """Attach a file; its text joins the personal-data check. What can be checked without parsing
    is checked here; the worker takes the text (publishing.tasks) with the parser's limits, outside
    any transaction, and then checks it. Until then the item cannot be approved."""
    from django.core.files.base import ContentFile

    from xxgk.background import queue
    from xxgk.publishing.extract import check_attachment
    from xxgk.publishing.models import ItemAttachment, TextState

    _require(user, item.agency, EDITORS)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(f"附件只能是 PDF、DOCX、XLSX、图片或音频视频,不能是“{suffix or '无扩展名'}”")
    try:
        check_attachment(data, name)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        attachment = ItemAttachment(item=item, name=name[:255], size=len(data), text_state=TextState.PENDING)
        attachment.file.save(f"{item.pk}-{len(data)}{suffix}", ContentFile(data), save=False)
        attachment.save()
        _event(item, "attach", user, name)
        # A row of this database: the task commits with the file, or neither does.
        queue.enqueue("publishing.extract_attachment", attachment.pk)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Any, user: AbstractBaseUser) -> None:
    """Take an attachment off a draft (one that cannot be read, or the wrong file)."""
    item = attachment.item
    _require(user, item.agency, EDITORS)
    if item.state != ItemState.DRAFT:
        raise ValidationError("只有草稿可以删除附件;已发布的信息请撤回后修改")
    name = attachment.name
    attachment.file.delete(save=False)
    if attachment.original:
        attachment.original.delete(save=False)
    attachment.delete()
    item.privacy_findings.filter(source=f"附件:{name}").delete()
    _event(item, "detach", user, name)


def take_attachment_text(attachment_id: int) -> None:
    """The worker's part of add_attachment: read the file's text, then check the item again."""
    from xxgk.publishing.extract import attachment_text
    from xxgk.publishing.models import ItemAttachment, TextState

    attachment = ItemAttachment.objects.select_related("item").filter(pk=attachment_id).first()
    if attachment is None or attachment.text_state != TextState.PENDING:
        return  # deleted meanwhile, or done by an earlier run
    with attachment.file.open("rb") as stream:
        data = stream.read()
    try:
        (text, unread), error = attachment_text(data, attachment.name), ""
    except ValueError as exc:
        text, unread, error = "", "", str(exc)
    with transaction.atomic():
        attachment.text, attachment.text_error, attachment.unchecked = text, error, unread[:300]
        attachment.text_state = TextState.FAILED if error else TextState.DONE
        attachment.save(update_fields=["text", "text_error", "text_state", "unchecked"])
        check_privacy(attachment.item)
        if unread:
            _event(attachment.item, "unchecked", None, f"{attachment.name}:{unread},须审核人人工核对")


@transaction.atomic
def confirm_checked(item: Item, attachment_id: int, user: AbstractBaseUser) -> Item:
    """A reviewer looked at an attachment OCR could not read and found no personal data to hide."""
    _require(user, item.agency, REVIEWERS)
    attachment = item.attachments.select_for_update().filter(pk=attachment_id).first()
    if attachment is None or not attachment.unchecked:
        raise ValidationError("该附件不需要人工核对")
    if attachment.checked_at is None:
        attachment.checked_by, attachment.checked_at = user, timezone.now()  # type: ignore[assignment]
        attachment.save(update_fields=["checked_by", "checked_at"])
        _event(item, "checked", user, f"{attachment.name}:已人工核对,未发现需遮盖的个人信息")
    return item


# --- federation: items published on another platform ------------------------------------------------

MIRRORED = ("title", "publisher", "doc_number", "formed", "published", "validity", "body")


@transaction.atomic
def mirror_item(agency: Agency, fields: dict[str, Any], source_url: str) -> str:
    """An item the agency published on its own platform, kept here as published there (xxgk sync):
    'created', 'updated', 'unchanged', or 'conflict' when this platform has its own item with that 索引号.
    `fields` holds MIRRORED plus index_no and the categories' names."""
    if not source_url:
        raise ValueError("同步的信息须有来源地址:没有它就与本平台自己的信息无法区分")
    found = Item.objects.select_for_update().filter(index_no=fields["index_no"]).first()
    if found is not None and (found.agency_id != agency.pk or not found.source_url):
        return "conflict"  # never overwrite what was written here
    genre, _ = Category.objects.get_or_create(agency=agency, kind=CategoryKind.GENRE, name=fields["genre"])
    theme = None
    if fields.get("theme"):
        theme, _ = Category.objects.get_or_create(
            agency=agency, kind=CategoryKind.THEME, name=fields["theme"]
        )
    values = {k: fields[k] for k in MIRRORED} | {"genre": genre, "theme": theme, "source_url": source_url}
    values["state"], values["withdrawn_reason"] = ItemState.PUBLISHED, ""
    if found is None:
        item = Item(agency=agency, index_no=fields["index_no"], **values)
        item.full_clean()
        item.save()
        outcome = "created"
    else:
        if all(getattr(found, k) == v for k, v in values.items()):
            return "unchanged"
        for key, value in values.items():
            setattr(found, key, value)
        found.full_clean()
        found.save()
        item, outcome = found, "updated"
    _version(item, None, "同步")
    _event(item, "sync", None, source_url)
    search.index(item)
    return outcome


@transaction.atomic
def mirror_withdrawn(item: Item, reason: str) -> None:
    """A mirrored item no longer published at its source."""
    item.state, item.withdrawn_reason = ItemState.WITHDRAWN, reason
    item.save()
    _version(item, None, "撤回")
    _event(item, "withdraw", None, reason)
    search.unindex(item)


# --- 依申请公开转主动公开 (Art. 44) ----------------------------------------------------------------

# 《条例》第四十四条: information given out on application that is of wide interest, or asked for by
# several applicants, may be made public proactively. What was given out: 予以公开 and 部分公开 (of a
# partial answer only the part given out). granted_published was public already (Art. 36(一)).
TO_PROACTIVE_RESULTS = ("granted", "partial")
APPLICANT_HIDDEN = "(申请人信息已隐去)"
# Where an item made from a case keeps the case's number: a column of the 台账 like any other of
# Item.extra, so the link survives an export and an import.
SOURCE_APPLICATION = "来源申请编号"


def made_from(app: Any) -> Item | None:
    """The item made from the case (draft_from_application), if any."""
    found = Item.objects.filter(agency_id=app.agency_id, **{f"extra__{SOURCE_APPLICATION}": app.number})
    return found.first()


def _without_applicant(app: Any, text: str) -> str:
    """The text with the applicant's own data taken out: their name, contact, numbers and address,
    and the answer letter's salutation line (addressed to them). The privacy check that follows
    (check_privacy) flags whatever personal data is left for the reviewer."""
    lines = [
        line for line in text.splitlines() if not (app.applicant_name and line.startswith(app.applicant_name))
    ]
    out = "\n".join(lines)
    for value in (
        app.applicant_name,
        app.contact_person,
        app.id_number,
        app.org_code,
        app.phone,
        app.email,
        app.address,
    ):
        if value and len(value.strip()) >= 2:
            out = out.replace(value.strip(), APPLICANT_HIDDEN)
    return out.strip()


@transaction.atomic
def draft_from_application(
    app: Any, user: AbstractBaseUser, genre: Category, theme: Category | None = None
) -> Item:
    """One step from an answered case to a draft 主动公开 item for review (《条例》第四十四条): the
    information asked for and the answer, without the applicant's data; it goes through 审核, 保密审查
    and the privacy check like any draft. A case gives one draft."""
    _require(user, app.agency, EDITORS)
    if app.result not in TO_PROACTIVE_RESULTS or app.answered is None:
        raise ValidationError("只有已答复“予以公开”或“部分公开”的申请可以转为主动公开(《条例》第四十四条)")
    if genre.agency_id != app.agency_id or (theme is not None and theme.agency_id != app.agency_id):
        raise ValidationError("请选择本机关的体裁和主题分类")
    made = made_from(app)
    if made is not None:
        raise ValidationError(f"该申请已转为主动公开信息草稿(索引号 {made.index_no})")
    sought = _without_applicant(app, app.sought)
    first_line = (
        next((line.strip() for line in sought.splitlines() if line.strip()), "") or "依申请公开的政府信息"
    )
    body = f"申请公开的政府信息:{sought}"
    answer = _without_applicant(app, app.answer_text)
    if answer:
        body += f"\n\n答复内容:\n{answer}"
    item = create_item(
        app.agency,
        user,
        {
            "title": first_line[:120],
            "publisher": app.agency.name,
            "formed": app.answered,
            "genre": genre,
            "theme": theme,
            "body": body,
        },
    )
    item.extra = {**(item.extra or {}), SOURCE_APPLICATION: app.number}
    item.save(update_fields=["extra"])
    _event(item, "from_application", user, f"依申请公开转主动公开(申请编号 {app.number},《条例》第四十四条)")
    return item
