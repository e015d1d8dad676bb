from django.contrib import admin

from core.admin import PermissionedImportExportAdmin
from suppliers.models import Contact, Supplier
from suppliers.resources import ContactResource, SupplierResource


class ContactInline(admin.TabularInline[Contact, Supplier]):
    model = Contact
    extra = 0
    fields = ("name", "email", "role", "is_primary")


@admin.register(Supplier)
class SupplierAdmin(PermissionedImportExportAdmin):
    resource_classes = [SupplierResource]
    import_template_name = "suppliers/admin_supplier_import.html"  # reasons shown, rows numbered as in the file
    list_display = (
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
    list_filter = ("in_scope", "active", "category", "owner")
    search_fields = ("supplier_code", "name", "contacts__email")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    inlines = [ContactInline]

    def get_export_queryset(self, request):  # type: ignore[no-untyped-def]
        # The export writes each supplier's primary contact: load contacts in one query, not two per row.
        return super().get_export_queryset(request).prefetch_related("contacts")


@admin.register(Contact)
class ContactAdmin(PermissionedImportExportAdmin):
    resource_classes = [ContactResource]
    list_display = ("email", "name", "role", "supplier", "is_primary")
    list_filter = ("is_primary",)
    search_fields = ("email", "name", "supplier__name", "supplier__supplier_code")
    list_select_related = ("supplier",)
    autocomplete_fields = ("supplier",)
