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


class BusinessDateField(forms.DateField):
    """The date something happened (received, sent, decided): never later than today, since a
    deadline counted from a future date cannot be right and later steps would be refused."""

    widget = IsoDateInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["max"] = timezone.localdate().isoformat()
        return attrs

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date) and value > timezone.localdate():
            raise forms.ValidationError(f"日期不能晚于今天({timezone.localdate():%Y-%m-%d})", code="future")
