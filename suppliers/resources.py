"""django-import-export resources for the admin (CSV/XLSX import with preview, and export).

The supplier import in the admin follows the same rules as `manage.py import_suppliers`: each row is
checked by `services.supplier_row_check` (required columns, e-mail, spend, yes/no words, owner, lengths,
duplicate codes) and the row's contact becomes the supplier's primary contact. A file with any bad row
shows the reasons in the preview and cannot be confirmed, so nothing is half-imported. Exports escape
cells that would run as formulas (core.exporting).
"""

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from accounts.models import User
from core.exporting import EscapedExportResource
from suppliers import services
from suppliers.models import Contact, Supplier


class SupplierResource(EscapedExportResource):
    owner = fields.Field(
        attribute="owner", column_name="owner_email", widget=widgets.ForeignKeyWidget(User, field="email")
    )
    # Not model fields: the row's contact, stored as the supplier's primary contact. The export reads
    # them through dehydrate_*; the import preview (which reads attributes) through the _preview_*
    # attributes set below: the primary contact before the import, the file's after.
    contact_email = fields.Field(attribute="_preview_contact_email", column_name="contact_email", readonly=True)
    contact_name = fields.Field(attribute="_preview_contact_name", column_name="contact_name", readonly=True)

    class Meta:
        model = Supplier
        import_id_fields = ("supplier_code",)
        fields = ("supplier_code", "name", "contact_email", "contact_name", "country", "category", "annual_spend",
                  "currency", "in_scope", "active", "owner")  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True  # runs field validation and the model's constraints

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self._owners = services.internal_users_by_email()
        self._columns = list(dataset.headers or [])
        self._seen: dict[str, int] = {}
        self._contacts: dict[str, tuple[str, str]] = {}

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        # The line in the file (the header is line 1), as `manage.py import_suppliers` counts; the
        # library counts data rows from 1.
        number = int(kwargs.get("row_number") or 0) + 1
        clean, reasons = services.supplier_row_check(
            values=row, number=number, owners=self._owners, columns=self._columns
        )
        code = str(row.get("supplier_code") or "").strip()
        if code.lower() in self._seen:
            reasons.append(f"supplier_code '{code}' already appears in row {self._seen[code.lower()]}")
        elif code:
            self._seen[code.lower()] = number
        if reasons:
            raise ValidationError(reasons)  # one message per reason, each listed in the preview
        # The widgets below read the normalised values (e.g. "1,200.50" → 1200.50, "yes" → True).
        existing = Supplier.objects.filter(supplier_code__iexact=code).values_list("supplier_code", flat=True).first()
        row["supplier_code"] = existing or code
        row["annual_spend"] = "" if clean["annual_spend"] is None else str(clean["annual_spend"])
        row["in_scope"] = "1" if clean["in_scope"] else "0"
        row["currency"] = clean["currency"]
        if "owner_email" in row:
            owner = clean.get("owner")
            row["owner_email"] = owner.email if isinstance(owner, User) else ""
        self._contacts[row["supplier_code"]] = (str(clean["contact_email"]), str(clean["contact_name"]))

    def after_init_instance(self, instance: Supplier, new: bool, row: Any, **kwargs: Any) -> None:
        primary = None if new else instance.contacts.filter(is_primary=True).first()
        instance._preview_contact_email = primary.email if primary else ""  # type: ignore[attr-defined]
        instance._preview_contact_name = primary.name if primary else ""  # type: ignore[attr-defined]

    def import_instance(self, instance: Supplier, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        email, name = self._contacts.get(instance.supplier_code, ("", ""))
        instance._preview_contact_email = email  # type: ignore[attr-defined]
        instance._preview_contact_name = name  # type: ignore[attr-defined]

    def skip_row(self, instance: Supplier, original: Any, row: Any, import_validation_errors: Any = None) -> bool:
        email, name = self._contacts.get(instance.supplier_code, ("", ""))
        primary = instance.pk and instance.contacts.filter(is_primary=True).first()
        contact_changed = not primary or primary.email.lower() != email or (name and primary.name != name)
        return not contact_changed and super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance: Supplier, row: Any, **kwargs: Any) -> None:
        email, name = self._contacts[instance.supplier_code]
        services.contact_make_primary(supplier=instance, email=email, name=name)

    @staticmethod
    def _primary(supplier: Supplier) -> Contact | None:
        # Iterates contacts.all() so that the admin's prefetch serves every row of an export.
        return next((c for c in supplier.contacts.all() if c.is_primary), None)

    def dehydrate_contact_email(self, supplier: Supplier) -> str:
        primary = self._primary(supplier)
        return primary.email if primary else ""

    def dehydrate_contact_name(self, supplier: Supplier) -> str:
        primary = self._primary(supplier)
        return primary.name if primary else ""


class ContactResource(EscapedExportResource):
    supplier = fields.Field(
        attribute="supplier",
        column_name="supplier_code",
        widget=widgets.ForeignKeyWidget(Supplier, field="supplier_code"),
    )

    class Meta:
        model = Contact
        import_id_fields = ("supplier", "email")
        fields = ("supplier", "name", "email", "role", "is_primary")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
