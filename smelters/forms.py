from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smelters.models import MatchDecision, Metal, Smelter


class MatchDecisionForm(forms.Form):
    """A reviewer's decision for one (metal, normalised name, normalised country) group."""

    metal = forms.ChoiceField(choices=Metal.choices, widget=forms.HiddenInput)
    name_key = forms.CharField(max_length=255, widget=forms.HiddenInput)
    country_key = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    example_name = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=MatchDecision.Verdict.choices)
    smelter = forms.UUIDField(required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == MatchDecision.Verdict.SMELTER:
            code = data.get("smelter")
            smelter = Smelter.objects.filter(public_id=code, metal=data.get("metal")).first() if code else None
            if smelter is None:
                raise forms.ValidationError(_("Choose the smelter or refiner (of the same metal) this name is."))
            data["smelter_obj"] = smelter
        return data


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CMRT or EMRT workbook (its Smelter Look-up), a status list (CSV or XLSX) or an Appendix A CSV."),
    )
    as_of = forms.DateField(
        label=_("Statuses as of"),
        required=False,
        help_text=_(
            "YYYY-MM-DD: the day the list was published. Empty: the date in the file (a CMRT's Revision tab, "
            "when a workbook was saved) or in its name; a file with no date is refused."
        ),
    )
