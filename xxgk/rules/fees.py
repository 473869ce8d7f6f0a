"""信息处理费 — processing fees (Art. 42, 国办函〔2020〕109号《政府信息公开信息处理费管理办法》).

No fee as a rule. For excessive volume or frequency an agency charges either per application (the
same applicant's applications in one calendar month) or per page (of one application), never both.
Both tariffs are marginal: each band's price applies to the part that falls in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from xxgk.rules.workdays import WorkingDayCalendar


class FeeMethod(StrEnum):
    PER_APPLICATION = "per_application"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收


# How the notice, the form and the case's trail name each method, and what it counts.
METHOD_LABELS = {FeeMethod.PER_APPLICATION: "按件计收", FeeMethod.PER_PAGE: "按量计收"}
METHOD_UNITS = {FeeMethod.PER_APPLICATION: "件", FeeMethod.PER_PAGE: "页"}


@dataclass(frozen=True)
class FeeLine:
    first: int  # first unit (application or page number) of the band, 1-based
    last: int
    unit_price: int  # 元
    quantity: int

    @property
    def subtotal(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class FeeQuote:
    method: FeeMethod
    lines: tuple[FeeLine, ...]

    @property
    def amount(self) -> int:
        return sum(line.subtotal for line in self.lines)

    def describe(self) -> str:
        unit = "件" if self.method is FeeMethod.PER_APPLICATION else "页"
        if not self.lines:
            return "不收费"
        parts = [
            f"第{ln.first}–{ln.last}{unit}:{ln.quantity}{unit}×{ln.unit_price}元={ln.subtotal}元"
            for ln in self.lines
        ]
        return ";".join(parts) + f";合计{self.amount}元"


def application_unit_price(nth: int) -> int:
    """The price of the applicant's nth application in a calendar month (按件计收)."""
    if nth < 1:
        raise ValueError("申请序号从1开始")
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    # From the 31st on, every band of 10 costs 100 元 more per application: 31–40 → 200, 41–50 → 300.
    return 100 + 100 * ((nth - 31) // 10 + 1)


def page_unit_price(page: int) -> int:
    """The price of the nth page of one application (按量计收)."""
    if page < 1:
        raise ValueError("页码从1开始")
    if page <= 30:
        return 0
    if page <= 100:
        return 10
    if page <= 200:
        return 20
    return 40


def _quote(method: FeeMethod, first: int, last: int, price_of: Callable[[int], int]) -> FeeQuote:
    lines: list[FeeLine] = []
    n = first
    while n <= last:
        price = price_of(n)
        end = n
        while end + 1 <= last and price_of(end + 1) == price:
            end += 1
        if price:
            lines.append(FeeLine(n, end, price, end - n + 1))
        n = end + 1
    return FeeQuote(method, tuple(lines))


def fee_per_application(earlier_in_month: int, count: int = 1) -> FeeQuote:
    """Fee for `count` new applications of an applicant who already filed `earlier_in_month`
    applications in the same calendar month."""
    if earlier_in_month < 0 or count < 0:
        raise ValueError("申请件数不能为负数")
    return _quote(
        FeeMethod.PER_APPLICATION,
        earlier_in_month + 1,
        earlier_in_month + count,
        application_unit_price,
    )


def fee_per_page(pages: int) -> FeeQuote:
    """Fee for one application's `pages` pages."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    return _quote(FeeMethod.PER_PAGE, 1, pages, page_unit_price)


# 国办函〔2020〕109号: the applicant pays within 20 working days counted from the day after receiving
# the fee notice (收到收费通知次日起); the days until payment are not counted in the answer period.
FEE_PAYMENT_DAYS = 20


def fee_payment_deadline(calendar: WorkingDayCalendar, notice_received: date) -> date:
    """The last day to pay: 20 working days from the day after the applicant received the notice
    (the day of receipt itself is not counted), not from the day it was issued."""
    return calendar.add(notice_received, FEE_PAYMENT_DAYS)
