"""The checker form names its fields for what they hand back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.forms import CheckerForm
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_the_checker_form_hands_back_the_supplier_typed_by_its_code_as_supplier(supply_chain_user):
    acme = SupplierFactory(supplier_code="SUP-7", name="Acme Metals")
    form = CheckerForm({"supplier": "SUP-7"}, {"file": SimpleUploadedFile("cmrt.xlsx", b"x")}, user=supply_chain_user)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["supplier"] == acme


def test_the_checker_page_posts_the_supplier_under_the_forms_field_name(client, supply_chain_user):
    client.force_login(supply_chain_user)
    page = client.get(reverse("surveys:checker")).content.decode()

    assert 'name="supplier" id="id_supplier"' in page
    assert 'for="id_supplier"' in page
