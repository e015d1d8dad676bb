from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from suppliers.models import Supplier
from suppliers.selectors import supplier_find
from surveys.models import Campaign
from surveys.services.campaigns import CAMPAIGN_FIELDS

# What the supplier datalist shows: "SUP-00042 — Acme Metals"; the form accepts that, the code or the name.
PICK_SEPARATOR = " — "


class CheckerForm(forms.Form):
    file = forms.FileField(
        label=_("CMRT workbook"),
        required=False,
        help_text=_("A filled Conflict Minerals Reporting Template 6.x (.xlsx or .xls)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm"}),
    )
    # Typed as a name or an ERP code (or picked from the datalist); cleaned to the Supplier it names.
    supplier = forms.CharField(
        label=_("Supplier (optional)"),
        required=False,
        help_text=_(
            "Type the supplier's name or ERP code to file the workbook under it; leave empty to just check it."
        ),
    )
    # A file already kept by an earlier try (its supplier was not found): filed now without choosing it again.
    kept = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_supplier(self) -> Supplier | None:
        text = self.cleaned_data["supplier"].strip()
        if not text:
            return None
        code, _sep, _name = text.partition(PICK_SEPARATOR)
        supplier = supplier_find(user=self.user, text=code.strip()) or supplier_find(user=self.user, text=text)
        if supplier is None:
            raise forms.ValidationError(
                _("No supplier has the name or code “%(text)s”."), params={"text": text}, code="unknown_supplier"
            )
        return supplier

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not cleaned.get("kept") and "file" not in self.errors:
            self.add_error("file", _("Choose a CMRT workbook to check."))
        return cleaned


def _time_zones() -> list[tuple[str, str]]:
    import zoneinfo

    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    """A campaign's settings. Once the campaign is open its period and its suppliers are shown but fixed
    (the requests were made for them); the blank CMRT is offered only to those who may upload it."""

    blank_template_file = forms.FileField(
        label=_("Blank CMRT to hand out"),
        required=False,
        help_text=_("The RMI's current template (.xlsx), as downloaded from responsiblemineralsinitiative.org."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
    )

    class Meta:
        model = Campaign
        fields = list(CAMPAIGN_FIELDS)  # the fields the campaign services write, listed once
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "selection": forms.RadioSelect,
            "selection_codes": forms.Textarea(attrs={"rows": 3, "placeholder": "SUP-00001, SUP-00002"}),
            # Typed or picked from the categories and countries the supplier list holds.
            "selection_category": forms.TextInput(attrs={"list": "supplier-categories"}),
            "selection_country": forms.TextInput(attrs={"list": "supplier-countries"}),
        }

    def __init__(self, *args: Any, may_upload_template: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ladder_defaults: dict[str, int] = {}
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"), choices=_time_zones(), initial=self.instance.time_zone or "UTC"
        )
        for name in ("reminder_first_after_days", "reminder_every_days"):
            model_field = Campaign._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # the two names are columns of Campaign
            self.fields[name] = forms.IntegerField(
                label=str(model_field.verbose_name).capitalize(),
                help_text=model_field.help_text,
                min_value=1,
                max_value=365,
                # Left empty (or not posted, as by a script), the ladder keeps what it has: the campaign's
                # current value, or the default for a new one.
                required=False,
                initial=getattr(self.instance, name) if self.instance.pk else model_field.default,
            )
            self._ladder_defaults[name] = getattr(self.instance, name) if self.instance.pk else model_field.default
        internal = User.objects.filter(is_active=True, supplier__isnull=True).order_by("email")
        for name in ("owner", "selection_owner"):
            self.fields[name].queryset = internal  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["owner"].empty_label = _("Me")  # type: ignore[attr-defined]  # campaign_create's default
        self.fields["selection_owner"].empty_label = _("Anyone")  # type: ignore[attr-defined]
        if not may_upload_template:
            del self.fields["blank_template_file"]
        if self.instance.pk and self.instance.status != Campaign.Status.DRAFT:
            for name in ("period_start", "period_end", "selection", "selection_category", "selection_country",
                         "selection_owner", "selection_codes"):  # fmt: skip
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, default in self._ladder_defaults.items():
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = default
        return cleaned
