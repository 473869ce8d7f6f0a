"""Which agencies a person may see and change."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from xxgk.agencies.models import Agency, Membership, Role


def agency_ids(agencies: Agency | Iterable[Agency]) -> list[int]:
    """The ids of one agency or several, for queries that count over a group (汇总)."""
    return [agencies.pk] if isinstance(agencies, Agency) else [a.pk for a in agencies]


def member_agencies(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agency]:
    """Agencies where the user holds a role: they may work there."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user).distinct()


def administered_agencies(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agency]:
    """Agencies whose staff the user may set: where the user is 管理员 (all, for a superuser)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def visible_agencies(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agency]:
    """Member agencies plus every agency below them (a superior office reads its subordinates)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    ids: set[int] = set()
    for agency in member_agencies(user):
        ids.add(agency.pk)
        ids.update(a.pk for a in agency.descendants())
    return Agency.objects.filter(pk__in=ids)


def can_edit(user: AbstractBaseUser | AnonymousUser, agency: Agency) -> bool:
    return member_agencies(user).filter(pk=agency.pk).exists()


def has_role(user: AbstractBaseUser | AnonymousUser, agency: Agency, *roles: Role) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user=user, agency=agency, role__in=list(roles)).exists()
