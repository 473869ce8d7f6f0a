from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from xxgk.agencies.models import Agency, Membership
from xxgk.agencies.selectors import administered_agencies, can_edit, member_agencies, visible_agencies
from xxgk.agencies.services import delete_membership, may_administer, save_membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    # Staff of an agency are set by its 管理员 only (services.may_administer), not by every member
    # who may open the agency's page.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and (obj is None or may_administer(request.user, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_administer(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_administer(request.user, obj))


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Membership:
            memberships = formset.save(commit=False)
            for membership in memberships:
                save_membership(membership, by=request.user)
            for membership in formset.deleted_objects:
                delete_membership(membership, by=request.user)
            return
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        return visible_agencies(request.user).select_related("parent")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        # A superior office sees its subordinates but changes only its own agencies.
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # Letting the platform fetch from internal addresses is the operator's decision, not an
        # agency administrator's: it would let anyone with a review account probe the intranet.
        if not request.user.is_superuser:
            fields += ["review_fetch_private", "remote_url"]  # the platform then fetches from there
        return fields


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["user", "agency"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).filter(agency__in=member_agencies(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = administered_agencies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_administer(request.user, obj.agency))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_administer(request.user, obj.agency))

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        save_membership(obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        delete_membership(obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("agency"):
            delete_membership(membership, by=request.user)


admin.site.site_header = "xxgk 政府信息公开平台"
admin.site.site_title = "xxgk 后台"
admin.site.index_title = "政府信息公开工作管理"
