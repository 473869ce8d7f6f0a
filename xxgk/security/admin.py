from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from xxgk.agencies.models import Membership
from xxgk.agencies.selectors import administered_agencies
from xxgk.ledgers import write_table
from xxgk.security.models import SecurityEvent, SecurityKind
from xxgk.security.services import record


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the log is appended to by the platform, never edited by anyone."""

    list_display = ["at", "kind", "username", "address", "agency", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "address", "detail"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SecurityEvent]:
        qs = super().get_queryset(request).select_related("agency")
        if request.user.is_superuser:
            return qs
        # An agency's 管理员 reads what concerns its agencies and its own staff.
        agencies = administered_agencies(request.user)
        staff = Membership.objects.filter(agency__in=agencies).values("user_id")
        return qs.filter(Q(agency__in=agencies) | Q(user_id_value__in=staff))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="导出所选日志(CSV)")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[SecurityEvent]) -> HttpResponse:
        # The ledgers' writer: UTF-8 with BOM for Excel, control characters cleaned, no formulas.
        rows = [
            [
                timezone.localtime(e.at).isoformat(),  # Beijing time, with its +08:00
                e.get_kind_display(),
                e.username,
                e.address,
                e.agency.name if e.agency_id else "",
                e.detail,
            ]
            for e in queryset.order_by("at", "pk")
        ]
        data = write_table(["时间", "事件", "用户名", "访问地址", "机关", "说明"], rows, "security-log.csv")
        record(SecurityKind.EXPORT, request=request, detail=f"导出安全日志{len(rows)}条")
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = "attachment; filename=security-log.csv"
        return response
