"""Factories for the smelter tests; suppliers come from the shared tests/factories.py."""

import datetime

import factory

from smelters.models import Metal, Smelter, SmelterAlias, StatusSnapshot, status_category


class SmelterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Smelter
        skip_postgeneration_save = True

    metal = Metal.GOLD
    cid = factory.Sequence(lambda n: f"CID{900000 + n:06d}")
    standard_name = factory.Sequence(lambda n: f"Refinery {n} Co., Ltd.")
    country = "JAPAN"

    @factory.post_generation
    def aliases(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for name in [self.standard_name, *(extracted or [])]:
            SmelterAlias.objects.get_or_create(smelter=self, name=name)


class StatusSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusSnapshot

    smelter = factory.SubFactory(SmelterFactory)
    status = "Conformant"
    category = factory.LazyAttribute(lambda o: status_category(o.status))
    as_of = datetime.date(2024, 1, 1)
    source_name = "test.csv"
