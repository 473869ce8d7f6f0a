"""Use cases for agencies and staff, shared by the admin, the CLI and the tests."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from xxgk.agencies.models import Agency, AgencyKind, AgencyLevel, Membership, Role
from xxgk.agencies.selectors import has_role


@transaction.atomic
def add_agency(
    *,
    code: str,
    name: str,
    parent_code: str | None = None,
    level: str = AgencyLevel.COUNTY,
    kind: str = AgencyKind.DEPARTMENT,
    short_name: str = "",
) -> Agency:
    parent = None
    if parent_code:
        parent = Agency.objects.filter(code=parent_code.strip().upper()).first()
        if parent is None:
            raise ValidationError({"parent": f"上级机构代码 {parent_code} 不存在"})
    agency = Agency(
        code=code.strip().upper(),
        name=name.strip(),
        parent=parent,
        level=level,
        kind=kind,
        short_name=short_name,
    )
    agency.full_clean()
    agency.save()
    return agency


def may_administer(actor: AbstractBaseUser | AnonymousUser, agency: Agency) -> bool:
    """Who may give and take roles in an agency: its 管理员, or a superuser. A role elsewhere (even
    管理员 of another agency, or a superior office's) gives no say over its staff."""
    if not actor.is_authenticated:
        return False
    return bool(getattr(actor, "is_superuser", False)) or has_role(actor, agency, Role.ADMIN)


def check_may_administer(actor: AbstractBaseUser | AnonymousUser, *agencies: Agency) -> None:
    for agency in agencies:
        if not may_administer(actor, agency):
            raise PermissionDenied(f"只有“{agency.name}”的管理员才能设置该机关人员的角色")


@transaction.atomic
def grant_role(
    user: AbstractUser, agency: Agency, role: Role | str, *, by: AbstractBaseUser | None = None
) -> Membership:
    """Give `user` a role in `agency`; the role's group gives the matching permissions. `by` is the
    person doing it (the admin, the API); the CLI and the demo run as the machine's operator."""
    if by is not None:
        check_may_administer(by, agency)
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=Role(role))
    return membership


@transaction.atomic
def save_membership(membership: Membership, *, by: AbstractBaseUser) -> Membership:
    """A membership as the admin form edits it: the acting person must administer the agency it
    is in, and, when it is moved, the agency it was in."""
    agencies = [membership.agency]
    if membership.pk:
        before = Membership.objects.select_related("agency").get(pk=membership.pk)
        agencies.append(before.agency)
    check_may_administer(by, *agencies)
    membership.save()
    return membership


@transaction.atomic
def delete_membership(membership: Membership, *, by: AbstractBaseUser) -> None:
    check_may_administer(by, membership.agency)
    membership.delete()


@transaction.atomic
def revoke_role(user: AbstractUser, agency: Agency, role: Role | str) -> None:
    for membership in Membership.objects.filter(user=user, agency=agency, role=Role(role)):
        membership.delete()  # one by one, so that post_delete syncs the groups


@transaction.atomic
def ensure_initial_admin(username: str = "admin") -> tuple[AbstractUser, str | None]:
    """The first administrator. Returns the password only when the account was created now."""
    User = get_user_model()
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, None
    password = secrets.token_urlsafe(12)
    user = User.objects.create_superuser(username=username, email="", password=password)
    return user, password
