from __future__ import annotations

from typing import Any

from django import forms

from xxgk.agencies.models import Agency
from xxgk.forms import IsoDateInput, UpToTodayInput
from xxgk.oversight.models import Channel
from xxgk.rules.complaints import Conclusion, Kind


class ComplaintForm(forms.Form):
    office = forms.ModelChoiceField(label="受理的公开办", queryset=Agency.objects.none())
    agency = forms.ModelChoiceField(label="被投诉举报的机关", queryset=Agency.objects.none())
    received = forms.DateField(label="收到日期", widget=UpToTodayInput())
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    kind = forms.ChoiceField(label="类别", choices=[(k.value, k.label) for k in Kind])
    subject = forms.CharField(label="事由", max_length=200)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    complainant = forms.CharField(
        label="投诉举报人", max_length=100, required=False, help_text="可不填;不在导出的登记表中"
    )
    contact = forms.CharField(label="联系方式", max_length=100, required=False)

    def __init__(self, *args: Any, offices: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["agency"].queryset = agencies


class StepForm(forms.Form):
    on = forms.DateField(label="日期", widget=IsoDateInput())
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    conclusion = forms.ChoiceField(
        label="办结结论", choices=[("", "请选择")] + [(c.value, c.label) for c in Conclusion], required=False
    )
    notice = forms.CharField(
        label="通报内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
