"""Reads of 依申请公开: the report tables of section 三 and 四, and the clerk's work list.

The tables are aggregate queries (COUNT … GROUP BY), never a loop over every application, so that
they stay fast with hundreds of thousands of records. Counting follows ledgers.md:
`new` received in Y; `carried_in` received before Y and not answered before Y; a result row counts
applications answered in Y; `carried_out` received by 31 Dec Y and not answered by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import agency_ids
from xxgk.applications.models import Appeal, Application
from xxgk.rules.applications import OPEN_STATES, State, result_row
from xxgk.rules.formats import APPLICANT_KINDS, ReportVersion, report_format
from xxgk.rules.report import Table


def _by_kind(qs: QuerySet[Application]) -> dict[str, int]:
    return dict(qs.values_list("applicant_kind").annotate(n=Count("pk")).values_list("applicant_kind", "n"))


def applications_table(agencies: Agency | Iterable[Agency], year: int, version: ReportVersion | str) -> Table:
    """Section 三 for `year`, of one agency or several together."""
    ids = agency_ids(agencies)
    fmt = report_format(version)
    first, last = date(year, 1, 1), date(year, 12, 31)
    base = Application.objects.filter(agency_id__in=ids, received__isnull=False)
    table: Table = {row.code: {c.code: 0 for c in fmt.application_columns} for row in fmt.application_rows}

    def put(row: str, counts: dict[str, int]) -> None:
        for kind, n in counts.items():
            table[row][kind] = (table[row][kind] or 0) + n

    # One pass over the agency's applications for the three head and tail rows.
    heads = (
        base.filter(received__lte=last)
        .values_list("applicant_kind")
        .annotate(
            new=Count("pk", filter=Q(received__gte=first)),
            carried_in=Count(
                "pk", filter=Q(received__lt=first) & (Q(answered__isnull=True) | Q(answered__gte=first))
            ),
            carried_out=Count("pk", filter=Q(answered__isnull=True) | Q(answered__gt=last)),
        )
        .values_list("applicant_kind", "new", "carried_in", "carried_out")
    )
    for kind, new, carried_in, carried_out in heads:
        put("new", {kind: new})
        put("carried_in", {kind: carried_in})
        put("carried_out", {kind: carried_out})
    answered = (
        base.filter(answered__range=(first, last))
        .values_list("result", "applicant_kind")
        .annotate(n=Count("pk"))
        .values_list("result", "applicant_kind", "n")
    )
    for result, kind, n in answered:
        put(result_row(result, fmt.version), {kind: n})
    for kind in APPLICANT_KINDS:
        table["handled_total"][kind] = sum(table[r.code][kind] or 0 for r in fmt.result_rows)
    for row in fmt.application_rows:
        table[row.code]["total"] = sum(table[row.code][k] or 0 for k in APPLICANT_KINDS)
    return table


def appeals_table(agencies: Agency | Iterable[Agency], year: int) -> Table:
    """Section 四: appeals decided in `year` by outcome, and those filed by 31 Dec still pending."""
    ids = agency_ids(agencies)
    first, last = date(year, 1, 1), date(year, 12, 31)
    groups = ("review", "suit_direct", "suit_after_review")
    table: Table = {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0} for g in groups}
    base = Appeal.objects.filter(application__agency_id__in=ids)
    decided = base.filter(decided__range=(first, last)).exclude(outcome="")
    for kind, outcome, n in (
        decided.values_list("kind", "outcome").annotate(n=Count("pk")).values_list("kind", "outcome", "n")
    ):
        table[kind][outcome] = n
    pending = base.filter(filed__lte=last).filter(
        Q(decided__isnull=True) | Q(decided__gt=last) | Q(outcome="")
    )
    for kind, n in pending.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"):
        table[kind]["pending"] = n
    for cells in table.values():
        cells["total"] = sum(cells[c] or 0 for c in ("upheld", "corrected", "other", "pending"))
    return table


def open_cases(agencies: Iterable[Agency]) -> QuerySet[Application]:
    return (
        Application.objects.filter(agency__in=list(agencies), state__in=[s.value for s in OPEN_STATES])
        .select_related("agency")
        .prefetch_related("consultations", "fee_notices")
    )


def todo(user: Any, today: date) -> list[Any]:
    """依申请公开's part of 待办: online applications to confirm, answers due within five working
    days or overdue, replies to send (clerks); extensions asked for (heads); answers to review."""
    from django.urls import reverse

    from xxgk.applications.services import CLERKS, REVIEWERS, deadline_of
    from xxgk.todo import Todo, TodoGroup, agencies_where
    from xxgk.workcal.services import current_calendar

    def entry(app: Application, note: str = "", css: str = "") -> Todo:
        who = app.get_applicant_kind_display()
        return Todo(
            f"{app.number} {app.sought[:40]}", reverse("applications:case", args=[app.pk]), note or who, css
        )

    worklist = reverse("applications:worklist")
    groups = []
    handling = list(agencies_where(user, *CLERKS))
    if handling:
        cases = open_cases(handling)
        groups.append(
            TodoGroup(
                "依申请公开:待确认收到",
                "信息员",
                [
                    entry(a, f"{a.get_channel_display()}提交")
                    for a in cases.filter(state=State.SUBMITTED)[:50]
                ],
                worklist,
            )
        )
        calendar = current_calendar()
        due = []
        for app in cases.exclude(state=State.SUBMITTED):
            view = deadline_of(app, today, calendar)
            if view.status in ("due_soon", "overdue"):
                due.append((view.days_left or 0, entry(app, view.message, view.status)))
        groups.append(
            TodoGroup(
                "依申请公开:5个工作日内到期和已超期",
                "信息员",
                [t for _, t in sorted(due, key=lambda d: d[0])],
                worklist,
            )
        )
        groups.append(
            TodoGroup(
                "依申请公开:审核通过待送达答复",
                "信息员",
                [entry(a) for a in cases.filter(state=State.REVIEWED)[:50]],
                worklist,
            )
        )
    heads = list(agencies_where(user, Role.HEAD))
    if heads:
        asked = open_cases(heads).filter(extension_requested__isnull=False)
        groups.append(
            TodoGroup(
                "依申请公开:待批准延期",
                "负责人",
                [
                    entry(a, f"{a.extension_requested:%Y-%m-%d}提请:{a.extension_request_note[:60]}")
                    for a in asked[:50]
                ],
                worklist,
            )
        )
    reviewing = list(agencies_where(user, *REVIEWERS))
    if reviewing:
        drafted = open_cases(reviewing).filter(state=State.DRAFTED)
        groups.append(
            TodoGroup("依申请公开:待审核答复", "审核人", [entry(a) for a in drafted[:50]], worklist)
        )
    return groups


WORKLIST_STATES = {"open": "全部在办", "all": "全部(含已答复)", **{st.value: st.label for st in State}}


def worklist_cases(agencies: Iterable[Agency], *, q: str = "", state: str = "open") -> QuerySet[Application]:
    """The 申请办理 list: in-progress cases by default, or one state, or all; `q` finds a case by
    编号, 查询号, the applicant's name, the contact person or what was asked for."""
    qs = Application.objects.filter(agency__in=list(agencies)).select_related("agency")
    if state == "open" or state not in WORKLIST_STATES:
        qs = qs.filter(state__in=[st.value for st in OPEN_STATES])
    elif state != "all":
        qs = qs.filter(state=state)
    q = q.strip()[:100]
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(tracking_number__icontains=q)
            | Q(applicant_name__icontains=q)
            | Q(contact_person__icontains=q)
            | Q(sought__icontains=q)
        )
    return qs.prefetch_related("consultations", "fee_notices")


