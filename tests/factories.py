from decimal import Decimal

import factory

from suppliers.models import Contact, Supplier


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    supplier_code = factory.Sequence(lambda n: f"SUP-{n:05d}")
    name = factory.Sequence(lambda n: f"Supplier {n} Ltd.")
    country = "Germany"
    category = "Passive components"
    annual_spend = Decimal("125000.00")
    currency = "USD"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@supplier.example")
    is_primary = True
