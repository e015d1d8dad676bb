"""The rematch after a reference change: each distinct row matched once, only changed matches written."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smelters import matching
from smelters.models import MatchDecision, ReportedSmelter, SmelterAlias, SmelterMatch
from smelters.services import match_decision_record, reported_smelters_record, reported_smelters_rematch, smelter_match
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

MIXED = [
    {"metal": "Gold", "cid": "CID000019", "name": "Aida Chemical", "country": "JAPAN"},  # ID and name agree
    {"metal": "Gold", "cid": "", "name": "aida chemical", "country": ""},  # typed alias
    {"metal": "Gold", "cid": "", "name": "Aida Chemcal Industries", "country": "Japan"},  # damaged
    {"metal": "Tin", "cid": "CID000019", "name": "PT Timah Tbk Kundur", "country": ""},  # ID of another metal
    {"metal": "Tin", "cid": "", "name": "Global Metals Trading Ltd", "country": "China"},  # no smelter
    {"metal": "Tin", "cid": "", "name": "Bangka Tin Works", "country": "Indonesia"},  # unknown, gets an alias
    {"metal": "Tantalum", "cid": "", "name": "H.C. Starck", "country": ""},  # ambiguous
    {"metal": "Tantalum", "cid": "CID002549", "name": "", "country": ""},  # ID only
    {"metal": "Platinum", "cid": "", "name": "Agosi", "country": ""},  # not a 3TG metal
]


def record(rows, copies=1):
    """Store `rows` `copies` times over, as the declarations of that many suppliers."""
    for _ in range(copies):
        reported_smelters_record(
            supplier=SupplierFactory(),
            source_ref=uuid.uuid4(),
            source_label="CMRT 2025",
            rows=[{"row_number": n, **row} for n, row in enumerate(rows, start=5)],
        )


def stored_matches():
    return {
        m.reported_id: (m.smelter_id, m.method, m.score, m.flags, m.needs_review, m.decision_id)
        for m in SmelterMatch.objects.all()
    }


def writes_in(queries):
    """The statements that write (an UPDATE may come after a WITH that lists its values)."""
    return [q["sql"] for q in queries if re.match(r"\s*(WITH .*\)\s*)?(UPDATE|INSERT|DELETE)\b", q["sql"], re.I | re.S)]


def match_writes_in(queries):
    """The writes to the matches themselves (the kept counters of smelters.services.counts follow apart)."""
    return [
        sql for sql in writes_in(queries) if re.search(r'(UPDATE|INTO|FROM)\s+"?smelters_smeltermatch"?', sql, re.I)
    ]


def test_a_rematch_without_a_change_writes_nothing(reference):
    record(MIXED, copies=3)
    with CaptureQueriesContext(connection) as queries:
        assert reported_smelters_rematch() == 0
    assert writes_in(queries) == []


def test_a_rematch_writes_only_the_rows_whose_match_changed_in_one_statement(reference):
    record(MIXED, copies=4)
    before = {m.reported_id: m.matched_at for m in SmelterMatch.objects.all()}
    SmelterAlias.objects.create(smelter=reference["timah"], name="Bangka Tin Works")
    with CaptureQueriesContext(connection) as queries:
        assert reported_smelters_rematch() == 4
    assert len(match_writes_in(queries)) == 1
    bangka = set(ReportedSmelter.objects.filter(name="Bangka Tin Works").values_list("pk", flat=True))
    for match in SmelterMatch.objects.all():
        if match.reported_id in bangka:
            assert (match.smelter, match.method) == (reference["timah"], "alias")
            assert match.matched_at > before[match.reported_id]
        else:
            assert match.matched_at == before[match.reported_id]


def test_a_rematch_matches_each_distinct_row_once_however_many_rows_name_it(reference, monkeypatch):
    # 2,250 rows naming 9 distinct (metal, name, country, ID): more than one batch of rows.
    record(MIXED, copies=250)
    calls = []
    original = matching.MatchIndex.match

    def counting_match(self, **row):
        calls.append(row)
        return original(self, **row)

    monkeypatch.setattr(matching.MatchIndex, "match", counting_match)
    SmelterAlias.objects.create(smelter=reference["timah"], name="Bangka Tin Works")
    with CaptureQueriesContext(connection) as queries:
        assert reported_smelters_rematch() == 250
    assert len(calls) == len(MIXED)
    assert len(match_writes_in(queries)) == 1


def test_the_number_of_queries_of_a_rematch_does_not_grow_with_the_number_of_rows(reference):
    record(MIXED, copies=2)
    SmelterAlias.objects.create(smelter=reference["timah"], name="Bangka Tin Works")
    with CaptureQueriesContext(connection) as few:
        reported_smelters_rematch()
    record(MIXED, copies=250)
    SmelterAlias.objects.create(smelter=reference["kundur"], name="Global Metals Trading Ltd")
    with CaptureQueriesContext(connection) as many:
        assert reported_smelters_rematch() == 252
    assert len(many) == len(few)


def test_the_rematch_gives_the_same_matches_as_matching_each_row_on_its_own(reference, supply_user):
    record(MIXED, copies=2)
    # A reference change and a reviewer's decision, then the bulk rematch.
    SmelterAlias.objects.create(smelter=reference["timah"], name="Bangka Tin Works")
    match_decision_record(
        metal="tantalum",
        name_key=matching.name_key("H.C. Starck"),
        country_key=matching.country_key(""),
        verdict=MatchDecision.Verdict.SMELTER,
        smelter=reference["starck_de"],
        user=supply_user,
        example_name="H.C. Starck",
    )
    reported_smelters_rematch()
    stored = stored_matches()
    for row in ReportedSmelter.objects.all():
        alone = smelter_match(metal=row.metal, name=row.name, country=row.country, cid=row.cid_as_typed)
        expected = (
            alone.smelter_pk,
            alone.method,
            max(0.0, min(100.0, alone.score)),
            alone.flags,
            alone.needs_review,
            alone.decision.pk if alone.decision else None,
        )
        assert stored[row.pk] == expected, row.name
    assert {m for _, m, *_ in stored.values()} >= {"id", "alias", "manual", "none"}
