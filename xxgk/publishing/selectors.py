"""Reads of 主动公开: the register of normative documents (section 二's first rows), items due."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from xxgk.agencies.models import Agency
from xxgk.publishing.models import GenreRole, Item, ItemState, Validity
from xxgk.rules.formats import ReportVersion


def _of(agency: Agency, role: GenreRole) -> QuerySet[Item]:
    return Item.objects.filter(agency=agency, genre__role=role)


def normative_rows(agency: Agency, year: int, version: ReportVersion | str) -> dict[str, dict[str, int]]:
    """Section 二 rows `rules` and `normative_docs` from the register, for either version."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    out: dict[str, dict[str, int]] = {}
    for code, role in (("rules", GenreRole.RULES), ("normative_docs", GenreRole.NORMATIVE)):
        items = _of(agency, role)
        public = items.filter(published__isnull=False).exclude(state=ItemState.DRAFT)
        if ReportVersion(version) is ReportVersion.V2019:
            out[code] = {
                "made": items.filter(formed__range=(first, last)).count(),
                "published": public.filter(published__range=(first, last)).count(),
                "total_public": public.filter(published__lte=last).exclude(state=ItemState.WITHDRAWN).count(),
            }
        else:
            in_force = (
                public.filter(published__lte=last)
                .exclude(state=ItemState.WITHDRAWN)
                .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=last))
                .exclude(validity=Validity.REPEALED, repealed_on__isnull=True)
            )
            out[code] = {
                "issued": public.filter(published__range=(first, last)).count(),
                "repealed": items.filter(repealed_on__range=(first, last)).count(),
                "in_force": in_force.count(),
            }
    return out


def unpublished(agencies: list[Agency]) -> QuerySet[Item]:
    """Items formed but not yet published: the list of what is due or overdue."""
    return (
        Item.objects.filter(agency__in=agencies, state__in=[ItemState.DRAFT, ItemState.APPROVED])
        .select_related("genre", "agency")
        .order_by("formed")
    )
