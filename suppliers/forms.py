from django import forms
from django.utils.translation import gettext_lazy as _

from suppliers.models import Supplier


class CheckerForm(forms.Form):
    file = forms.FileField(
        label=_("CMRT workbook"),
        help_text=_("A filled Conflict Minerals Reporting Template 6.x (.xlsx or .xls)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm"}),
    )
    supplier_code = forms.CharField(
        label=_("Supplier code (optional)"),
        required=False,
        help_text=_("Give the ERP code to file the workbook under that supplier; leave empty just to check it."),
    )

    def clean_supplier_code(self) -> Supplier | None:
        code = self.cleaned_data["supplier_code"].strip()
        if not code:
            return None
        supplier = Supplier.objects.filter(supplier_code__iexact=code).first()
        if supplier is None:
            raise forms.ValidationError(_("No supplier has the code %(code)s."), params={"code": code})
        return supplier
