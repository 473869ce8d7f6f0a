"""Roles as Django groups: each role's model permissions, kept in sync after every migrate.

Which agencies a person sees is decided by Membership (selectors.py); what they may do there by the
permissions of their role's group.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from xxgk.agencies.models import Membership, Role

GROUP_NAMES = {role: role.label for role in Role}

# app_label.codename; apps that arrive later add their own entries here.
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CLERK: {"agencies.view_agency", "workcal.view_calendaryear", "workcal.view_calendarday"},
    Role.REVIEWER: {"agencies.view_agency", "workcal.view_calendaryear", "workcal.view_calendarday"},
    Role.HEAD: {"agencies.view_agency", "agencies.view_membership"},
    Role.ADMIN: {
        "security.view_securityevent",
        "publishing.view_category",
        "publishing.add_category",
        "publishing.change_category",
        "publishing.view_portalpage",
        "publishing.add_portalpage",
        "publishing.change_portalpage",
        "publishing.view_item",
        "applications.view_lettertemplate",
        "applications.add_lettertemplate",
        "applications.change_lettertemplate",
        "agencies.view_agency",
        "agencies.change_agency",
        "agencies.view_membership",
        "agencies.add_membership",
        "agencies.change_membership",
        "agencies.delete_membership",
        "workcal.view_calendaryear",
        "workcal.add_calendaryear",
        "workcal.change_calendaryear",
        "workcal.view_calendarday",
        "workcal.add_calendarday",
        "workcal.change_calendarday",
        "workcal.delete_calendarday",
    },
}


def sync_role_groups(**_: Any) -> None:
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in sorted(ROLE_PERMISSIONS[role]):
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def group_for(role: Role | str) -> Group:
    return Group.objects.get(name=GROUP_NAMES[Role(role)])


def sync_member_groups(instance: Membership, **_: Any) -> None:
    """Keep the user's role groups equal to the roles they hold anywhere (post_save/post_delete)."""
    user = instance.user
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    for role in Role:
        group = Group.objects.filter(name=GROUP_NAMES[role]).first()
        if group is None:
            continue
        if role.value in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if held and not user.is_staff:
        user.is_staff = True  # staff reach the back office
        user.save(update_fields=["is_staff"])
