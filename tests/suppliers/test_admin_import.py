"""The admin import (django-import-export): upload, preview, then confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

CSV = (
    "supplier_code,name,contact_email,contact_name,country,category,annual_spend,currency,in_scope,active\n"
    'SUP-1,Acme Circuits Inc.,jane@acme.example,Jane Doe,United States,PCB,"1,000",USD,yes,1\n'
)


def upload(client, text: str):
    return client.post(
        reverse("admin:suppliers_supplier_import"),
        {"import_file": SimpleUploadedFile("suppliers.csv", text.encode()), "format": "0", "resource": "0"},
    )


def test_the_admin_import_previews_before_anything_is_written_then_confirms(client, supply_chain_user):
    client.force_login(supply_chain_user)

    preview = upload(client, CSV)

    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.content.decode()[:2000]
    assert Supplier.objects.count() == 0
    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:suppliers_supplier_process_import"), confirm)
    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert (supplier.name, supplier.annual_spend, supplier.in_scope) == ("Acme Circuits Inc.", 1000, True)
    assert supplier.contacts.get(is_primary=True).email == "jane@acme.example"


def test_the_admin_import_refuses_a_negative_spend_with_the_reason(client, supply_chain_user):
    client.force_login(supply_chain_user)
    response = upload(client, CSV.replace('"1,000"', "-5"))
    assert "confirm_form" not in response.context
    assert "annual_spend -5 is negative" in response.content.decode()
    assert Supplier.objects.count() == 0


def test_the_admin_import_applies_the_same_rules_as_the_command(client, supply_chain_user):
    client.force_login(supply_chain_user)
    bad = CSV + "SUP-2,No Mail Ltd,not-an-email,,,,,,,1\nsup-1,Twice,x@y.example,,,,,,,1\n"
    text = upload(client, bad).content.decode()
    assert "contact_email &#x27;not-an-email&#x27; is not a valid e-mail address" in text
    assert "supplier_code &#x27;sup-1&#x27; already appears in row 1" in text
    assert Supplier.objects.count() == 0
