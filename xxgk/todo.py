"""待办: what waits for this person, gathered from each part of the work (each app's selectors say
what of theirs waits for whom, by role in the agency). The staff home shows the lists; the header
shows how many."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from xxgk.agencies.models import Agency, Membership, Role


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    note: str = ""
    css: str = ""  # overdue | due_soon | paused, as the work lists colour them


@dataclass
class TodoGroup:
    title: str  # 待审核
    who: str  # why it is yours: 审核人
    items: list[Todo] = field(default_factory=list)
    more_url: str = ""  # the full list, where there is one


def agencies_where(user: AbstractBaseUser | AnonymousUser, *roles: Role) -> QuerySet[Agency]:
    """The agencies where `user` holds one of `roles` (all, for a superuser)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    ids = Membership.objects.filter(user=user, role__in=list(roles)).values_list("agency_id", flat=True)
    return Agency.objects.filter(pk__in=list(ids))


Provider = Callable[[Any, date], list[TodoGroup]]
# Each app registers what of its work waits for whom (in its AppConfig.ready), so that this module
# imports none of them: (place on the page, (user, today) → groups).
PROVIDERS: dict[Provider, int] = {}


def register(provider: Provider, place: int) -> None:
    PROVIDERS[provider] = place


def todo_for(user: AbstractBaseUser | AnonymousUser, today: date) -> list[TodoGroup]:
    if not user.is_authenticated:
        return []
    ordered = sorted(PROVIDERS, key=PROVIDERS.__getitem__)
    return [group for provider in ordered for group in provider(user, today)]


def _count_key(user: AbstractBaseUser, today: date) -> str:
    return f"xxgk:todo:{user.pk}:{today}"


def remember_count(user: AbstractBaseUser, today: date, groups: list[TodoGroup]) -> int:
    """The home page, having gathered the lists anyway, refreshes the header's count."""
    from django.core.cache import cache

    count = sum(len(group.items) for group in groups)
    cache.set(_count_key(user, today), count, 60)
    return count


def header_count(request: object) -> dict[str, int]:
    """Context processor: how many things wait for the signed-in person, for the header's 待办
    link. Kept a minute in the shared cache (the home page refreshes it): gathering the lists
    computes every open case's deadline, too much for every page."""
    from django.core.cache import cache
    from django.utils import timezone

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    today = timezone.localdate()
    count = cache.get(_count_key(user, today))
    if count is None:
        count = remember_count(user, today, todo_for(user, today))
    return {"todo_count": count}
