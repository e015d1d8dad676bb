"""django-import-export resources for the admin (CSV/XLSX import with preview, and export)."""

from import_export import fields, resources, widgets

from accounts.models import User
from suppliers.models import Contact, Supplier


class SupplierResource(resources.ModelResource):
    owner = fields.Field(
        attribute="owner", column_name="owner_email", widget=widgets.ForeignKeyWidget(User, field="email")
    )

    class Meta:
        model = Supplier
        import_id_fields = ("supplier_code",)
        fields = (
            "supplier_code",
            "name",
            "country",
            "category",
            "annual_spend",
            "currency",
            "in_scope",
            "active",
            "owner",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True  # runs field validation and the model's constraints


class ContactResource(resources.ModelResource):
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
        clean_model_instances = True  # runs field validation and the model's constraints
