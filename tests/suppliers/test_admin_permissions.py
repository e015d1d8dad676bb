"""The admin's import and export ask for the model permissions they use: import writes (add and
change), export reads (view). A reader who may only look cannot change data through a file."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ImportMixin

from suppliers.models import Contact, Supplier
from tests.factories import ContactFactory, SupplierFactory

pytestmark = pytest.mark.django_db

RENAME = (
    "supplier_code,name,contact_email,contact_name,country,category,annual_spend,currency,in_scope,active\n"
    "SUP-00001,Renamed By A Reader,new@reader.example,Someone Else,Germany,PCB,100,USD,yes,1\n"
)


@pytest.fixture
def sup_00001(db):
    supplier = SupplierFactory(supplier_code="SUP-00001", name="Apex Circuits Inc.")
    ContactFactory(supplier=supplier, email="jane@apex.example", name="Jane Doe", is_primary=True)
    return supplier


def import_preview(client, model: str, text: str):
    return client.post(
        reverse(f"admin:suppliers_{model}_import"),
        {"import_file": SimpleUploadedFile(f"{model}.csv", text.encode()), "format": "0", "resource": "0"},
    )


def assert_sup_00001_unchanged() -> None:
    supplier = Supplier.objects.get(supplier_code="SUP-00001")
    assert supplier.name == "Apex Circuits Inc."
    assert list(supplier.contacts.values_list("email", "is_primary")) == [("jane@apex.example", True)]


def test_a_view_only_user_cannot_open_or_post_the_supplier_import(client, view_only_staff_user, sup_00001):
    client.force_login(view_only_staff_user)

    assert client.get(reverse("admin:suppliers_supplier_import")).status_code == 403
    assert import_preview(client, "supplier", RENAME).status_code == 403
    assert_sup_00001_unchanged()


def test_a_view_only_user_cannot_confirm_an_import_that_renames_a_supplier(
    client, view_only_staff_user, supply_chain_user, sup_00001
):
    # The confirm form as the supply-chain team's preview produced it, posted by a reader.
    client.force_login(supply_chain_user)
    confirm = import_preview(client, "supplier", RENAME).context["confirm_form"].initial
    client.force_login(view_only_staff_user)

    response = client.post(reverse("admin:suppliers_supplier_process_import"), confirm)

    assert response.status_code == 403
    assert_sup_00001_unchanged()


def test_legal_made_staff_in_the_past_cannot_rename_a_supplier_through_the_admin_import(
    client, legal_user, supply_chain_user, sup_00001
):
    legal_user.is_staff = True  # as user_create did for every role before the roles table
    legal_user.save()
    client.force_login(supply_chain_user)
    confirm = import_preview(client, "supplier", RENAME).context["confirm_form"].initial
    client.force_login(legal_user)

    refused = [
        import_preview(client, "supplier", RENAME),
        client.post(reverse("admin:suppliers_supplier_process_import"), confirm),
    ]

    # Legal holds no admin permission, so the admin sends it to its login page ("not authorized").
    assert [(r.status_code, r.url.split("?")[0]) for r in refused] == [(302, reverse("admin:login"))] * 2
    assert_sup_00001_unchanged()


def test_a_view_only_user_cannot_create_contacts_through_the_contact_import(client, view_only_staff_user, sup_00001):
    client.force_login(view_only_staff_user)
    text = "supplier_code,name,email,role,is_primary\nSUP-00001,Mallory,mallory@evil.example,Sales,0\n"

    assert import_preview(client, "contact", text).status_code == 403
    assert not Contact.objects.filter(email="mallory@evil.example").exists()


def test_the_supply_chain_team_may_still_import_suppliers(client, supply_chain_user, sup_00001):
    client.force_login(supply_chain_user)
    confirm = import_preview(client, "supplier", RENAME).context["confirm_form"].initial
    client.post(reverse("admin:suppliers_supplier_process_import"), confirm)
    assert Supplier.objects.get(supplier_code="SUP-00001").name == "Renamed By A Reader"


def test_export_needs_the_view_permission_of_the_model_exported(client, sup_00001):
    from django.contrib.auth.models import Permission

    from accounts.services import user_create

    user = user_create(email="suppliers-only@example.com", password="pw-123456!", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_supplier"))
    client.force_login(user)

    assert client.get(reverse("admin:suppliers_supplier_export")).status_code == 200
    assert client.get(reverse("admin:suppliers_contact_export")).status_code == 403
    assert client.post(reverse("admin:suppliers_contact_export"), {"format": "0", "resource": "0"}).status_code == 403


def test_every_admin_that_offers_import_or_export_asks_for_the_model_permissions():
    from core.admin import PermissionedImportExportAdmin

    offering = [model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, ImportMixin)]
    assert offering, "the supplier and contact admins offer import"
    assert [a for a in offering if not isinstance(a, PermissionedImportExportAdmin)] == []
