from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContactFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier():
    return ContactFactory(supplier__name="Acme Circuits Inc.").supplier


def test_the_list_searches_by_name_code_and_contact(client, supply_chain_user, supplier):
    SupplierFactory(name="Hanse Metall GmbH", supplier_code="HM-1")
    client.force_login(supply_chain_user)
    for query in ("acme", supplier.supplier_code, supplier.contacts.get().email):
        names = [s.name for s in client.get(reverse("suppliers:list"), {"q": query}).context["page"]]
        assert names == ["Acme Circuits Inc."], query


def test_the_list_filters_by_category_scope_and_owner(client, supply_chain_user):
    SupplierFactory(name="In PCB", category="PCB", owner=supply_chain_user)
    SupplierFactory(name="Out PCB", category="PCB", in_scope=False)
    SupplierFactory(name="In Plastics", category="Plastics")
    client.force_login(supply_chain_user)

    def names(**params):
        return sorted(s.name for s in client.get(reverse("suppliers:list"), params).context["page"])

    assert names(category="PCB") == ["In PCB", "Out PCB"]
    assert names(category="PCB", in_scope="yes") == ["In PCB"]
    assert names(owner=supply_chain_user.email) == ["In PCB"]
    assert names(owner="none") == ["In Plastics", "Out PCB"]


def test_the_list_paginates_fifty_a_page(client, supply_chain_user):
    SupplierFactory.create_batch(120)
    client.force_login(supply_chain_user)
    page = client.get(reverse("suppliers:list"), {"page": 3}).context["page"]
    assert (page.number, len(page.object_list), page.paginator.num_pages) == (3, 20, 3)


def test_the_list_page_runs_a_fixed_number_of_queries_however_many_suppliers(client, supply_chain_user):
    client.force_login(supply_chain_user)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("suppliers:list")).status_code == 200
        return len(captured)

    ContactFactory.create_batch(3, supplier__owner=supply_chain_user)
    few = queries_for_page()
    ContactFactory.create_batch(40, supplier__owner=supply_chain_user)
    assert queries_for_page() == few <= 12


def test_the_detail_page_lists_the_contacts_primary_first(client, supply_chain_user, supplier):
    ContactFactory(supplier=supplier, name="Second Person", email="second@acme.example", is_primary=False)
    client.force_login(supply_chain_user)
    page = client.get(reverse("suppliers:detail", args=[supplier.public_id])).content.decode()
    primary = supplier.contacts.get(is_primary=True).email
    assert primary in page and "second@acme.example" in page
    assert page.index(primary) < page.index("second@acme.example")


def test_spend_is_totalled_per_currency_never_across_currencies(client, supply_chain_user):
    SupplierFactory(annual_spend=Decimal("1000"), currency="USD")
    SupplierFactory(annual_spend=Decimal("500"), currency="USD")
    SupplierFactory(annual_spend=Decimal("700"), currency="EUR")
    client.force_login(supply_chain_user)
    response = client.get(reverse("suppliers:list"))
    totals = {row["currency"]: row["total"] for row in response.context["spend_by_currency"]}
    assert totals == {"USD": Decimal("1500"), "EUR": Decimal("700")}
    assert "1,500 USD" in response.content.decode() and "700 EUR" in response.content.decode()


def test_a_supplier_with_two_contacts_matching_the_search_counts_once_in_the_spend_total(client, supply_chain_user):
    summit = SupplierFactory(name="Summit Metals", annual_spend=Decimal("1000"), currency="USD")
    ContactFactory(supplier=summit, email="anna@summit.example", is_primary=True)
    ContactFactory(supplier=summit, email="ben@summit.example", is_primary=False)
    SupplierFactory(name="Summit Plastics", annual_spend=Decimal("500"), currency="USD")
    client.force_login(supply_chain_user)
    response = client.get(reverse("suppliers:list"), {"q": "summit"})
    totals = {row["currency"]: row["total"] for row in response.context["spend_by_currency"]}
    assert totals == {"USD": Decimal("1500")}
    assert [s.name for s in response.context["page"]] == ["Summit Metals", "Summit Plastics"]
