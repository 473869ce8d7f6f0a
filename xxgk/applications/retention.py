"""Retention of applicants' personal data (《个人信息保护法》第十九条: kept no longer than needed).

The Regulation itself sets no period for an application's file; how long an agency keeps it is its
own decision under its archive rules, so the period is a setting (XXGK_RETENTION_YEARS), not a rule
invented here. After it, a closed case keeps what the annual report and the audit need (type of
applicant, channel, what was asked, dates, result, its trail) and loses who the applicant was and
how to reach them, and their identity documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xxgk.applications.models import Application, Attachment, AttachmentRole, Event
from xxgk.rules.applications import State
from xxgk.security.models import SecurityKind
from xxgk.security.services import record

PURGED = "(已清除)"
# Contact and identity fields emptied; a natural person's name replaced (an organisation's name is
# no personal data and stays).
CLEARED_FIELDS = ("id_number", "contact_person", "phone", "email", "address", "postcode")
PERSONAL_ATTACHMENTS = (AttachmentRole.IDENTITY, AttachmentRole.SCAN)


@dataclass
class PurgeResult:
    cases: int
    documents: int
    before: date


def cutoff(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def due_for_purge(today: date | None = None, years: int | None = None):  # type: ignore[no-untyped-def]
    """Cases answered or closed more than `years` ago whose personal data is still there, and with
    no reconsideration or suit still pending (the applicant's data is still needed there)."""
    years = settings.XXGK_RETENTION_YEARS if years is None else years
    before = cutoff(today or timezone.localdate(), years)
    cases = (
        Application.objects.filter(
            state__in=(State.ANSWERED, State.CLOSED), answered__lt=before, purged_at__isnull=True
        )
        .exclude(appeals__outcome="")
        .distinct()
    )
    return cases, before


def purge(today: date | None = None, years: int | None = None, dry_run: bool = False) -> PurgeResult:
    cases, before = due_for_purge(today, years)
    ids = list(cases.values_list("pk", flat=True))
    documents = Attachment.objects.filter(application_id__in=ids, role__in=PERSONAL_ATTACHMENTS)
    result = PurgeResult(len(ids), documents.count(), before)
    if dry_run or not ids:
        return result
    for pk in ids:
        with transaction.atomic():
            app = Application.objects.select_for_update().get(pk=pk)
            removed = _purge_one(app)
            Event.objects.create(
                application=app,
                action="purge",
                from_state=app.state,
                to_state=app.state,
                note=f"保存期限届满({before:%Y-%m-%d}前答复),已清除申请人身份和联系信息及{removed}份身份证明材料",
            )
    record(
        SecurityKind.PURGE,
        detail=f"清除{result.cases}件申请的个人信息({before:%Y-%m-%d}前答复),删除材料{result.documents}份",
    )
    return result


def _purge_one(app: Application) -> int:
    if app.applicant_kind == "natural":
        app.applicant_name = PURGED
    for field in CLEARED_FIELDS:
        setattr(app, field, "")
    app.purged_at = timezone.now()
    app.save()
    removed = 0
    for attachment in app.attachments.filter(role__in=PERSONAL_ATTACHMENTS):
        attachment.file.delete(save=False)  # the bytes go from the storage, not only the row
        attachment.delete()
        removed += 1
    return removed
