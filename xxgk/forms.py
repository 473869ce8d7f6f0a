"""Form pieces every app uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone


class IsoDateInput(forms.DateInput):
    """<input type="date">: browsers take and give YYYY-MM-DD only. With the zh-hans locale Django
    would render a saved date as 2026/11/20, which the browser discards: the field showed empty and
    a form saved once could not be saved again."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UpToTodayInput(IsoDateInput):
    """A date input whose browser-side limit is today (Beijing) as the page is drawn. Set when the
    field was made, the limit stayed at the day the server process started: the next morning the
    browser refused today's date ("must be … or earlier")."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["max"] = timezone.localdate().isoformat()
        return context


class BusinessDateField(forms.DateField):
    """The date something happened (received, sent, decided): never later than today, since a
    deadline counted from a future date cannot be right and later steps would be refused."""

    widget = UpToTodayInput

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date) and value > timezone.localdate():
            raise forms.ValidationError(f"日期不能晚于今天({timezone.localdate():%Y-%m-%d})", code="future")


# Django's own wording (这个字段是必填项。输入一个有效的 Email 地址。) reads as a machine's; these say
# what to do. Set once for every form of the platform (portal.apps.PortalConfig.ready).
MESSAGES: dict[type[forms.Field], dict[str, str]] = {
    forms.Field: {"required": "此项必须填写"},
    forms.EmailField: {"invalid": "电子邮箱的格式不对,应如 name@example.com"},
    forms.URLField: {"invalid": "网址的格式不对,应如 https://www.example.gov.cn/"},
    forms.DateField: {"invalid": "日期的格式不对,应如 2026-01-06"},
    forms.IntegerField: {"invalid": "请填写整数"},
    forms.DecimalField: {"invalid": "请填写数字"},
    forms.ChoiceField: {"invalid_choice": "请从列表中选择"},
    forms.ModelChoiceField: {"invalid_choice": "请从列表中选择"},
    forms.FileField: {
        "invalid": "没有收到文件,请重新选择",
        "missing": "没有收到文件,请重新选择",
        "empty": "所选文件是空的",
        "contradiction": "请选择新文件,或勾选清除,不能同时进行",
    },
}


def use_plain_messages() -> None:
    for field, messages in MESSAGES.items():
        field.default_error_messages = {**field.default_error_messages, **messages}
