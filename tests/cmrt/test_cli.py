from __future__ import annotations

import io
import json

from cmrt import main

from .builders import build_cmrt


def test_cli_prints_one_json_document_per_file_and_exits_0_when_read(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(build_cmrt())
    b.write_bytes(build_cmrt(declaration={"company_name": None}))
    out = io.StringIO()
    assert main([str(a), str(b), "--json"], stdout=out) == 0
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["declaration"]["company_name"] for d in docs] == ["Example Metals GmbH", None]
    assert docs[1]["valid"] is False and docs[1]["findings"][0]["code"] == "company.name.missing"


def test_cli_exits_2_when_a_file_is_refused(tmp_path):
    bad = tmp_path / "photo.xls"
    bad.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    out = io.StringIO()
    assert main([str(bad)], stdout=out) == 2
    doc = json.loads(out.getvalue())
    assert doc["valid"] is False and doc["template"] is None
    assert doc["findings"][0]["code"] == "file.not_a_spreadsheet"


def test_cli_reports_a_missing_file_as_refused(tmp_path):
    out = io.StringIO()
    assert main([str(tmp_path / "nope.xlsx")], stdout=out) == 2
    assert json.loads(out.getvalue())["findings"][0]["code"] == "file.unreadable"
