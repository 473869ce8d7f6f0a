"""Reads of 主动公开: the register of normative documents (section 二's first rows), items due."""

from __future__ import annotations

from datetime import date

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
