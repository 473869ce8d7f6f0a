"""The daily reminder: e-mail each agency's staff about cases due within 5 working days or overdue.

Idempotent: a ReminderSent row per case, day and kind is written with the mail, so a second run on
the same day sends nothing more (a scheduler may retry freely).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from xxgk.agencies.models import Agency, Membership, Role
from xxgk.applications.models import Application, ReminderSent
from xxgk.applications.selectors import open_cases
from xxgk.applications.services import DeadlineView, deadline_of
from xxgk.workcal.services import current_calendar


@dataclass
class ReminderRun:
    mails: int = 0
    cases: int = 0
    skipped: int = 0  # already reminded today
    problems: list[str] | None = None


def send_reminders(today: date) -> ReminderRun:
    run = ReminderRun(problems=[])
    due: dict[int, list[tuple[Application, DeadlineView]]] = defaultdict(list)
    calendar = current_calendar()
    for app in open_cases(Agency.objects.all()):
        view = deadline_of(app, today, calendar)
        if view.status in ("due_soon", "overdue"):
            due[app.agency_id].append((app, view))
    for agency_id, items in due.items():
        fresh = []
        for app, view in items:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(application=app, on_date=today, kind=view.status)
                fresh.append((app, view))
            except IntegrityError:
                run.skipped += 1
        if not fresh:
            continue
        recipients = sorted(
            {
                m.user.email
                for m in Membership.objects.filter(
                    agency_id=agency_id, role__in=[Role.CLERK, Role.HEAD]
                ).select_related("user")
                if m.user.email
            }
        )
        if not recipients:
            run.problems.append(f"机关{agency_id}没有填写电子邮箱的信息员或负责人,提醒未发送")  # type: ignore[union-attr]
            continue
        overdue = sum(1 for _, v in fresh if v.status == "overdue")
        lines = [f"{app.number}({app.get_applicant_kind_display()}):{view.message}" for app, view in fresh]
        send_mail(
            subject=f"【政府信息公开】{len(fresh)}件申请临近或超过答复期限"
            + (f"(超期{overdue}件)" if overdue else ""),
            message="以下申请请及时办理:\n" + "\n".join(lines) + "\n\n此邮件由 xxgk 自动发送。",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
        run.mails += 1
        run.cases += len(fresh)
    return run
