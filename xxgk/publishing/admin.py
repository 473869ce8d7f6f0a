from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from xxgk.agencies.selectors import member_agencies, visible_agencies
from xxgk.publishing.models import Category, Item, PortalPage


class AgencyScoped(admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(agency__in=visible_agencies(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = member_agencies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Category)
class CategoryAdmin(AgencyScoped):
    list_display = ["name", "kind", "role", "limit_kind", "limit_days", "agency"]
    list_filter = ["kind", "role"]


@admin.register(PortalPage)
class PortalPageAdmin(AgencyScoped):
    list_display = ["title", "slug", "agency", "updated_at"]


@admin.register(Item)
class ItemAdmin(AgencyScoped):
    """Read-only here: items change through the 主动公开 pages, where review and checks apply."""

    list_display = ["index_no", "title", "state", "published", "agency"]
    list_filter = ["state", "genre__role"]
    search_fields = ["index_no", "title", "doc_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
