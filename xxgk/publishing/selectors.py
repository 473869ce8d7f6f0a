"""Reads of 主动公开: the register of normative documents (section 二's first rows), items due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from xxgk.agencies.models import Agency
from xxgk.publishing.models import GenreRole, Item, ItemState, Validity
from xxgk.rules.formats import ReportVersion


def _of(agency: Agency, role: GenreRole) -> QuerySet[Item]:
    return Item.objects.filter(agency=agency, genre__role=role)


def normative_rows(agency: Agency, year: int, version: ReportVersion | str) -> dict[str, dict[str, int]]:
    """Section 二 rows `rules` and `normative_docs` from the register, for either version: one
    aggregate query, each cell a conditional count."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    public = Q(published__isnull=False) & ~Q(state=ItemState.DRAFT)
    standing = public & Q(published__lte=last) & ~Q(state=ItemState.WITHDRAWN)
    if ReportVersion(version) is ReportVersion.V2019:
        cells = {
            "made": Q(formed__range=(first, last)),
            "published": public & Q(published__range=(first, last)),
            "total_public": standing,
        }
    else:
        not_repealed = (Q(repealed_on__isnull=True) | Q(repealed_on__gt=last)) & ~Q(
            validity=Validity.REPEALED, repealed_on__isnull=True
        )
        cells = {
            "issued": public & Q(published__range=(first, last)),
            "repealed": Q(repealed_on__range=(first, last)),
            "in_force": standing & not_repealed,
        }
    codes = {GenreRole.RULES: "rules", GenreRole.NORMATIVE: "normative_docs"}
    out: dict[str, dict[str, int]] = {code: dict.fromkeys(cells, 0) for code in codes.values()}
    rows = (
        Item.objects.filter(agency=agency, genre__role__in=list(codes))
        .values("genre__role")
        # Aliased: "published" would clash with the field of that name.
        .annotate(**{f"n_{name}": Count("pk", filter=cond) for name, cond in cells.items()})
    )
    for row in rows:
        out[codes[row["genre__role"]]] = {name: row[f"n_{name}"] for name in cells}
    return out


def unpublished(agencies: list[Agency]) -> QuerySet[Item]:
    """Items formed but not yet published: the list of what is due or overdue."""
    return (
        Item.objects.filter(agency__in=agencies, state__in=[ItemState.DRAFT, ItemState.APPROVED])
        .select_related("genre", "agency")
        .order_by("formed")
    )


def todo(user: Any, today: date) -> list[Any]:
    """主动公开's part of 待办: drafts submitted (reviewers), drafts not yet submitted and approved
    items to publish, the overdue marked (clerks)."""
    from django.urls import reverse

    from xxgk.publishing.services import EDITORS, REVIEWERS, publication_due
    from xxgk.todo import Todo, TodoGroup, agencies_where
    from xxgk.workcal.services import current_calendar

    calendar = current_calendar()

    def entry(item: Item, note: str = "") -> Todo:
        due = publication_due(item, today, calendar)
        note = ";".join(x for x in (note, due.describe()) if x)
        return Todo(item.title, reverse("publishing:item", args=[item.pk]), note, due.css)

    desk = reverse("publishing:desk")
    groups = []
    reviewing = list(agencies_where(user, *REVIEWERS))
    if reviewing:
        submitted = unpublished(reviewing).filter(state=ItemState.DRAFT, submitted_at__isnull=False)
        groups.append(
            TodoGroup(
                "主动公开:待审核",
                "审核人",
                [entry(i, f"{i.submitted_by}提交") for i in submitted.select_related("submitted_by")[:50]],
                desk,
            )
        )
    editing = list(agencies_where(user, *EDITORS))
    if editing:
        drafts = unpublished(editing).filter(state=ItemState.DRAFT, submitted_at__isnull=True)
        groups.append(
            TodoGroup(
                "主动公开:待提交审核的草稿",
                "信息员",
                [entry(i) for i in drafts[:50]],
                reverse("publishing:desk"),
            )
        )
        approved = unpublished(editing).filter(state=ItemState.APPROVED)
        groups.append(
            TodoGroup(
                "主动公开:审核通过待发布",
                "信息员",
                [entry(i) for i in approved[:50]],
                reverse("publishing:desk"),
            )
        )
    return groups


@dataclass(frozen=True)
class PublicQuery:
    """The portal's and the API's filters, read from anyone's address bar: ids that fit the
    database's integers, real years, known validities; the rest is ignored."""

    q: str = ""
    theme: int | None = None
    genre: int | None = None
    year: int | None = None
    validity: str = ""

    @classmethod
    def parse(cls, params: Any, today: date) -> PublicQuery:
        def ident(key: str) -> int | None:
            value = str(params.get(key) or "")
            return int(value) if value.isascii() and value.isdigit() and len(value) <= 15 else None

        year = str(params.get("year") or "")
        real_year = year.isascii() and year.isdigit() and 1949 <= int(year) <= today.year + 1
        validity = str(params.get("validity") or "")
        return cls(
            q=str(params.get("q") or "").strip()[:100],
            theme=ident("theme"),
            genre=ident("genre"),
            year=int(year) if real_year else None,
            validity=validity if validity and validity in Validity.values else "",
        )

    @property
    def filters(self) -> dict[str, Any]:
        """The filters in use besides the words, for the page."""
        chosen = {"theme": self.theme, "genre": self.genre, "year": self.year, "validity": self.validity}
        return {k: v for k, v in chosen.items() if v not in (None, "")}


def public_items(agency: Agency, query: PublicQuery) -> QuerySet[Item]:
    """Published items of the agency matching the query, newest first (发布日期, then id)."""
    from xxgk.publishing import search

    qs = Item.objects.filter(agency=agency, state=ItemState.PUBLISHED)
    if query.theme is not None:
        qs = qs.filter(theme_id=query.theme)
    if query.genre is not None:
        qs = qs.filter(genre_id=query.genre)
    if query.year is not None:
        qs = qs.filter(published__year=query.year)
    if query.validity:
        qs = qs.filter(validity=query.validity)
    if query.q:
        qs = search.matching(qs, query.q)
    return qs.order_by("-published", "-id")


def catalogue(agency: Agency) -> list[tuple[Any, int]]:
    """The agency's 公开目录 in order, each category with its number of published items."""
    from xxgk.publishing.models import Category, CategoryKind

    published = Item.objects.filter(agency=agency, state=ItemState.PUBLISHED)
    by_theme = dict(published.values_list("theme").annotate(n=Count("id")).values_list("theme", "n"))
    by_genre = dict(published.values_list("genre").annotate(n=Count("id")).values_list("genre", "n"))
    return [
        (c, (by_theme if c.kind == CategoryKind.THEME else by_genre).get(c.pk, 0))
        for c in Category.objects.filter(agency=agency).order_by("kind", "order", "name")
    ]
