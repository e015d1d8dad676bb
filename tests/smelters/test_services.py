"""Recording reported rows, matching them, and review decisions that apply to identical rows."""

import datetime
import uuid

import pytest

from smelters.models import MatchDecision, ReportedSmelter, SmelterMatch
from smelters.selectors import review_queue, smelter_risk_flags, smelter_status_as_of
from smelters.services import (
    match_decision_record,
    reported_smelters_record,
    reported_smelters_rematch,
    smelter_match,
    smelter_reference_import,
)
from tests.factories import SupplierFactory
from tests.smelters.factories import StatusSnapshotFactory

pytestmark = pytest.mark.django_db

ROWS = [
    {"row_number": 5, "metal": "Gold", "cid": "CID000019", "name": "", "country": "JAPAN"},
    {"row_number": 6, "metal": "Gold", "cid": "", "name": "aida chemical", "country": ""},
    {"row_number": 7, "metal": "Tin", "cid": "", "name": "Global Metals Trading Ltd", "country": "China"},
    {"row_number": 8, "metal": "Tin", "cid": "CID000019", "name": "PT Timah Tbk Kundur", "country": ""},
    {"row_number": 9, "metal": "Tantalum", "cid": "", "name": "H.C. Starck", "country": ""},
]


def record(supplier, rows=ROWS, label="CMRT 2025"):
    return reported_smelters_record(supplier=supplier, source_ref=uuid.uuid4(), source_label=label, rows=rows)


def test_recorded_rows_are_stored_and_matched(reference):
    rows = record(SupplierFactory())
    matches = {r.row_number: r.match for r in ReportedSmelter.objects.select_related("match")}
    assert len(rows) == 5
    assert (matches[5].smelter, matches[5].method) == (reference["aida"], "id")
    assert (matches[6].smelter, matches[6].method) == (reference["aida"], "alias")
    assert (matches[7].smelter, matches[7].method, matches[7].needs_review) == (None, "none", True)
    # A gold ID on a tin row: flagged, and the name is used instead.
    assert (matches[8].smelter, matches[8].flags) == (reference["kundur"], ["id_other_metal"])
    assert matches[8].needs_review
    assert (matches[9].smelter, matches[9].flags) == (None, ["ambiguous_name"])


def test_rows_with_nothing_to_match_are_kept_out_of_the_review_queue(reference):
    rows = record(
        SupplierFactory(),
        rows=[
            {"row_number": 5, "metal": "Tin", "name": "Smelter not yet identified", "country": "Unknown"},
            {"row_number": 6, "metal": "Platinum", "name": "Agosi", "country": ""},
        ],
    )
    assert [(r.match.method, r.match.flags, r.match.needs_review) for r in rows] == [
        ("none", ["not_identified"], False),
        ("none", ["metal_unknown"], False),
    ]
    assert review_queue() == []


def test_recording_the_same_source_again_replaces_its_rows(reference):
    supplier, ref = SupplierFactory(), uuid.uuid4()
    reported_smelters_record(supplier=supplier, source_ref=ref, source_label="v1", rows=ROWS)
    reported_smelters_record(supplier=supplier, source_ref=ref, source_label="v2", rows=ROWS[:2])
    assert ReportedSmelter.objects.filter(source_ref=ref).count() == 2
    assert SmelterMatch.objects.count() == 2


def test_the_review_queue_groups_identical_rows_with_supplier_counts_and_candidates(reference):
    record(SupplierFactory())
    record(SupplierFactory())
    queue = review_queue()
    by_name = {g.display_name: g for g in queue}
    assert by_name["Global Metals Trading Ltd"].supplier_count == 2
    assert by_name["Global Metals Trading Ltd"].rows == 2
    starck = by_name["H.C. Starck"]
    assert {s.cid for s, _ in starck.candidates} >= {"CID002544", "CID002549"}
    assert "aida chemical" not in by_name  # a clean alias match needs no review


def test_a_decision_applies_to_every_identical_row_now_and_later(reference, supply_user):
    first, second = SupplierFactory(), SupplierFactory()
    record(first)
    record(second)
    group = next(g for g in review_queue() if g.display_name == "H.C. Starck")
    decision = match_decision_record(
        metal=group.metal,
        name_key=group.name_key,
        country_key=group.country_key,
        verdict=MatchDecision.Verdict.SMELTER,
        smelter=reference["starck_de"],
        user=supply_user,
        example_name="H.C. Starck",
    )
    decided = SmelterMatch.objects.filter(reported__name="H.C. Starck")
    assert decided.count() == 2
    assert all(
        (m.smelter, m.method, m.needs_review, m.confirmed_by, m.decision)
        == (reference["starck_de"], "manual", False, supply_user, decision)
        for m in decided
    )
    # A later submission with the same name (other case and spacing) gets the decision too.
    later = record(
        SupplierFactory(), rows=[{"row_number": 5, "metal": "tantalum", "name": "h.c.  STARCK", "country": ""}]
    )
    assert (later[0].match.smelter, later[0].match.method) == (reference["starck_de"], "manual")
    assert "H.C. Starck" not in {g.display_name for g in review_queue()}


