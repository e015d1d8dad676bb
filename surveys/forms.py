from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from suppliers.models import Supplier
from suppliers.selectors import supplier_find

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
