"""依申请公开台账 (ledgers.md): import all-or-nothing and idempotently, keyed by 编号; export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import has_role
from xxgk.applications.models import Appeal, Application, Channel, Event
from xxgk.applications.services import _tracking_number
from xxgk.ledgers import LedgerError, as_json, changed_keys, parse_date, read_table, write_table
from xxgk.rules.applications import State
from xxgk.rules.formats import APPLICANT_COLUMNS
from xxgk.security.models import SecurityKind
from xxgk.security.services import record

# One column set for export and import: what is exported imports unchanged (README, 台账).
HEADERS = [
    "编号", "申请人类型", "申请人", "申请方式", "收到日期", "申请内容", "办理状态", "补正告知日期",
    "补正期限", "补正收到日期", "征求意见天数", "延期", "答复日期", "办理结果", "复议结果", "复议结果日期",
    "诉讼类型", "诉讼结果", "诉讼结果日期",
]  # fmt: skip
REQUIRED = ("编号", "申请人类型", "收到日期")
KINDS = {c.label: c.code for c in APPLICANT_COLUMNS if c.code != "total"}
# 挂号信 and 平信 are kept apart: Art. 31(二) dates the receipt differently for each.
CHANNELS = {
    "当面": Channel.IN_PERSON, "挂号信": Channel.MAIL_REGISTERED, "邮寄": Channel.MAIL_REGISTERED,
    "平信": Channel.MAIL_ORDINARY, "网上": Channel.ONLINE, "传真": Channel.FAX, "电子邮件": Channel.EMAIL,
    "其他": Channel.OTHER, "": Channel.OTHER,
}  # fmt: skip
CHANNEL_LABELS = {code: label for label, code in reversed(CHANNELS.items()) if label}
STATES = {state.label: state for state in State}
IMPORTED_NAME = "(台账导入)"
MAX_EXTENSION = 20  # Art. 33(2): 延长的期限最长不得超过20个工作日
RESULTS = {
    "予以公开": "granted", "部分公开": "partial",
    "不予公开-国家秘密": "withheld_secret", "不予公开-法律行政法规禁止": "withheld_law",
    "不予公开-三安全一稳定": "withheld_safety", "不予公开-第三方合法权益": "withheld_third_party",
    "不予公开-内部事务": "withheld_internal", "不予公开-过程性信息": "withheld_process",
    "不予公开-行政执法案卷": "withheld_enforcement", "不予公开-行政查询事项": "withheld_query",
    "无法提供-不掌握": "unable_not_held", "无法提供-需另行制作": "unable_to_create",
    "无法提供-补正后仍不明确": "unable_unclear",
    "不予处理-信访举报投诉": "rejected_petition", "不予处理-重复申请": "rejected_repeat",
    "不予处理-公开出版物": "rejected_publication", "不予处理-大量反复申请": "rejected_abusive",
    "不予处理-确认或重新出具": "rejected_confirm",
    "其他处理-逾期不补正": "other_no_correction", "其他处理-逾期未缴费": "other_no_fee",
    "其他处理": "other_misc",
    # Art. 36(一) and 36(五) answers: counted in their rows, worded apart in the letter.
    "予以公开-已主动公开": "granted_published", "无法提供-不属于本机关负责公开": "unable_not_ours",
}  # fmt: skip
RESULT_LABELS = {code: label for label, code in RESULTS.items()}
OUTCOMES = {"维持": "upheld", "纠正": "corrected", "其他": "other", "未审结": ""}
OUTCOME_LABELS = {"upheld": "维持", "corrected": "纠正", "other": "其他", "": "未审结"}
SUITS = {"直接起诉": "suit_direct", "复议后起诉": "suit_after_review"}


def _result(text: str) -> str | None:
    """The short forms of ledgers.md, and the full row labels of section 三 too."""
    import re

    key = re.sub(r"[\s()()“”\"、.:0-9]", "", text)
    for label, code in RESULTS.items():
        if key == label.replace("-", "") or key == label:
            return code
    from xxgk.rules.applications import result_codes, result_label

    for code in result_codes():
        if key == re.sub(r"[\s()()“”\"、.:0-9一二三四五六七]", "", result_label(code)):
            return code
    return None


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"新增{self.created}件,更新{self.updated}件,未变{self.unchanged}件"


def _parse_row(number: int, cells: dict[str, Any], problems: list[str]) -> dict[str, Any] | None:
    def bad(column: str, why: str) -> None:
        problems.append(f"第{number}行“{column}”列:{why}")

    before = len(problems)
    values: dict[str, Any] = {}
    values["number"] = str(cells.get("编号", "")).strip()
    if not values["number"]:
        bad("编号", "不能为空")
    kind = str(cells.get("申请人类型", "")).strip()
    if kind not in KINDS:
        bad("申请人类型", f"“{kind}”不是" + "、".join(KINDS) + "之一")
    values["applicant_kind"] = KINDS.get(kind, "")
    values["applicant_name"] = str(cells.get("申请人", "") or "").strip()[:200] or IMPORTED_NAME
    channel = str(cells.get("申请方式", "") or "").strip()
    if channel not in CHANNELS:
        bad("申请方式", f"“{channel}”不是" + "、".join(k for k in CHANNELS if k) + "之一")
    values["channel"] = CHANNELS.get(channel, Channel.OTHER)
    for column, field in (("收到日期", "received"), ("补正告知日期", "correction_notice_date"),
                          ("补正期限", "correction_due"),
                          ("补正收到日期", "corrected_received"), ("答复日期", "answered"),
                          ("复议结果日期", "review_date"), ("诉讼结果日期", "suit_date")):  # fmt: skip
        try:
            values[field] = parse_date(cells.get(column))
        except ValueError as exc:
            bad(column, str(exc))
    state_text = str(cells.get("办理状态", "") or "").strip()
    if state_text and state_text not in STATES:
        bad("办理状态", f"“{state_text}”不是" + "、".join(STATES) + "之一")
    # Without the column a row is pending or, once answered, closed (the ledgers of paper-era work).
    state = STATES.get(state_text) or (State.CLOSED if values.get("answered") else State.RECEIVED)
    values["state"] = state
    if not cells.get("收到日期") and "收到日期" in cells and state != State.SUBMITTED:
        bad("收到日期", "不能为空(只有“待确认收到”的申请可以没有收到日期)")
    answered_states = (State.ANSWERED, State.CLOSED)
    if state_text and values.get("answered") and state not in answered_states:
        bad("办理状态", f"有答复日期的申请应为“{State.ANSWERED.label}”或“{State.CLOSED.label}”")
    if state_text and not values.get("answered") and state in answered_states:
        bad("答复日期", f"“{state_text}”的申请必须填写答复日期")
    if state == State.CORRECTION and not values.get("correction_notice_date"):
        bad("补正告知日期", f"“{state_text}”的申请必须填写补正告知日期")
    days = str(cells.get("征求意见天数", "") or "0").strip()
    if not (days.isascii() and days.isdigit()):
        bad("征求意见天数", f"“{days}”应为工作日天数(非负整数)")
    values["paused_days"] = int(days) if days.isascii() and days.isdigit() else 0
    extension = str(cells.get("延期", "") or "否").strip()
    days_given = extension.isascii() and extension.isdigit() and int(extension) <= MAX_EXTENSION
    if extension not in ("是", "否") and not days_given:
        bad("延期", f"“{extension}”应为“是”“否”或延长的工作日数(不超过{MAX_EXTENSION})")
    values["extension_days"] = MAX_EXTENSION if extension == "是" else int(extension) if days_given else 0
    result_text = str(cells.get("办理结果", "") or "").strip()
    values["result"] = ""
    if result_text:
        code = _result(result_text)
        if code is None:
            bad("办理结果", f"“{result_text}”不是第三部分的办理结果类型")
        values["result"] = code or ""
    if values.get("answered") and not result_text:
        bad("办理结果", "有答复日期时必须填写办理结果")
    # A drafted answer has its result before it has a date (答复待审核, 答复已审核).
    if result_text and not values.get("answered") and state not in (State.DRAFTED, State.REVIEWED):
        bad("答复日期", "有办理结果时必须填写答复日期")
    received, answered = values.get("received"), values.get("answered")
    if received and answered and answered < received:
        bad("答复日期", f"早于收到日期 {received:%Y-%m-%d}")
    appeals = []
    review = str(cells.get("复议结果", "") or "").strip()
    if review:
        if review not in OUTCOMES:
            bad("复议结果", f"“{review}”应为维持、纠正、其他或未审结")
        appeals.append(("review", OUTCOMES.get(review, ""), values.get("review_date")))
    suit = str(cells.get("诉讼类型", "") or "").strip()
    if suit:
        if suit not in SUITS:
            bad("诉讼类型", f"“{suit}”应为直接起诉或复议后起诉")
        outcome = str(cells.get("诉讼结果", "") or "未审结").strip()
        if outcome not in OUTCOMES:
            bad("诉讼结果", f"“{outcome}”应为维持、纠正、其他或未审结")
        appeals.append((SUITS.get(suit, "suit_direct"), OUTCOMES.get(outcome, ""), values.get("suit_date")))
    for kind_code, outcome, decided in appeals:
        if outcome and not decided:
            bad("复议结果日期" if kind_code == "review" else "诉讼结果日期", "有结果时必须填写结果日期")
    values["appeals"] = appeals
    values["sought"] = str(cells.get("申请内容", "") or "")
    values["extra"] = {k: str(v) for k, v in cells.items() if k not in HEADERS and v not in (None, "")}
    return values if len(problems) == before else None


FIELDS = ("applicant_kind", "applicant_name", "channel", "received", "state", "correction_notice_date",
          "correction_due", "corrected_received", "answered", "paused_days", "extension_days", "result",
          "sought", "extra")  # fmt: skip


# A column left out of the file leaves that field of an existing case as it is.
KEPT_WHEN_ABSENT = {"applicant_name": "申请人", "correction_due": "补正期限"}


def import_applications(
    agency: Agency, data: bytes, name: str, user: AbstractBaseUser | None = None
) -> ImportSummary:
    headers, rows = read_table(data, name)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise LedgerError([f"缺少必填列“{h}”" for h in missing])
    problems: list[str] = []
    parsed = [(n, _parse_row(n, cells, problems)) for n, cells in rows]
    seen: dict[str, int] = {}
    for n, values in parsed:
        if values is None:
            continue
        if values["number"] in seen:
            problems.append(f"第{n}行“编号”列:“{values['number']}”与第{seen[values['number']]}行重复")
        seen[values["number"]] = n
    if problems:
        raise LedgerError(problems)
    if user is not None and not has_role(user, agency, Role.CLERK, Role.HEAD, Role.ADMIN):
        raise PermissionDenied(f"只有“{agency.name}”的信息员、负责人或管理员可以导入其台账")
    summary = ImportSummary()
    absent = [field for field, column in KEPT_WHEN_ABSENT.items() if column not in headers]
    with transaction.atomic():
        existing = {
            a.number: a
            for a in Application.objects.filter(agency=agency, number__in=list(seen)).prefetch_related(
                "appeals"
            )
        }
        # A case handled in the system (intake, steps, review, answer) is changed only through those
        # steps: a ledger row would rewrite its history without review. Its own row, exported and
        # imported unchanged, changes nothing and is accepted.
        handled = set(
            Event.objects.filter(application__in=existing.values())
            .exclude(action="import")
            .values_list("application__number", flat=True)
        )
        plans = []
        refused = []
        for n, values in parsed:
            assert values is not None
            app = existing.get(values["number"])
            before: dict[str, Any] = {}
            if app is not None:
                for field in absent:
                    values[field] = getattr(app, field)
                before = {f: getattr(app, f) for f in FIELDS}
                before |= {f"appeal:{a.kind}": [a.outcome, a.decided] for a in app.appeals.all()}
            after = {f: values[f] for f in FIELDS}
            after |= {f"appeal:{kind}": [outcome, decided] for kind, outcome, decided in values["appeals"]}
            # Appeals are added or updated by a ledger, never removed by leaving them out.
            changed = changed_keys(before, after)
            if values["number"] in handled and changed:
                refused.append(
                    f"第{n}行“编号”列:“{values['number']}”是在本系统中办理的申请,台账导入不能修改"
                    f"(与系统中不同的是:{'、'.join(sorted(_COLUMN_OF.get(k, k) for k in changed))}),"
                    "请在“申请办理”中办理"
                )
            plans.append((app, values, before, after, changed))
        if refused:
            raise LedgerError(refused)
        taken: set[str] = set()
        for app, values, before, after, changed in plans:
            if app is None:
                app = Application(
                    agency=agency, number=values["number"], tracking_number=_tracking_number(taken)
                )
                summary.created += 1
            else:
                summary.updated += bool(changed)
                summary.unchanged += not changed
            if not changed:
                continue
            for field in FIELDS:
                setattr(app, field, values[field])
            app.save()
            by = user if user is not None and user.pk else None
            # Every change keeps what was there before and what the ledger put in its place.
            data = {
                "before": {k: as_json(before.get(k)) for k in changed} if before else {},
                "after": {k: as_json(after[k]) for k in changed},
            }
            Event.objects.create(
                application=app,
                action="import",
                from_state=before.get("state", ""),
                to_state=app.state,
                by=by,
                note=f"台账导入:{name}",
                data=data,
            )
            for kind, outcome, decided in values["appeals"]:
                Appeal.objects.update_or_create(
                    application=app,
                    kind=kind,
                    defaults={"outcome": outcome, "decided": decided, "filed": _filed(values)},
                )
        record(SecurityKind.IMPORT, user=user, agency=agency, detail=f"依申请公开台账 {name}:{summary}")
    return summary


_COLUMN_OF = {
    "applicant_kind": "申请人类型", "applicant_name": "申请人", "channel": "申请方式", "received": "收到日期",
    "state": "办理状态", "correction_notice_date": "补正告知日期", "correction_due": "补正期限",
    "corrected_received": "补正收到日期", "answered": "答复日期", "paused_days": "征求意见天数",
    "extension_days": "延期", "result": "办理结果", "sought": "申请内容", "extra": "其他列",
    "appeal:review": "复议结果", "appeal:suit_direct": "诉讼结果", "appeal:suit_after_review": "诉讼结果",
}  # fmt: skip


def _filed(values: dict[str, Any]) -> date:
    # The ledger has no filing date: an appeal cannot predate the answer it contests.
    return values["answered"] or values["received"]


def export_applications(agency: Agency, name: str) -> bytes:
    kind_labels = {code: label for label, code in KINDS.items()}
    apps = list(Application.objects.filter(agency=agency).prefetch_related("appeals").order_by("number"))
    extras = sorted({key for app in apps for key in app.extra})  # the agency's own columns go back out
    rows = []
    for app in apps:
        review = next((a for a in app.appeals.all() if a.kind == "review"), None)
        suit = next((a for a in app.appeals.all() if a.kind != "review"), None)
        extension = (
            "否"
            if not app.extension_days
            else "是"
            if app.extension_days == MAX_EXTENSION
            else app.extension_days
        )
        rows.append([
            app.number, kind_labels.get(app.applicant_kind, ""), app.applicant_name,
            CHANNEL_LABELS.get(app.channel, "其他"), app.received, app.sought, State(app.state).label,
            app.correction_notice_date, app.correction_due, app.corrected_received, app.paused_days,
            extension, app.answered, RESULT_LABELS.get(app.result, ""),
            OUTCOME_LABELS[review.outcome] if review else "", review.decided if review else None,
            {"suit_direct": "直接起诉", "suit_after_review": "复议后起诉"}[suit.kind] if suit else "",
            OUTCOME_LABELS[suit.outcome] if suit else "", suit.decided if suit else None,
            *(app.extra.get(key, "") for key in extras),
        ])  # fmt: skip
    record(SecurityKind.EXPORT, agency=agency, detail=f"导出依申请公开台账{len(rows)}件({name})")
    return write_table(HEADERS + extras, rows, name)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_exports() -> None:
    """The ledger as a background export (a busy agency's ledger holds thousands of cases)."""
    from django.shortcuts import get_object_or_404

    from xxgk.agencies.selectors import member_agencies
    from xxgk.background.exports import ExportKind, register

    register(
        "applications_ledger",
        ExportKind(
            label="依申请公开台账",
            target=lambda user, pk: get_object_or_404(member_agencies(user), pk=pk),
            build=lambda agency: (
                export_applications(agency, "ledger.xlsx"),
                f"applications-{agency.code}.xlsx",
                XLSX,
            ),
            title=lambda agency: f"{agency.name}依申请公开台账",
        ),
    )
