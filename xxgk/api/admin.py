from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from xxgk.api.models import ApiCall, ApiToken, Scope


class TokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="权限范围", choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ApiToken
        fields = ["agency", "name", "user", "scopes", "per_minute", "revoked_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        agency, user = data.get("agency"), data.get("user")
        if agency is not None and user is not None and not user.memberships.filter(agency=agency).exists():
            self.add_error("user", "代表的工作人员须在该机构担任角色:接口按其角色办理")
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = TokenForm
    list_display = ["name", "agency", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["agency"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["agency", "user"]
    actions = ["revoke"]

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        from xxgk.agencies.selectors import member_agencies

        return qs.filter(agency__in=member_agencies(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            from xxgk.agencies.selectors import administered_agencies

            kwargs["queryset"] = administered_agencies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        from xxgk.agencies.services import may_administer

        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_administer(request.user, obj.agency))

    def save_model(self, request: Any, obj: ApiToken, form: Any, change: bool) -> None:
        from django.core.exceptions import PermissionDenied

        from xxgk.agencies.services import may_administer

        if not may_administer(request.user, obj.agency):
            raise PermissionDenied("只能为本人管理的机构创建接口令牌")
        if not change:
            key = obj.new_key()
            messages.warning(request, f"接口密钥(只显示这一次,请复制后交给对方系统):{key}")
        super().save_model(request, obj, form, change)

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: Any, queryset: Any) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "token", "method", "path", "status", "address", "detail"]
    list_filter = ["status", "method"]
    readonly_fields = ["token", "at", "method", "path", "status", "address", "detail"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        from xxgk.agencies.selectors import member_agencies

        return qs.filter(token__agency__in=member_agencies(request.user))
