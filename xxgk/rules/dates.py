"""Sane dates for documents: what a 成文日期 or 发布日期 may be.

The Regulation sets no range; these bounds are the platform's own: government information of the
People's Republic is formed from 1949 on, and a date more than a year ahead is a typing error (a
document is dated when it is signed). A date outside them is refused at every door (forms, the API,
ledgers, federation), and one already stored is shown but never computed with.
"""

from __future__ import annotations

from datetime import date, timedelta

EARLIEST = date(1949, 1, 1)
AHEAD = timedelta(days=366)


def latest(today: date) -> date:
    return today + AHEAD


def date_problem(day: date, today: date, label: str) -> str:
    """Why `day` cannot be a document's `label` ("" when it can)."""
    if day < EARLIEST:
        return f"{label}{day:%Y-%m-%d}早于1949年,请检查是否填写错误"
    if day > latest(today):
        return f"{label}{day:%Y-%m-%d}晚于一年以后({latest(today):%Y-%m-%d}),请检查是否填写错误"
    return ""


def is_sane(day: date, today: date) -> bool:
    return EARLIEST <= day <= latest(today)
