from __future__ import annotations

from typing import Any

from django import forms

from xxgk.agencies.models import Agency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        # The widget gives [] when nothing was chosen: that is a missing upload, not an empty batch.
        return [single(data or None, initial)]


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(label="核查机关", queryset=Agency.objects.none(), empty_label=None)
    title = forms.CharField(
        label="批次名称", max_length=200, required=False, help_text="如:2025年度区直部门年报核查"
    )
    files = MultipleFileField(
        label="年报文件", help_text="可多选;支持 .txt .html .htm .docx .pdf,或把多份年报打包成 .zip 上传"
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
