"""Checks over the real RMI templates and supplier files in ../shared/cmrt (skipped where absent).

The folder is found at $CMRT_SHARED_DIR, else $SHARED_DIR/cmrt, else <repo root>/../shared/cmrt.
A missing folder or file skips with the reason, and fails under CI=true (tests/conftest.py).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from cmrt import InspectionResult, inspect_workbook, read_smelter_lookup
from tests.conftest import SHARED_DIR, missing


def _shared_cmrt() -> Path:
    if os.environ.get("CMRT_SHARED_DIR"):
        return Path(os.environ["CMRT_SHARED_DIR"])
    return SHARED_DIR / "cmrt"  # the root conftest's $SHARED_DIR, else <repo root>/../shared


SHARED = _shared_cmrt()
TODAY = date(2024, 12, 1)  # the real filled files are from May 2024
# The root conftest's `shared_dir` skips these where ../shared is absent, and fails them under CI;
# `sample` does the same for each file, so CI=true never passes with files silently skipped.
pytestmark = [pytest.mark.shared, pytest.mark.usefixtures("shared_dir")]


def sample(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        missing(f"{path} not present")
    return path


def read(relative: str) -> InspectionResult:
    return inspect_workbook(sample(relative), today=TODAY)


def codes(result: InspectionResult) -> list[str]:
    return [f.code for f in result.findings]


def test_central_glass_is_valid_tungsten_only_with_four_smelters_and_an_email_warning():
    r = read("filled/CMRT_6.4_central_glass.xlsx")
    assert (r.template, r.version) == ("CMRT", "6.4")
    assert r.declaration.company_name == "Central Glass Co., Ltd."
    assert r.declaration.scope == "A"
    assert r.declaration.effective_date == date(2024, 5, 10)
    assert [r.questions[m]["1"] for m in ("tantalum", "tin", "gold", "tungsten")] == ["No", "No", "No", "Yes"]
    assert r.questions["tungsten"]["6"] == "100%"
    assert r.company_questions["B"].comment == "https://www.cgco.co.jp/csr/report"
    assert len(r.smelters) == 4 and {s.metal for s in r.smelters} == {"Tungsten"}
    assert all(s.street is None or s.street.startswith("Shizhuyuan") for s in r.smelters)  # cached 0 -> blank
    assert r.valid
    assert codes(r) == ["company.contact_email.malformed"]
    assert "toru,nishio@cgco.co.jp" in r.findings[0].message


def test_sk_specialty_is_invalid_because_scope_b_has_no_product_numbers():
    r = read("filled/CMRT_6.4_sk_specialty.xlsx")
    assert r.declaration.scope == "B" and len(r.smelters) == 2
    assert not r.valid
    assert [f.code for f in r.errors] == ["product_list.missing"]
    assert [p.name for p in r.products] == ["WF6"]
    # The product without a number is that same missing number: one line, the error.
    assert "product.number.missing" not in codes(r)


def test_packaging_files_policy_answer_that_is_no_url_is_a_warning():
    r = read("filled/CMRT_6.4_packaging_no_company_info.xlsx")
    [f] = [f for f in r.findings if f.code == "company_question.b_url.not_a_url"]
    assert "In all subcon's website" in f.message


def test_packaging_file_without_company_block_is_invalid_with_clear_findings():
    r = read("filled/CMRT_6.4_packaging_no_company_info.xlsx")
    assert len(r.smelters) == 67
    assert not r.valid
    for code in (
        "company.name.missing",
        "company.scope.missing",
        "company.contact_name.missing",
        "company.contact_email.missing",
        "company.contact_phone.missing",
        "company.authorizer.missing",
        "company.authorizer_email.missing",
        "company.effective_date.missing",
    ):
        assert code in codes(r)
    assert r.findings[0].message.startswith("Declaration tab, cell D8:")


def test_622_placeholder_abc_is_read():
    r = read("filled/CMRT_6.22_placeholder_abc.xlsx")
    assert (r.template, r.version) == ("CMRT", "6.22")
    assert r.declaration.company_name == "ABC"
    assert r.smelters == []
    assert "smelter_list.metal.missing" in codes(r)
    # "ABC" as company, contact and authorizer, phone "+0000000000": each a placeholder warning.
    assert {
        "company.name.placeholder",
        "company.contact_name.placeholder",
        "company.contact_phone.placeholder",
        "company.authorizer.placeholder",
    } <= set(codes(r))


@pytest.mark.parametrize("version", ["6.01", "6.1", "6.22", "6.31", "6.4_blank_en", "6.5"])
def test_every_blank_cmrt_template_is_read_and_found_incomplete(version):
    name = f"templates/CMRT_{version}.xlsx" if version.endswith("_en") else f"templates/CMRT_{version}_blank.xlsx"
    r = read(name)
    assert not r.refused and r.template == "CMRT" and r.version == version.split("_")[0]
    assert r.smelters == [] and r.products == []
    assert not r.valid and "company.name.missing" in codes(r)
    assert len(r.lookup_metals) > 300  # the template's Smelter Look-up: distinct Smelter IDs


@pytest.mark.parametrize("name", ["EMRT_1.3_blank.xlsx", "EMRT_2.1_blank.xlsx"])
def test_emrt_blanks_are_refused_as_emrt(name):
    r = read(f"templates/{name}")
    assert r.refused and r.template == "EMRT"
    assert codes(r) == ["template.emrt"] and "EMRT" in r.findings[0].message


@pytest.mark.parametrize(
    ("name", "version"), [("CMRT_2.03a_synthetic_high_risk.xlsx", "2.03a"), ("CMRT_3.01_synthetic_green.xlsx", "3.01")]
)
def test_legacy_cmrts_are_refused_naming_the_version(name, version):
    r = read(f"legacy/{name}")
    assert r.refused and codes(r) == ["template.version_too_old"]
    assert f"version {version}" in r.findings[0].message


def test_jpeg_named_xls_is_refused():
    r = read("legacy/not_a_workbook_jpeg.xls")
    assert r.refused and codes(r) == ["file.not_a_spreadsheet"] and "JPEG" in r.findings[0].message


def test_smelter_lookup_of_the_64_template_has_660_rows():
    path = sample("templates/CMRT_6.4_blank_en.xlsx")
    rows = read_smelter_lookup(path)
    assert len(rows) == 660
    assert {r.metal for r in rows} == {"Gold", "Tantalum", "Tin", "Tungsten"}
    assert sum(1 for r in rows if r.lookup_name == "Smelter not listed") == 4


def test_smelter_lookup_of_an_emrt_is_read_too():
    path = sample("templates/EMRT_2.1_blank.xlsx")
    rows = read_smelter_lookup(path)
    assert len(rows) == 491
    assert {r.metal for r in rows} == {"Cobalt", "Copper", "Graphite", "Lithium", "Mica", "Nickel"}
    assert all(r.smelter_id is None or r.smelter_id.startswith("CID") for r in rows)


def test_smelter_lookup_refuses_a_jpeg():
    from cmrt import Refused

    with pytest.raises(Refused) as info:
        read_smelter_lookup(sample("legacy/not_a_workbook_jpeg.xls"))
    assert info.value.finding.code == "file.not_a_spreadsheet"
