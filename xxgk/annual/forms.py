"""The report editor: the clerk's figures of section 二, the narrative, and for an office its scope."""

from __future__ import annotations

from typing import Any

from django import forms

from xxgk.annual.models import Report, ReportScope
from xxgk.annual.services import NARRATIVE
from xxgk.annual.tables import manual_fields
from xxgk.review.models import ReviewBatch
from xxgk.rules.formats import SECTIONS, ValueKind


class ReportForm(forms.Form):
    """Field names: the cell key (licensing.decisions) for figures, section_一 … for the text.
    Numbers arrive as text and are validated by the service, which names row and column."""

    def __init__(self, *args: Any, report: Report, previous: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = []
        for key, row, col, kind in manual_fields(report.version):
            self.fields[key] = forms.CharField(
                label=f"{row}·{col}",
                required=False,
                initial=report.manual.get(key, ""),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal" if kind is ValueKind.AMOUNT else "numeric", "size": 10}
                ),
            )
            self.cells.append((key, row, col, previous.get(key)))
        titles = dict(SECTIONS)
        for key in NARRATIVE:
            self.fields[f"section_{key}"] = forms.CharField(
                label=f"{key}、{titles[key]}",
                required=False,
                initial=report.sections.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 14 if key == "一" else 6}),
            )
        children = report.agency.children.exists()
        batches = ReviewBatch.objects.filter(agency=report.agency)
        self.summary = children or batches.exists()
        if self.summary:
            self.fields["scope"] = forms.ChoiceField(
                label="报告范围", choices=ReportScope.choices, initial=report.scope
            )
            self.fields["summary_batch"] = forms.ModelChoiceField(
                label="一并汇总上传的年报",
                queryset=batches,
                required=False,
                initial=report.summary_batch_id,
                empty_label="(不使用上传的年报)",
                help_text="在“年报核查”中上传的批次;下级机关未在本系统发布年报时,按机关名称取用其上传的年报",
            )

    def cell_fields(self) -> list[tuple[Any, str, str, Any]]:
        return [(self[key], row, col, prev) for key, row, col, prev in self.cells]

    def section_fields(self) -> list[Any]:
        return [self[f"section_{k}"] for k in NARRATIVE]

    def values(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key, "") for key, *_ in self.cells}

    def sections(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"section_{k}", "") for k in NARRATIVE}
