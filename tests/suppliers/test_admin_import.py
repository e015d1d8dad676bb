"""The admin import (django-import-export): upload, preview, then confirm."""

import re

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
    assert "supplier_code &#x27;sup-1&#x27; already appears in row 2" in text
    assert Supplier.objects.count() == 0


BAD_ROWS = CSV + "SUP-2,No Mail Ltd,not-an-email,,,,-4,,,1\nsup-1,Twice,x@y.example,,,,,,,1\n"


def test_the_admin_preview_lists_every_reason_of_a_bad_row_in_plain_sight(client, supply_chain_user):
    client.force_login(supply_chain_user)
    text = upload(client, BAD_ROWS).content.decode()
    # The stock template hides the reasons in a box shown on hover; here each one is a list item.
    assert "validation-error-container" not in text
    assert (
        '<ul class="supplier-import-reasons">\n'
        "          \n"
        "          <li>contact_email &#x27;not-an-email&#x27; is not a valid e-mail address</li>"
        "<li>annual_spend -4 is negative</li>"
    ) in text


def test_the_admin_and_the_command_number_a_bad_row_by_the_same_line_of_the_file(
    client, supply_chain_user, tmp_path, capsys, run_command
):
    path = tmp_path / "suppliers.csv"
    path.write_text(BAD_ROWS)
    assert run_command("import_suppliers", str(path)) == 1
    err = capsys.readouterr().err
    assert "row 3: contact_email 'not-an-email' is not a valid e-mail address; annual_spend -4 is negative" in err
    assert "row 4: supplier_code 'sup-1' already appears in row 2" in err

    client.force_login(supply_chain_user)
    text = upload(client, BAD_ROWS).content.decode()
    rows = re.findall(r"<td>row (\d+)</td>\s*<td><ul class=\"supplier-import-reasons\">(.*?)</ul>", text, re.S)
    assert [(n, "not-an-email" in why, "already appears in row 2" in why) for n, why in rows] == [
        ("3", True, False),
        ("4", False, True),
    ]


def test_the_admin_preview_shows_each_rows_contact_and_a_changed_one(client, supply_chain_user):
    client.force_login(supply_chain_user)
    first = upload(client, CSV).content.decode()
    assert '<ins style="background:#e6ffe6;">jane@acme.example</ins>' in first
    assert '<ins style="background:#e6ffe6;">Jane Doe</ins>' in first

    client.post(reverse("admin:suppliers_supplier_process_import"), upload(client, CSV).context["confirm_form"].initial)
    changed = upload(client, CSV.replace("jane@acme.example,Jane Doe", "max@acme.example,Max Roe")).content.decode()
    assert "<td>row 2</td>" in changed
    # The diff marks what changes: the old primary contact struck out, the file's inserted.
    assert (
        '<td><del style="background:#ffe6e6;">jane</del><ins style="background:#e6ffe6;">max</ins>'
        "<span>@acme.example</span></td>"
    ) in changed
