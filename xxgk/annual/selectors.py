"""Reads for the annual report and the dashboard: facts from the records, by aggregate queries.

The tables themselves come from applications_table / appeals_table / normative_rows; this module
holds what the narrative and the charts add (items by genre, answers on time, fees, monthly series).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agency_ids
from xxgk.applications.models import Application, FeeNotice
from xxgk.publishing.models import Item, ItemState


def _published_in(agencies: Agency | Iterable[Agency], year: int):  # type: ignore[no-untyped-def]
    # Withdrawn items were published in their year all the same; drafts and approvals were not.
    return Item.objects.filter(
        agency_id__in=agency_ids(agencies),
        published__range=(date(year, 1, 1), date(year, 12, 31)),
        state__in=[ItemState.PUBLISHED, ItemState.WITHDRAWN],
    )


def published_by_genre(agencies: Agency | Iterable[Agency], year: int) -> list[tuple[str, int]]:
    """Items published in `year` by 体裁分类, the largest first (the narrative's "其中……")."""
    rows = (
        _published_in(agencies, year)
        .values_list("genre__name")
        .annotate(n=Count("id"))
        .order_by("-n", "genre__name")
        .values_list("genre__name", "n")
    )
    return [(name, n) for name, n in rows]


def published_by_month(agencies: Agency | Iterable[Agency], year: int) -> list[int]:
    counts = dict(
        _published_in(agencies, year)
        .annotate(m=ExtractMonth("published"))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    return [counts.get(m, 0) for m in range(1, 13)]


def received_by_month(agencies: Agency | Iterable[Agency], year: int) -> list[int]:
    counts = dict(
        Application.objects.filter(agency_id__in=agency_ids(agencies), received__year=year)
        .annotate(m=ExtractMonth("received"))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    return [counts.get(m, 0) for m in range(1, 13)]


@dataclass(frozen=True)
class Timeliness:
    on_time: list[int]  # per month of the answer, January first
    late: list[int]
    provisional: int  # of them, judged on a provisional calendar (a year without its holiday notice)

    @property
    def total_on_time(self) -> int:
        return sum(self.on_time)

    @property
    def total_late(self) -> int:
        return sum(self.late)


def timeliness(agencies: Agency | Iterable[Agency], year: int) -> Timeliness:
    """Answers given in `year`, in time or late. The deadline depends on pauses, corrections and
    extensions, so it is computed per answer by the one deadline rule (deadline_of); only the
    answers of the year are read, with their pauses prefetched."""
    from xxgk.applications.services import deadline_of
    from xxgk.workcal.services import current_calendar

    on_time, late, provisional = [0] * 12, [0] * 12, 0
    calendar = current_calendar()
    answered = (
        Application.objects.filter(
            agency_id__in=agency_ids(agencies), answered__year=year, received__isnull=False
        )
        .only(
            "received",
            "answered",
            "state",
            "corrected_received",
            "paused_days",
            "extension_days",
        )
        .prefetch_related("consultations", "fee_notices")
    )
    for app in answered:
        view = deadline_of(app, calendar=calendar)
        provisional += bool(view.deadline and view.deadline.provisional)
        month = app.answered.month - 1  # type: ignore[union-attr]
        if view.status == "answered_late":
            late[month] += 1
        else:
            on_time[month] += 1
    return Timeliness(on_time, late, provisional)


def fees_sentence(agencies: Agency | Iterable[Agency], year: int) -> str:
    """信息处理费 in `year` (国办函〔2020〕109号): notices sent, fees collected."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    notices = FeeNotice.objects.filter(application__agency_id__in=agency_ids(agencies))
    sent = notices.filter(noticed__range=(first, last)).count()
    paid = notices.filter(paid__range=(first, last), exempted=False).aggregate(
        n=Count("id"), amount=Sum("amount")
    )
    if not sent and not paid["n"]:
        return f"{year}年未收取信息处理费"
    return f"{year}年发出信息处理费缴费通知{sent}件,收取信息处理费{paid['n']}件、共{paid['amount'] or 0}元"


# --- the dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    year: int
    received: list[int]
    timely: Timeliness
    results: list[tuple[str, int]]
    published: list[int]

    @property
    def total_received(self) -> int:
        return sum(self.received)

    @property
    def total_published(self) -> int:
        return sum(self.published)

    @property
    def months(self) -> list[tuple[int, int, int, int, int]]:
        """(month, received, on time, late, items published) for the table beside the charts."""
        return [
            (m + 1, self.received[m], self.timely.on_time[m], self.timely.late[m], self.published[m])
            for m in range(12)
        ]


def dashboard(agency: Agency, year: int) -> Dashboard:
    from xxgk.applications.selectors import applications_table
    from xxgk.rules.formats import version_for_year
    from xxgk.rules.narrative import result_groups

    table = applications_table(agency, year, version_for_year(year))
    results = [(name, n or 0) for name, n in result_groups(table)]
    return Dashboard(
        year,
        received_by_month(agency, year),
        timeliness(agency, year),
        results,
        published_by_month(agency, year),
    )


def interpretations_sentence(agencies: Agency | Iterable[Agency], year: int) -> str:
    """发布政策解读N篇,其中图解…;主要负责人解读… (rules/interpretation.py), from the 政策解读 published
    in the year."""
    from xxgk.publishing.models import GenreRole, Item
    from xxgk.rules.interpretation import counts_sentence

    rows = list(
        Item.objects.filter(
            agency_id__in=agency_ids(agencies),
            genre__role=GenreRole.INTERPRETATION,
            published__year=year,
        )
        .exclude(state="draft")
        .values_list("interpretation_form", "interpreter")
    )
    return counts_sentence([f or "text" for f, _ in rows], [i for _, i in rows if i])
