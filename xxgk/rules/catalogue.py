"""政务公开事项标准目录 (国办发〔2019〕54号, 基层政务公开标准化规范化): what a catalogue entry asks to be
published and when, and whether what was published covers it.

An entry names its 公开时限 as the standard catalogues do: within N working days of the information
being formed or changed, and — for information that recurs — per year, quarter or month. Whether an
entry is met can be judged only for recurring information (a period ended, and nothing published for
it within the time limit after its end) and for standing information (nothing published at all);
information published when an event occurs cannot be judged from the records: it says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Cycle(StrEnum):
    EVENT = "event"
    STANDING = "standing"
    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {
            "event": "事项发生时",
            "standing": "常态公开",
            "yearly": "每年",
            "quarterly": "每季度",
            "monthly": "每月",
        }[self.value]


LABELS = {c.label: c for c in Cycle}


def periods(cycle: Cycle, year: int) -> list[tuple[date, date]]:
    """The year's periods of a recurring entry."""
    if cycle is Cycle.YEARLY:
        return [(date(year, 1, 1), date(year, 12, 31))]
    months = 3 if cycle is Cycle.QUARTERLY else 1 if cycle is Cycle.MONTHLY else 0
    if not months:
        return []
    out = []
    for first in range(1, 13, months):
        last_month = first + months - 1
        end = date(year, last_month + 1, 1) if last_month < 12 else date(year + 1, 1, 1)
        out.append((date(year, first, 1), date.fromordinal(end.toordinal() - 1)))
    return out


@dataclass(frozen=True)
class Coverage:
    status: str  # 按期 / 逾期 / 未到期 / 无法判断
    note: str = ""


def coverage(
    cycle: Cycle, year: int, today: date, published: list[date], due_after: Callable[[date], date]
) -> Coverage:
    """Whether the items published for an entry (their dates) cover its year. `due_after(d)` is the
    last day the time limit allows for information formed on `d` (working days: the caller's
    calendar)."""
    if cycle is Cycle.EVENT:
        return Coverage("无法判断", "按事项发生时公开:平台不知道事项何时发生")
    if cycle is Cycle.STANDING:
        return Coverage("按期", "") if published else Coverage("逾期", "尚未发布任何信息")
    missing, pending = [], 0
    unused = sorted(published)  # one publication answers for one period: the earliest that fits
    for start, end in periods(cycle, year):
        due = due_after(end)
        fits = next((d for d in unused if start <= d <= due), None)
        if fits is not None:
            unused.remove(fits)
            continue
        if today <= due:
            pending += 1
        else:
            missing.append(f"{start:%m-%d}至{end:%m-%d}(应于{due:%Y-%m-%d}前公开)")
    if missing:
        return Coverage("逾期", "未公开:" + "、".join(missing))
    if pending:
        return Coverage("未到期", f"{pending}个周期尚未到公开期限")
    return Coverage("按期")
