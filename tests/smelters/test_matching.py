"""The matcher on its own (pure Python, no database)."""

import pytest

from smelters import matching
from smelters.matching import MatchIndex, Reference

REFS = [
    Reference("gold", "CID000019", "Aida Chemical Industries Co., Ltd.", "JAPAN", ("Aida Chemical",)),
    Reference("gold", "CID000035", "Agosi AG", "GERMANY"),
    Reference("gold", "CID000920", "Johnson Matthey Inc.", "UNITED STATES OF AMERICA"),
    Reference("gold", "CID000924", "Johnson Matthey Limited", "CANADA"),
    Reference("gold", "CID002763", "8853 S.p.A.", "ITALY"),
    Reference("tin", "CID001482", "PT Timah Tbk Mentok", "INDONESIA"),
    Reference("tin", "CID001477", "PT Timah Tbk Kundur", "INDONESIA"),
    Reference("tungsten", "CID000004", "A.L.M.T. Corp.", "JAPAN"),
    Reference("tantalum", "CID002549", "H.C. Starck Ltd.", "JAPAN", ("タニオビス・ジャパン株式会社",)),
]


@pytest.fixture(scope="module")
def index():
    return MatchIndex(REFS)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Aida Chemical Industries Co., Ltd.", "aida chemical industries"),
        ("AIDA  chemical industries", "aida chemical industries"),
        ("8853 S.p.A.", "8853"),
        ("A.L.M.T. Corp.", "almt"),
        ("DARUKA MINCHEM PVT.LTD", "daruka minchem"),
        ("Metalúrgica Saxónia S.A.", "metalurgica saxonia"),
        ("Co., Ltd.", "co ltd"),
    ],
)
def test_names_are_normalised_without_case_punctuation_accents_or_legal_forms(raw, key):
    assert matching.name_key(raw) == key


def test_country_variants_map_to_the_cmrt_spelling():
    assert matching.country_key("usa") == matching.country_key("United States of America")
    assert matching.country_key("DRC") in matching.COVERED_COUNTRIES
    assert matching.country_key("Tanzania") in matching.COVERED_COUNTRIES
    assert matching.country_key("unknown") == ""


def test_a_known_id_of_the_metal_matches_by_id(index):
    result = index.match(metal="Gold", cid="cid000019", name="Aida Chemical")
    assert (result.cid, result.method, result.flags) == ("CID000019", "id", [])


def test_an_id_without_a_name_matches_by_id(index):
    assert index.match(metal="gold", cid="CID000019").method == "id"


def test_an_id_of_another_metal_is_flagged_and_the_name_is_used(index):
    result = index.match(metal="gold", cid="CID001482", name="Agosi")
    assert result.cid == "CID000035"
    assert matching.FLAG_ID_OTHER_METAL in result.flags
    assert result.needs_review


def test_an_id_whose_name_clearly_disagrees_is_not_trusted(index):
    result = index.match(metal="gold", cid="CID000019", name="Agosi AG")
    assert result.cid is None
    assert result.flags == [matching.FLAG_ID_NAME_DISAGREES]


def test_a_malformed_or_unknown_id_is_flagged(index):
    assert matching.FLAG_ID_MALFORMED in index.match(metal="gold", cid="CID0027634", name="Agosi").flags
    assert matching.FLAG_ID_UNKNOWN in index.match(metal="gold", cid="CID999999", name="Agosi").flags


def test_an_alias_matches_whatever_the_case_spacing_and_legal_form(index):
    for name in (
        "aida chemical",
        "AIDA CHEMICAL INDUSTRIES",
        "Aida Chemical Industries",
        "Aida  Chemical Industries Co Ltd",
    ):
        result = index.match(metal="gold", name=name)
        assert (result.cid, result.method) == ("CID000019", "alias"), name


def test_a_japanese_alias_matches(index):
    assert index.match(metal="tantalum", name="タニオビス・ジャパン株式会社").cid == "CID002549"


def test_names_are_only_matched_within_the_metal(index):
    assert index.match(metal="tin", name="Aida Chemical Industries").cid is None


def test_a_typo_is_matched_by_fuzzy_score(index):
    result = index.match(metal="gold", name="Aida Chemcal Industries")
    assert (result.cid, result.method) == ("CID000019", "fuzzy")
    assert matching.FUZZY_THRESHOLD <= result.score < 100
    assert result.needs_review


def test_the_country_breaks_a_tie_between_identical_names(index):
    assert index.match(metal="gold", name="Johnson Matthey", country="Canada").cid == "CID000924"
    assert index.match(metal="gold", name="Johnson Matthey", country="USA").cid == "CID000920"
    ambiguous = index.match(metal="gold", name="Johnson Matthey")
    assert ambiguous.cid is None and matching.FLAG_AMBIGUOUS_NAME in ambiguous.flags


def test_siblings_differing_by_one_word_are_not_guessed(index):
    # "PT Timah" is as close to Mentok as to Kundur: no candidate above the margin.
    assert index.match(metal="tin", name="PT Timah").cid is None


def test_an_unrelated_name_matches_nothing(index):
    result = index.match(metal="gold", name="Acme Electronics Trading")
    assert (result.cid, result.method) == (None, "none")


def test_placeholders_and_unknown_metals_match_nothing(index):
    assert index.match(metal="gold", name="Smelter not yet identified").flags == [matching.FLAG_NOT_IDENTIFIED]
    assert index.match(metal="zinc", name="Agosi").flags == [matching.FLAG_METAL_UNKNOWN]


def test_candidates_are_ranked_and_distinct(index):
    candidates = index.candidates(metal="gold", name="Johnson Mathey", country="CANADA", limit=3)
    assert [c.cid for c in candidates[:2]] == ["CID000924", "CID000920"]


@pytest.mark.parametrize("placeholder", ["0", "NA", "n/a", "Unknown"])
def test_a_placeholder_typed_in_the_id_column_is_not_flagged_and_the_name_decides(index, placeholder):
    result = index.match(metal="gold", cid=placeholder, name="Aida Chemical")
    assert (result.cid, result.method, result.flags) == ("CID000019", "alias", [])
