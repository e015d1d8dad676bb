"""The factories every test shares: suppliers, their contacts and their CMRT submissions."""

import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from suppliers.models import Contact, Supplier
from surveys.models import Submission


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


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A CMRT upload filed under a supplier and not yet checked (the checker fills in the rest)."""

    class Meta:
        model = Submission

    class Params:
        content = factory.Sequence(lambda n: f"not really a workbook {n}".encode())

    supplier = factory.SubFactory(SupplierFactory)
    original_name = factory.Sequence(lambda n: f"cmrt-{n}.xlsx")
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
