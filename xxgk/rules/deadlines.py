"""Statutory time limits, in working days, of the 2019 《政府信息公开条例》."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from xxgk.rules.workdays import WorkingDayCalendar

ANSWER_DAYS = 20  # Art. 33: answer within 20 wd of receipt
MAX_EXTENSION_DAYS = 20  # Art. 33: extension of at most 20 wd, approved by the office head
CORRECTION_NOTICE_DAYS = 7  # Art. 30: one-time 补正告知 within 7 wd of receipt
THIRD_PARTY_DAYS = 15  # Art. 32: the third party answers within 15 wd
OTHER_AGENCY_DAYS = 15  # Art. 34: the agency consulted answers within 15 wd; silence is consent
PUBLISH_DAYS = 20  # Art. 26: publish within 20 wd of forming or change


class PauseKind(StrEnum):
    CONSULTATION = "consultation"  # 征求第三方或其他机关意见 (Art. 32), not counted
    FEE = "fee"  # 收费通知至缴费 (国办函〔2020〕109号), not counted


@dataclass(frozen=True)
class Pause:
    """A stretch not counted in the answer period: working days in (start, end]."""

    kind: PauseKind
    start: date
    end: date | None = None  # None: still running

    def working_days(self, calendar: WorkingDayCalendar, today: date | None = None) -> int:
        end = self.end or today
        if end is None:
            raise ValueError("未结束的中止期需要给出当前日期")
        return calendar.count(self.start, end)


@dataclass(frozen=True)
class AnswerDeadline:
    """The answer deadline of an application and how it was reached."""

    start: date  # receipt, or receipt of the corrected application
    base_days: int
    extension_days: int
    paused_days: int
    due: date
    running_pause: PauseKind | None = None  # the clock is stopped while this runs
    restarted: bool = False  # the period restarted after 补正
    delayed: bool = False  # Art. 35: a later, reasonable date was set and notified
    # Counted through a year whose holiday notice is not loaded (rules/workdays.py): what is shown or
    # printed of `due` says so, and it is computed again when the notice is loaded.
    provisional_note: str = ""

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_note)

    @property
    def total_days(self) -> int:
        return self.base_days + self.extension_days + self.paused_days


def answer_deadline(
    calendar: WorkingDayCalendar,
    received: date,
    *,
    corrected_received: date | None = None,
    pauses: tuple[Pause, ...] = (),
    paused_working_days: int = 0,
    extension_days: int = 0,
    today: date | None = None,
    delayed_until: date | None = None,
) -> AnswerDeadline:
    """Art. 33 deadline: 20 wd from receipt (or from the corrected application's receipt, Art. 30),
    plus an approved extension (≤ 20 wd), plus every working day spent consulting (Art. 32) or
    waiting for a fee (国办函〔2020〕109号). `paused_working_days` is a count given directly (a
    ledger's 征求意见天数). A running pause is counted up to `today`. `delayed_until`: Art. 35's
    later date for requests plainly beyond a reasonable range, when later than the period."""
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"延期不得超过{MAX_EXTENSION_DAYS}个工作日")
    if paused_working_days < 0:
        raise ValueError("中止的工作日天数不能为负数")
    start = corrected_received or received
    if corrected_received is not None and corrected_received < received:
        raise ValueError("补正收到日期早于申请收到日期")
    paused = paused_working_days
    running: PauseKind | None = None
    for pause in pauses:
        if pause.end is None:
            running = pause.kind
        paused += pause.working_days(calendar, today)
    due = calendar.add(start, ANSWER_DAYS + extension_days + paused)
    delayed = delayed_until is not None and delayed_until > due
    if delayed_until is not None and delayed:
        due = delayed_until
    return AnswerDeadline(
        start=start,
        base_days=ANSWER_DAYS,
        extension_days=extension_days,
        paused_days=paused,
        due=due,
        running_pause=running,
        restarted=corrected_received is not None,
        delayed=delayed,
        provisional_note=calendar.provisional_note(received, due),
    )


# Art. 30 asks the notice to state "合理的补正期限" and fixes no number: 15 wd is this platform's
# default, which an agency may change (Agency.correction_days); it is not a statutory figure.
DEFAULT_CORRECTION_DAYS = 15


def correction_due(calendar: WorkingDayCalendar, notice_sent: date, days: int) -> date:
    """The last day to send the corrected application: `days` working days after the notice."""
    return calendar.add(notice_sent, days)


def correction_notice_deadline(calendar: WorkingDayCalendar, received: date) -> date:
    """Art. 30: the 补正告知 goes out within 7 wd of receipt."""
    return calendar.add(received, CORRECTION_NOTICE_DAYS)


def third_party_deadline(calendar: WorkingDayCalendar, letter_received: date) -> date:
    """Art. 32: the third party gives its opinion within 15 wd of receiving the letter."""
    return calendar.add(letter_received, THIRD_PARTY_DAYS)


def other_agency_deadline(calendar: WorkingDayCalendar, letter_received: date) -> date:
    """Art. 34: information made by or jointly with another agency — that agency answers within
    15 wd of receiving the letter; no answer in time counts as consent to disclose."""
    return calendar.add(letter_received, OTHER_AGENCY_DAYS)


class LimitKind(StrEnum):
    WORKING_DAYS = "working_days"
    QUARTER = "quarter"  # within the quarter the item was formed in (e.g. finance disclosure)


@dataclass(frozen=True)
class TimeLimit:
    """An agency's publication limit for a category. Art. 26: 20 wd from forming or change, "法律、
    法规对政府信息公开的期限另有规定的,从其规定" — so a longer period stands only with the law or
    regulation that sets it (`legal_basis`); without one, 20 wd is the maximum."""

    kind: LimitKind = LimitKind.WORKING_DAYS
    days: int = PUBLISH_DAYS
    label: str = field(default="", compare=False)
    legal_basis: str = ""  # the law or regulation that sets another period (从其规定)

    def describe(self) -> str:
        text = "当季度内公开" if self.kind is LimitKind.QUARTER else f"{self.days}个工作日内公开"
        return f"{text}(依据{self.legal_basis})" if self.legal_basis else text


def quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    next_first = date(day.year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(next_first.toordinal() - 1)


def publication_deadline(calendar: WorkingDayCalendar, formed: date, limit: TimeLimit) -> date:
    """The last day to publish an item formed (or changed) on `formed`, by its category's limit:
    never later than Art. 26's 20 working days, unless a law or regulation sets the period."""
    own = quarter_end(formed) if limit.kind is LimitKind.QUARTER else calendar.add(formed, limit.days)
    if limit.legal_basis:
        return own  # 从其规定: the other law's period, longer or shorter
    return min(own, calendar.add(formed, PUBLISH_DAYS))


class Art49Kind(StrEnum):
    """Whose annual report Art. 49 gives a date for."""

    GOVERNMENT = "government"  # 县级以上地方人民政府 (its own report): 3月31日
    DEPARTMENT = "department"  # 县级以上人民政府部门: 1月31日
    UNNAMED = "unnamed"  # 乡镇 and other bodies: the article names no date


def annual_report_due(
    year: int, kind: Art49Kind, set_by_superior: tuple[int, int] | None = None
) -> date | None:
    """Art. 49: a county-level or higher government department publishes its report on `year` by
    31 January of the next year; a county-level or higher local government its own by 31 March.
    For others (e.g. 乡镇) the article is silent: the date the superior office set (month, day), or
    None when it has set none — never an assumed 31 January."""
    if kind is Art49Kind.GOVERNMENT:
        return date(year + 1, 3, 31)
    if kind is Art49Kind.DEPARTMENT:
        return date(year + 1, 1, 31)
    if set_by_superior is None:
        return None
    month, day = set_by_superior
    try:
        return date(year + 1, month, day)
    except ValueError:  # 29 February in a common year
        return date(year + 1, month, day - 1)
