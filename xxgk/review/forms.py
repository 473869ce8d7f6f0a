from __future__ import annotations

from typing import Any

from django import forms

from xxgk.agencies.models import Agency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf,.jpg,.jpeg,.png,.zip"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        # The widget gives [] when nothing was chosen: a missing upload, not an empty batch.
        cleaned = single(data or None, initial)
        return [cleaned] if cleaned else []


MAX_LIST_BYTES = 1024 * 1024


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(label="核查机关", queryset=Agency.objects.none(), empty_label=None)
    title = forms.CharField(
        label="批次名称", max_length=200, required=False, help_text="如:2025年度区直部门年报核查"
    )
    files = MultipleFileField(
        label="年报文件",
        required=False,
        help_text="可多选;支持 .txt .html .htm .docx .pdf,扫描件(图片版 PDF 或 .jpg .png)自动识别文字;"
        "也可把多份年报打包成 .zip 上传",
    )
    urls = forms.CharField(
        label="年报网址",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "https://www.example.gov.cn/art/2026/1/20/art_1_1.html"}
        ),
        help_text="每行一个网址,或“机构名称,年报网址”;"
        "系统逐个下载网页(网页附有 PDF、Word 年报的,下载该文件)并核查",
    )
    url_list = forms.FileField(
        label="网址清单(CSV)",
        required=False,
        help_text="两列:机构名称,年报网址(UTF-8 或 Excel 另存的 CSV)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean_url_list(self) -> str:
        upload = self.cleaned_data.get("url_list")
        if not upload:
            return ""
        data = upload.read(MAX_LIST_BYTES + 1)
        if len(data) > MAX_LIST_BYTES:
            raise forms.ValidationError("网址清单超过1MB")
        for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV in GBK
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("网址清单无法识别编码,请另存为 UTF-8 的 CSV")

    def clean(self) -> dict[str, Any]:
        from xxgk.reports.fetch import parse_list

        data = super().clean()
        listed, problems = parse_list("\n".join([data.get("urls") or "", data.get("url_list") or ""]))
        for problem in problems[:5]:
            self.add_error("urls" if data.get("urls") else "url_list", problem)
        data["links"] = listed
        if not problems and not listed and not data.get("files"):
            raise forms.ValidationError("请上传年报文件,或填写年报网址、上传网址清单")
        return data
