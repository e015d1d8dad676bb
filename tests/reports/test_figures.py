"""Every figure of DOMAIN.md's table on a campaign whose answers are known (tests/reports/conftest.py)."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reports.figures import FIGURE_KEYS, appendix_a, figure_suppliers, summary
from smelters.models import SmelterOrigin
from tests.cmrt.builders import build_cmrt
from tests.reports.conftest import STATUS_DATE


def test_the_known_campaign_is_filed_as_built(known):
    s = known["submissions"]
    assert {k: v.status for k, v in s.items()} == {
        "alpha": "valid",
        "bravo1": "invalid",
        "bravo2": "valid",
        "charlie": "invalid",
        "golf": "valid",
    }, {k: [f["code"] for f in v.result["findings"] if f["severity"] == "error"] for k, v in s.items()}


def test_every_figure_of_the_known_campaign_is_as_defined(known):
    figures = summary(campaign=known["campaign"], as_of=STATUS_DATE)
    assert figures == {
        "campaign": "CMRT 2026",
        "status_as_of": "2027-02-01",
        "suppliers_surveyed": 6,  # Foxtrot was not sent a request
        "spend_coverage_pct": 66.7,  # 600 of 900
        "suppliers_responded": 4,  # Alpha, Bravo, Charlie (invalid only) and Golf; Delta declined, Echo is silent
        "response_rate_pct": 66.7,
        "valid_declarations": 3,  # Bravo's resubmission is its current declaration
        "invalid_declarations": 1,  # Charlie
        "company_level_pct": 75.0,  # all but Bravo's user-defined scope
        "supply_base_incomplete_pct": 25.0,  # Bravo's "Greater than 75%"
        "smelter_info_incomplete_pct": 25.0,  # Charlie's "Smelter not yet identified"
        "covered_countries_suppliers": 1,  # Bravo's "Unknown"
        "weak_program_pct": 50.0,  # Delta and Echo (no answer), Bravo (G "No"); not Golf (nothing in scope)
        "metal_sourcing_pct": {"gold": 25.0, "tantalum": 0.0, "tin": 25.0, "tungsten": 50.0},
        "smelters_total": 4,  # Xiamen named twice counts once; Bravo's first file's tantalum refinery not at all
        "smelter_countries": 4,
        "smelters_by_metal": {
            "gold": {"total": 1, "conformant": 1, "active": 0, "other": 0, "conformant_or_active_pct": 100.0},
            "tantalum": {"total": 0, "conformant": 0, "active": 0, "other": 0, "conformant_or_active_pct": None},
            "tin": {"total": 1, "conformant": 0, "active": 1, "other": 0, "conformant_or_active_pct": 100.0},
            # Xiamen is still Conformant on the status date (it became Non Conformant after it).
            "tungsten": {"total": 2, "conformant": 1, "active": 0, "other": 1, "conformant_or_active_pct": 50.0},
        },
        "smelters_not_conformant_or_active": 1,
        "unmatched_smelter_names": 1,  # Mystery Smelting Works
        "recycled_scrap_partial_pct": None,  # no country-of-origin data imported
        "recycled_scrap_only": None,
        "countries_of_origin": None,
    }
    assert tuple(figures) == FIGURE_KEYS


def test_a_status_published_after_the_status_date_counts_from_that_date_on(known):
    later = summary(campaign=known["campaign"], as_of=date(2027, 3, 1))
    assert later["smelters_by_metal"]["tungsten"] == {
        "total": 2,
        "conformant": 0,
        "active": 0,
        "other": 2,
        "conformant_or_active_pct": 0.0,
    }
    assert later["smelters_not_conformant_or_active"] == 2


def test_recycled_and_origin_figures_come_from_the_origin_data_in_force_on_the_status_date(known):
    sm = known["smelters"]
    SmelterOrigin.objects.create(smelter=sm["gold"], countries=["Peru", "Ghana"], recycled_scrap="partial",
                                 as_of=date(2026, 1, 1))  # fmt: skip
    SmelterOrigin.objects.create(smelter=sm["xiamen"], countries=["China"], recycled_scrap="only",
                                 as_of=date(2026, 1, 1))  # fmt: skip
    SmelterOrigin.objects.create(
        smelter=sm["tin"], countries=["Bolivia"], recycled_scrap="partial", as_of=date(2027, 6, 1)
    )  # fmt: skip  (after the status date)
    figures = summary(campaign=known["campaign"], as_of=STATUS_DATE)
    assert figures["recycled_scrap_partial_pct"] == 25.0
    assert figures["recycled_scrap_only"] == 1
    assert figures["countries_of_origin"] == ["China", "Ghana", "Peru"]


def test_appendix_a_lists_the_known_smelters_by_metal_then_status_then_name(known):
    rows = appendix_a(campaign=known["campaign"], as_of=STATUS_DATE)
    assert [(r.metal, r.standard_name, r.audit_status, r.supplier_count) for r in rows] == [
        ("gold", "Golden Refinery AG", "Conformant", 1),
        ("tin", "Tin Works Sdn Bhd", "Active", 1),
        ("tungsten", "Xiamen Tungsten Co., Ltd.", "Conformant", 2),
        ("tungsten", "Wolfram Outreach Ltd", "Not Enrolled", 1),
    ]
    assert rows[-1].status == "Outreach Required"


@pytest.mark.parametrize(
    ("key", "metal", "names"),
    [
        ("suppliers_responded", "", ["Alpha", "Bravo", "Charlie", "Golf"]),
        ("not_responded", "", ["Delta", "Echo"]),
        ("invalid_declarations", "", ["Charlie"]),
        ("weak_program_pct", "", ["Bravo", "Delta", "Echo"]),
        ("metal_sourcing_pct", "tungsten", ["Alpha", "Bravo"]),
        ("smelters_total", "tungsten", ["Alpha", "Bravo"]),
        ("smelters_not_conformant_or_active", "", ["Bravo"]),
        ("unmatched_smelter_names", "", ["Bravo"]),
        ("smelter_info_incomplete_pct", "", ["Charlie"]),
    ],
)
def test_each_figure_names_the_suppliers_behind_it(known, key, metal, names):
    found = figure_suppliers(campaign=known["campaign"], as_of=STATUS_DATE, key=key, metal=metal)
    assert [f.supplier_name for f in found] == names


def test_report_summary_prints_one_json_object_with_exactly_the_figures(known, capsys):
    call_command("report_summary", "--campaign", "CMRT 2026", "--as-of", "2027-02-01", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert list(printed) == list(FIGURE_KEYS)
    assert printed == summary(campaign=known["campaign"], as_of=STATUS_DATE)


def test_report_summary_refuses_an_unknown_campaign_and_says_why(db):
    with pytest.raises(CommandError, match="No campaign named 'CMRT 1999'"):
        call_command("report_summary", "--campaign", "CMRT 1999", "--json")


def test_a_reported_name_without_a_readable_metal_still_counts_as_unmatched(known):
    from smelters.services import reported_smelters_record

    alpha = known["submissions"]["alpha"]
    reported_smelters_record(
        supplier=alpha.supplier,
        source_ref=alpha.public_id,
        source_label="alpha",
        rows=[{"row_number": 99, "metal": "Metal?", "cid": "", "name": "Nameless Works", "country": "PERU"}],
    )
    assert summary(campaign=known["campaign"], as_of=STATUS_DATE)["unmatched_smelter_names"] == 2


def test_a_later_invalid_file_does_not_replace_a_valid_declaration(known, file_cmrt):
    before = summary(campaign=known["campaign"], as_of=STATUS_DATE)
    later = file_cmrt(
        known["requests"]["alpha"], build_cmrt(declaration={"company_name": None}, smelters=[]), name="later.xlsx"
    )
    assert later.status == "invalid"
    assert summary(campaign=known["campaign"], as_of=STATUS_DATE) == before