def test_not_a_smelter_and_ask_the_supplier_take_rows_out_of_the_queue(reference, supply_user):
    record(SupplierFactory())
    group = next(g for g in review_queue() if g.display_name == "Global Metals Trading Ltd")
    match_decision_record(
        metal=group.metal,
        name_key=group.name_key,
        country_key=group.country_key,
        verdict=MatchDecision.Verdict.NOT_A_SMELTER,
        user=supply_user,
    )
    row = SmelterMatch.objects.get(reported__name="Global Metals Trading Ltd")
    assert (row.smelter, row.method, row.needs_review, row.confirmed_by) == (None, "manual", False, supply_user)
    # Changing one's mind replaces the decision.
    match_decision_record(
        metal=group.metal,
        name_key=group.name_key,
        country_key=group.country_key,
        verdict=MatchDecision.Verdict.UNKNOWN,
        user=supply_user,
    )
    assert MatchDecision.objects.get().verdict == "unknown"


def test_a_decision_for_a_smelter_of_another_metal_is_refused(reference, supply_user):
    with pytest.raises(ValueError, match="Gold"):
        match_decision_record(
            metal="tin", name_key="x", country_key="", verdict="smelter", smelter=reference["aida"], user=supply_user
        )


def test_new_reference_data_rematches_stored_rows(reference, django_capture_on_commit_callbacks):
    record(SupplierFactory())
    assert SmelterMatch.objects.get(reported__name="Global Metals Trading Ltd").smelter is None
    with django_capture_on_commit_callbacks(execute=True) as queued:  # the re-match task, run in-process
        smelter_reference_import(
            source=b"metal,smelter id,standard smelter name,country,rmi status\n"
            b"Tin,CID004242,Global Metals Trading Ltd,CHINA,Active\n",
            name="new.csv",
            as_of=datetime.date(2025, 1, 1),
        )
    assert len(queued) == 1
    rematched = SmelterMatch.objects.get(reported__name="Global Metals Trading Ltd")
    assert (rematched.smelter.cid, rematched.method, rematched.needs_review) == ("CID004242", "alias", False)


def test_smelter_match_answers_a_single_row(reference):
    result = smelter_match(metal="GOLD", name="Aida Chemical Industries", country="japan")
    assert (result.cid, result.method, result.score) == ("CID000019", "alias", 100.0)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("aida", []),
        ("timah", []),
        ("kundur", ["not_conformant_or_active", "due_diligence"]),
        ("congo", ["no_status", "covered_country"]),
    ],
)
def test_risk_flags_as_of_a_date(reference, key, expected):
    smelter = reference[key]
    day = datetime.date(2024, 6, 1)
    assert (
        smelter_risk_flags(smelter=smelter, snapshot=smelter_status_as_of(smelter=smelter, as_of=day), as_of=day)
        == expected
    )


def test_a_status_older_than_the_configured_age_is_flagged(reference, settings):
    settings.SMELTER_STATUS_MAX_AGE_DAYS = 30
    smelter = reference["aida"]
    day = datetime.date(2024, 6, 1)
    assert smelter_risk_flags(
        smelter=smelter, snapshot=smelter_status_as_of(smelter=smelter, as_of=day), as_of=day
    ) == ["stale_status"]
    StatusSnapshotFactory(
        smelter=smelter, status="Conformant", as_of=datetime.date(2024, 5, 20), source_name="newer.csv"
    )
    assert (
        smelter_risk_flags(smelter=smelter, snapshot=smelter_status_as_of(smelter=smelter, as_of=day), as_of=day) == []
    )


def test_a_decision_on_a_name_leaves_rows_with_a_clean_smelter_id_alone(reference, supply_user):
    from smelters import matching

    rows = [
        {"row_number": 5, "metal": "Gold", "cid": "CID000019", "name": "Aida Chemical", "country": "JAPAN"},
        {"row_number": 6, "metal": "Gold", "cid": "", "name": "Aida Chemical", "country": "JAPAN"},
    ]
    record(SupplierFactory(), rows=rows)
    match_decision_record(
        metal="gold",
        name_key=matching.name_key("Aida Chemical"),
        country_key=matching.country_key("JAPAN"),
        verdict=MatchDecision.Verdict.NOT_A_SMELTER,
        user=supply_user,
        example_name="Aida Chemical",
    )
    # Now and after a re-match: the row whose ID is known and agrees keeps its ID match.
    reported_smelters_rematch()
    matches = {m.reported.row_number: m for m in SmelterMatch.objects.select_related("reported", "smelter")}
    assert (matches[5].method, matches[5].smelter) == ("id", reference["aida"])
    assert (matches[6].method, matches[6].smelter) == ("manual", None)
