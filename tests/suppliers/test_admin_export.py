"""Every export the portal has (the admin's supplier and contact exports, CSV and XLSX) escapes cells
that a spreadsheet would run as a formula, the OWASP way, and changes no other data."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import require_module
from tests.factories import ContactFactory, SupplierFactory

pytestmark = pytest.mark.django_db

# (what a supplier typed, what the export must hold): a leading ' and the text unchanged.
HOSTILE_NAMES = [
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ('==HYPERLINK("http://evil.example","x")', '\'==HYPERLINK("http://evil.example","x")'),
    ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Acme Circuits Inc.", "Acme Circuits Inc."),
    ("Müller & Söhne GmbH", "Müller & Söhne GmbH"),
]
FORMATS = {"csv": "0", "xlsx": "1"}


def as_read_back(expected: str, kind: str) -> str:
    # XML (and so XLSX) stores a carriage return as a line break: that is the format, not the escaping.
    return expected.replace("\r", "\n") if kind == "xlsx" else expected


EXPORTS = {
    "supplier": ("admin:suppliers_supplier_export", "supplierresource_"),
    "contact": ("admin:suppliers_contact_export", "contactresource_"),
}


def export(client, model: str, kind: str) -> list[list[object]]:
    """POST the admin export form with every column chosen; the file read back as rows of cells."""
    url_name, prefix = EXPORTS[model]
    form = client.get(reverse(url_name)).context["form"]
    chosen = {name: "on" for name in form.fields if name.startswith(prefix)}
    response = client.post(reverse(url_name), {"format": FORMATS[kind], "resource": "0", **chosen})
    assert response.status_code == 200, response.content.decode()[:500]
    if kind == "csv":
        assert response["Content-Type"].startswith("text/csv")
        return [list(row) for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))]
    openpyxl = require_module("openpyxl")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def column(rows: list[list[object]], header: str) -> list[object]:
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_supplier_export_prefixes_formula_cells_with_a_quote_and_keeps_every_other_name(
    client, supply_chain_user, kind
):
    for number, (name, _) in enumerate(HOSTILE_NAMES):
        SupplierFactory(supplier_code=f"SUP-{number:02d}", name=name)
    client.force_login(supply_chain_user)

    rows = export(client, "supplier", kind)

    assert sorted(zip(column(rows, "supplier_code"), column(rows, "name"), strict=True)) == [
        (f"SUP-{number:02d}", as_read_back(expected, kind)) for number, (_, expected) in enumerate(HOSTILE_NAMES)
    ]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_supplier_export_keeps_a_code_starting_with_equals_instead_of_dropping_the_sign(
    client, supply_chain_user, kind
):
    SupplierFactory(supplier_code="=FX5", name="Fox Five Ltd.", annual_spend=1250)
    client.force_login(supply_chain_user)

    rows = export(client, "supplier", kind)

    assert column(rows, "supplier_code") == ["'=FX5"]
    assert column(rows, "name") == ["Fox Five Ltd."]
    assert [Decimal(str(value)) for value in column(rows, "annual_spend")] == [Decimal(1250)]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_contact_export_prefixes_formula_cells_in_names_roles_and_supplier_codes(client, supply_chain_user, kind):
    supplier = SupplierFactory(supplier_code="=FX5")
    for number, (name, _) in enumerate(HOSTILE_NAMES):
        ContactFactory(supplier=supplier, name=name, role=name, email=f"c{number}@fx5.example", is_primary=False)
    client.force_login(supply_chain_user)

    rows = export(client, "contact", kind)

    expected = sorted(
        (f"c{n}@fx5.example", as_read_back(escaped, kind)) for n, (_, escaped) in enumerate(HOSTILE_NAMES)
    )
    assert sorted(zip(column(rows, "email"), column(rows, "name"), strict=True)) == expected
    assert sorted(zip(column(rows, "email"), column(rows, "role"), strict=True)) == expected
    assert set(column(rows, "supplier_code")) == {"'=FX5"}
