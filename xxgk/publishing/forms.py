from __future__ import annotations

from typing import Any

from django import forms

from xxgk.forms import IsoDateInput
from xxgk.publishing.models import Category, CategoryKind, GenreRole, Item, ItemState


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "title",
            "publisher",
            "doc_number",
            "formed",
            "theme",
            "genre",
            "interpretation_of",
            "interpretation_form",
            "interpreter",
            "catalogue_entry",
            "body",
        ]
        widgets = {
            "formed": IsoDateInput(),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args: Any, agency: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Category.objects.filter(agency=agency, kind=CategoryKind.THEME)
        self.fields["genre"].queryset = Category.objects.filter(agency=agency, kind=CategoryKind.GENRE)
        self.fields["interpretation_of"].queryset = Item.objects.filter(
            agency=agency, genre__role=GenreRole.NORMATIVE
        ).exclude(state=ItemState.WITHDRAWN)
        self.fields["interpretation_of"].help_text = "仅政策解读填写:所解读的规范性文件"
        from xxgk.catalogue.services import entries_for

        self.fields["catalogue_entry"].queryset = (
            entries_for(agency) if agency is not None else self.fields["catalogue_entry"].queryset.none()
        )
        if agency is not None and not self.initial.get("publisher"):
            self.initial["publisher"] = agency.name
