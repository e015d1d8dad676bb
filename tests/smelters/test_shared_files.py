"""The real RMI files in ../shared import cleanly and the matcher meets its quality bar on them."""

import datetime

import pytest

from smelters import matching
from smelters.models import Smelter, StatusSnapshot
from smelters.quality import damaged_cases, evaluate, lookup_rows, references_from_lookup
from smelters.selectors import smelter_statuses_as_of
from smelters.services import smelter_reference_import

pytestmark = [pytest.mark.shared]


@pytest.mark.django_db
def test_the_smelter_look_up_of_every_template_imports_cleanly(shared_dir):
    templates = sorted((shared_dir / "cmrt" / "templates").glob("*.xlsx"))
    assert templates
    for path in templates:
        outcome = smelter_reference_import(source=path)
        assert outcome.kind == "lookup", path.name
        assert (
            outcome.counts["smelters_created"]
            + outcome.counts["smelters_unchanged"]
            + outcome.counts["smelters_updated"]
            > 0
        ), path.name
        again = smelter_reference_import(source=path)
        assert not again.changed, path.name
    # CMRT 6.5: 349 SORs (182/35/73/59 per CMRT_FORMAT.md §5), all present now.
    six_five = {(r[0], r[4]) for r in lookup_rows(shared_dir / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx")}
    assert len(six_five) == 349
    assert six_five <= set(Smelter.objects.values_list("metal", "cid"))


@pytest.mark.django_db
def test_both_smelter_files_import_cleanly_and_keep_their_dates(shared_dir):
    # The RMI look-up first: it says which metal each Smelter ID belongs to.
    smelter_reference_import(source=shared_dir / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx")
    status_list = smelter_reference_import(
        source=shared_dir / "smelters" / "smelter_status_list_2023.xlsx", as_of=datetime.date(2023, 5, 31)
    )
    assert (status_list.kind, status_list.sheet) == ("status_list", "ALl Smelter List")
    assert status_list.counts["statuses_created"] == 349
    # The consultant list gives A.L.M.T.'s tungsten row the gold CID002708 (copy error): skipped, said.
    assert [str(w) for w in status_list.warnings] == [
        "sheet 'ALl Smelter List', row 548: CID002708 is the Gold smelter 'Abington Reldan Metals, LLC'; "
        "this tungsten row ('A.L.M.T. Corp.') was skipped"
    ]
    appendix = smelter_reference_import(
        source=shared_dir / "smelters" / "appendix_a_2021.csv", as_of=datetime.date(2022, 5, 26)
    )
    assert (appendix.kind, appendix.counts["statuses_created"]) == ("appendix_a", 329)
    # The PDF extraction gave a gold refinery the tungsten CID003401.
    assert [w.where for w in appendix.warnings] == ["row 164"]
    words = set(StatusSnapshot.objects.values_list("status", flat=True))
    assert {"Conformant", "Active", "Outreach Required", "RMI Due Diligence Review - Unable to Proceed"} <= words
    # Audit dates come from the Conformant sheet, joined by Smelter ID.
    assert StatusSnapshot.objects.filter(as_of=datetime.date(2023, 5, 31), last_audit_date__isnull=False).exists()
    # As of 2022 only Appendix A's statuses exist: Gold 168 - 1 skipped, Tantalum 35, Tin 78, Tungsten 49.
    in_2022 = smelter_statuses_as_of(as_of=datetime.date(2022, 12, 31))
    per_metal: dict[str, int] = {}
    for metal in Smelter.objects.filter(pk__in=in_2022).values_list("metal", flat=True):
        per_metal[metal] = per_metal.get(metal, 0) + 1
    assert per_metal == {"gold": 167, "tantalum": 35, "tin": 78, "tungsten": 49}
    # Re-importing both is a no-op.
    for name, day in (
        ("smelter_status_list_2023.xlsx", datetime.date(2023, 5, 31)),
        ("appendix_a_2021.csv", datetime.date(2022, 5, 26)),
    ):
        assert not smelter_reference_import(source=shared_dir / "smelters" / name, as_of=day).changed


def test_every_alias_of_the_cmrt_6_5_look_up_finds_its_own_smelter_id(shared_dir):
    rows = lookup_rows(shared_dir / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx")
    index = matching.MatchIndex(references_from_lookup(rows))
    wrong = [
        (metal, alias, cid)
        for metal, alias, _std, _country, cid in rows
        if index.match(metal=metal, name=alias).cid != cid
    ]
    assert wrong == []
    assert len(rows) == 629


def test_damaged_names_find_the_right_smelter_id_and_almost_never_a_wrong_one(shared_dir):
    rows = lookup_rows(shared_dir / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx")
    index = matching.MatchIndex(references_from_lookup(rows))
    outcome = evaluate(index, damaged_cases(rows))
    assert outcome.total == 7 * 629
    assert outcome.right_pct >= 95.0, outcome.by_damage
    assert outcome.wrong_pct < 1.0, outcome.wrong_examples[:10]
