"""Use cases for agencies and staff, shared by the admin, the CLI and the tests."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction

from xxgk.agencies.models import Agency, AgencyKind, AgencyLevel, Membership, Role


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


@transaction.atomic
def grant_role(user: AbstractUser, agency: Agency, role: Role | str) -> Membership:
    """Give `user` a role in `agency`; the role's group gives the matching permissions."""
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=Role(role))
    return membership


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
