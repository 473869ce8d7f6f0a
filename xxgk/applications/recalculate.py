"""Deadlines counted on the provisional calendar, counted again when a year's holiday notice is loaded.

The answer deadline is never stored (deadline_of computes it), so only the case's trail records that
it moved. The dates given to others in a letter — the 补正 period (Art. 30), a consulted party's 15
working days (Art. 32, 34), the fee's 20 working days (国办函〔2020〕109号) — are stored; they move
only later: a period already notified in writing is not shortened to the reader's detriment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from xxgk.agencies.models import Agency
from xxgk.applications.models import Application, ConsultationKind
from xxgk.applications.selectors import open_cases
from xxgk.applications.steps import REPLY_RULE
from xxgk.rules.applications import State
from xxgk.rules.deadlines import correction_due
from xxgk.rules.fees import fee_payment_deadline
from xxgk.rules.workdays import WorkingDayCalendar


def _later(old: date | None, new: date) -> date | None:
    """The new date when it is later than the notified one, else None (nothing changes)."""
    return new if old is None or new > old else None


def _stored_dates(app: Application, after: WorkingDayCalendar) -> list[str]:
    """Move the stored periods of `app` that the loaded year makes longer; say what moved."""
    moved = []
    if app.state == State.CORRECTION and app.correction_notice_date:
        counted = correction_due(after, app.correction_notice_date, app.agency.correction_days)
        new = _later(app.correction_due, counted)
        if new:
            moved.append(f"补正期限{app.correction_due:%Y-%m-%d}→{new:%Y-%m-%d}")
            app.correction_due = new
            app.save(update_fields=["correction_due"])
    for c in app.consultations.all():
        if c.replied is None:
            rule = REPLY_RULE[ConsultationKind(c.kind)]
            new = _later(c.reply_due, rule(after, c.letter_received or c.sent))
            if new:
                moved.append(f"{c.party}的答复期限{c.reply_due:%Y-%m-%d}→{new:%Y-%m-%d}")
                c.reply_due = new
                c.save(update_fields=["reply_due"])
    for f in app.fee_notices.all():
        if f.ended is None and f.delivered is not None:
            new = _later(f.pay_by, fee_payment_deadline(after, f.delivered))
            if new:
                moved.append(f"缴费期限{f.pay_by:%Y-%m-%d}→{new:%Y-%m-%d}")
                f.pay_by = new
                f.save(update_fields=["pay_by"])
    return moved


def recalculate(
    year: int,
    before: WorkingDayCalendar,
    after: WorkingDayCalendar,
    user: AbstractBaseUser | None = None,
    **_: Any,
) -> int:
    """Every open case whose dates were counted through `year`: count them again on the loaded
    calendar and write a trail entry where one moved. Returns how many cases changed."""
    from xxgk.applications.services import _event, deadline_of

    changed = 0
    for app in open_cases(Agency.objects.all()).filter(received__isnull=False):
        old = deadline_of(app, calendar=before).deadline
        moved = _stored_dates(app, after)
        new = deadline_of(app, calendar=after).deadline
        due_moved = old is not None and new is not None and old.due != new.due
        if not (moved or due_moved):
            continue
        facts: dict[str, Any] = {}
        if due_moved and old and new:
            facts = {"old_due": old.due, "reply_due": new.due}
        note = f"{year}年节假日安排已载入,期限按正式安排重新计算" + (";" + ";".join(moved) if moved else "")
        _event(app, "recalculate", user, note=note, **facts)
        changed += 1
    return changed
