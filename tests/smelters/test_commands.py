"""The import_smelters and smelter_match management commands."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_smelter_match_prints_json_for_one_row(reference):
    payload = json.loads(run("smelter_match", "--metal", "GOLD", "--name", "aida chemical industries", "--json"))
    assert payload == {
        "smelter_id": "CID000019",
        "standard_name": "Aida Chemical Industries Co., Ltd.",
        "country": "JAPAN",
        "method": "alias",
        "score": 100.0,
        "status": "Conformant",
        "status_as_of": "2024-01-01",
    }


def test_smelter_match_by_id_with_country_in_any_case(reference):
    payload = json.loads(
        run("smelter_match", "--metal", "tin", "--name", "", "--id", "CID001482", "--country", "indonesia", "--json")
    )
    assert (payload["smelter_id"], payload["method"], payload["status"]) == ("CID001482", "id", "Active")


def test_smelter_match_prints_nulls_when_nothing_matches(reference):
    payload = json.loads(run("smelter_match", "--metal", "Tin", "--name", "Acme Trading", "--json"))
    assert payload == dict.fromkeys(("smelter_id", "standard_name", "country", "score", "status", "status_as_of")) | {
        "method": "none"
    }


def test_smelter_match_refuses_an_unknown_metal(reference):
    with pytest.raises(CommandError, match="Unknown metal"):
        run("smelter_match", "--metal", "platinum", "--name", "x", "--json")


def test_import_smelters_says_which_date_it_used(tmp_path):
    path = tmp_path / "appendix.csv"
    path.write_text(
        "metal,standard_smelter_name,smelter_facility_location,smelter_id,rmi_audit_status\n"
        "Gold,Agosi AG,Germany,CID000035,Conformant\n"
    )
    out = run("import_smelters", str(path), "--as-of", "2022-05-26")
    assert "Appendix A list, as of 2022-05-26 from the date given with the import." in out
    assert "Nothing new" in run("import_smelters", str(path), "--as-of", "2022-05-26")
    with pytest.raises(CommandError, match="the file carries no date"):
        call_command("import_smelters", str(path))


def test_import_smelters_lists_bad_rows_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("metal,smelter id,standard smelter name,rmi status\nGold,CID1,X,Active\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_smelters", str(path))
    assert "row 2: Smelter ID 'CID1' is not CID followed by 6 digits" in capsys.readouterr().err


def test_import_smelters_names_each_row_it_skipped_and_why(tmp_path):
    from tests.cmrt.builders import build_cmrt

    path = tmp_path / "CMRT_6.4.xlsx"
    path.write_bytes(build_cmrt())
    out = run("import_smelters", str(path), "--as-of", "2025-04-25")
    assert "rows skipped: 2" in out
    assert (
        "skipped: sheet 'Smelter Look-up', row 9: no Smelter ID; 'Smelter not listed' (Tungsten) is a placeholder"
        in out
    )
    assert "row 10: no Smelter ID; 'Smelter not yet identified' (Tungsten) is a placeholder entry, not a smelter" in out
