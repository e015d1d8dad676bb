"""The factories every test shares: suppliers, their contacts, campaigns and their requests, and CMRT
submissions."""

import hashlib
from datetime import date
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from suppliers.models import Contact, Supplier
from surveys.models import Campaign, Submission, SurveyRequest


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


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft campaign for the reporting year 2026, due on 31 March 2027."""

    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"CMRT 2026 #{n}")
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)
    due_date = date(2027, 3, 31)


class SurveyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRequest

    campaign = factory.SubFactory(CampaignFactory)
    supplier = factory.SubFactory(SupplierFactory)
