"""Forms of the supplier portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import SurveyRequest


class PortalUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your filled CMRT"),
        help_text=_("The Conflict Minerals Reporting Template as an Excel file (.xlsx or .xls)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
        error_messages={"required": _("Choose your CMRT file first.")},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why you are not sending a CMRT"), choices=SurveyRequest.DeclineReason.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    comment = forms.CharField(
        label=_("Comment for our team"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example since when you no longer supply us, or how you know your products contain no 3TG."),
        error_messages={"required": _("Please add a short comment, so that our team can review your answer.")},
    )