@dataclass
class RepeatedRequest:
    """Applications asking for the same information, across the agencies the reader oversees."""

    sought: str  # the earliest application's words
    cases: list[Application]

    @property
    def agencies(self) -> list[str]:
        return sorted({c.agency.name for c in self.cases})

    @property
    def made_public(self) -> int:
        return sum(1 for c in self.cases if c.pk in self.converted)

    converted: frozenset[int] = frozenset()


SIMILAR = 0.6  # share of the two texts' bigrams in common (Jaccard) for "the same information"
REPEATED_WINDOW = 2000  # the latest applications compared: a page, not a data-mining job


def repeated_requests(agencies: Iterable[Agency], since: date) -> list[RepeatedRequest]:
    """How often the same information is asked for (《条例》第四十四条: information asked for by
    several applicants may be made public proactively): applications answered 予以公开 or 部分公开
    since `since`, grouped when their texts share most of their words, the biggest group first. Only
    groups of two or more; only the text asked for, never who asked."""
    from xxgk.publishing.models import Item
    from xxgk.publishing.search import tokens
    from xxgk.publishing.services import SOURCE_APPLICATION

    cases = list(
        Application.objects.filter(
            agency__in=list(agencies), received__gte=since, result__in=["granted", "partial"]
        )
        .exclude(sought="")
        .select_related("agency")
        .only("pk", "number", "sought", "received", "agency_id", "agency__name", "agency__code")
        .order_by("-received", "-pk")[:REPEATED_WINDOW]
    )
    groups: list[tuple[set[str], RepeatedRequest]] = []
    for case in reversed(cases):  # oldest first: a group is named by its first request
        words = set(tokens(case.sought))
        if not words:
            continue
        for shared, group in groups:
            if len(words & shared) / len(words | shared) >= SIMILAR:
                group.cases.append(case)
                break
        else:
            groups.append((words, RepeatedRequest(case.sought, [case])))
    found = [g for _, g in groups if len(g.cases) >= 2]
    made = set(
        Item.objects.filter(
            agency_id__in={c.agency_id for g in found for c in g.cases},
            **{"extra__has_key": SOURCE_APPLICATION},
        ).values_list("agency_id", f"extra__{SOURCE_APPLICATION}")
    )
    for g in found:
        g.converted = frozenset(c.pk for c in g.cases if (c.agency_id, c.number) in made)
    return sorted(found, key=lambda g: (-len(g.cases), g.sought))
