"""Country-of-origin data (RMI member data): optional, dated, all or nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.importing import ImportRefused
from smelters.models import SmelterOrigin
from smelters.services import smelter_origins_import

pytestmark = pytest.mark.django_db

ORIGINS = (
    b"Metal,Smelter ID,Countries of Origin,Recycled/Scrap\n"
    b"Gold,CID000019,Japan; Australia,partial\n"
    b"Tantalum,CID002544,Rwanda,\n"
    b"Tantalum,CID002544,Brazil,\n"
)
AS_OF = datetime.date(2024, 6, 30)


def test_country_of_origin_rows_are_merged_per_smelter_and_dated(reference):
    outcome = smelter_origins_import(source=ORIGINS, name="origins.csv", as_of=AS_OF)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 0, 0)
    gold = SmelterOrigin.objects.get(smelter=reference["aida"])
    assert (gold.countries, gold.recycled_scrap, gold.as_of) == (["Australia", "Japan"], "partial", AS_OF)
    assert SmelterOrigin.objects.get(smelter=reference["starck_de"]).countries == ["Brazil", "Rwanda"]


def test_importing_the_same_origins_again_changes_nothing_and_a_new_date_keeps_the_old_record(reference):
    smelter_origins_import(source=ORIGINS, name="origins.csv", as_of=AS_OF)
    again = smelter_origins_import(source=ORIGINS, name="origins.csv", as_of=AS_OF)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    smelter_origins_import(source=ORIGINS, name="origins.csv", as_of=datetime.date(2025, 6, 30))
    assert SmelterOrigin.objects.filter(smelter=reference["aida"]).count() == 2


def test_unknown_smelters_and_words_abort_the_whole_origin_import(reference):
    bad = ORIGINS + b"Gold,CID999999,Peru,\nTin,CID000019,Peru,sometimes\n"
    with pytest.raises(ImportRefused) as refusal:
        smelter_origins_import(source=bad, name="origins.csv", as_of=AS_OF)
    reasons = [str(p) for p in refusal.value.problems]
    assert "row 6: recycled/scrap 'sometimes' is not none, partial or only" in reasons
    assert any("CID999999 is not a known gold smelter" in r for r in reasons)
    assert not SmelterOrigin.objects.exists()


def test_the_origin_command_needs_a_date_and_reports_counts(reference, tmp_path, capsys):
    path = tmp_path / "origins.csv"
    path.write_bytes(ORIGINS)
    with pytest.raises(CommandError):
        call_command("import_smelter_origins", str(path))
    call_command("import_smelter_origins", str(path), "--as-of", "2024-06-30")
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_the_smelter_page_shows_its_countries_of_origin(client, reference, supply_chain_user):
    from django.urls import reverse

    smelter_origins_import(source=ORIGINS, name="origins.csv", as_of=AS_OF)
    client.force_login(supply_chain_user)
    page = client.get(reverse("smelters:detail", args=[reference["aida"].public_id])).content.decode()
    assert "Australia, Japan" in page and "Partly recycled or scrap" in page
