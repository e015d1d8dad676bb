"""Every domain row's public UUID is `public_id`, so it reads apart from business codes (`supplier_code`)."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from core.models import BaseModel
from smelters.selectors import smelter_get_for_user
from suppliers.selectors import supplier_get_for_user
from surveys.selectors import submission_get_for_user
from tests.factories import SupplierFactory


def _domain_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, BaseModel)]


def test_every_domain_row_has_a_unique_public_id_and_no_field_called_code():
    assert len(_domain_models()) >= 7
    for model in _domain_models():
        field = model._meta.get_field("public_id")
        assert isinstance(field, models.UUIDField) and field.unique, model
        assert "code" not in {f.name for f in model._meta.get_fields()}, model


@pytest.mark.parametrize("selector", [supplier_get_for_user, smelter_get_for_user, submission_get_for_user])
def test_the_selectors_that_resolve_a_url_take_the_public_id(selector):
    assert "public_id" in selector.__code__.co_varnames[: selector.__code__.co_kwonlyargcount]


@pytest.mark.django_db
def test_a_suppliers_page_is_addressed_by_its_public_id(client, supply_chain_user):
    supplier = SupplierFactory()
    client.force_login(supply_chain_user)

    url = reverse("suppliers:detail", kwargs={"public_id": supplier.public_id})

    assert url == f"/suppliers/{supplier.public_id}/"
    assert client.get(url).status_code == 200
