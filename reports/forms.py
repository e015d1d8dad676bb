from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import NARRATIVE_SECTIONS, FilingMode, FilingPackage

PLACEHOLDER_HELP = _(
    "[[suppliers_surveyed]], [[response_rate_pct]] and the other figure keys of the summary are filled in "
    "from the figures frozen by each export, so the text stays true when it is carried over to next year."
)


class FilingPackageForm(forms.ModelForm):  # type: ignore[type-arg]
    """The Form SD cover data and mode, and one text area per narrative section."""

    website_url = forms.URLField(
        label=_("website where the disclosure is published"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = FilingPackage
        fields = [*FilingPackage.COVER_FIELDS, "mode"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrative = self.instance.narrative or {}
        for key, label in NARRATIVE_SECTIONS:
            self.fields[f"narrative_{key}"] = forms.CharField(
                label=label,
                required=False,
                initial=narrative.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=PLACEHOLDER_HELP if key == "rcoi" else "",
            )

    def cover(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in (*FilingPackage.COVER_FIELDS, "mode")}

    def narrative(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"narrative_{key}"] for key, _label in NARRATIVE_SECTIONS}


class ReportRunForm(forms.Form):
    as_of = forms.DateField(label=_("Status date"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("What is filed"), choices=FilingMode.choices)
