"""The checks that need a campaign's facts (cmrt.campaign): minimum version, the supplier's name, the period."""

from __future__ import annotations

from datetime import date, datetime

from cmrt import campaign_findings, company_name_similarity

from .helpers import inspect

YEAR_2025 = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


def check(result, *, supplier_name="Example Metals GmbH", minimum_version="", **period):
    return campaign_findings(
        result, supplier_name=supplier_name, minimum_version=minimum_version, **(period or YEAR_2025)
    )


def test_a_declaration_that_fits_the_campaign_has_no_campaign_findings():
    assert check(inspect(declaration={"effective_date": datetime(2026, 1, 15)})) == []


def test_a_template_older_than_the_campaigns_minimum_is_an_error_that_names_both_versions():
    [finding] = check(inspect(version="6.1"), minimum_version="6.31")
    assert finding.code == "campaign.version_below_minimum"
    assert (finding.severity, finding.sheet, finding.cell) == ("error", "Declaration", "J3")
    assert "6.1" in finding.message and "6.31 or newer" in finding.message


def test_versions_are_compared_as_decimals_so_6_4_is_newer_than_6_31():
    assert check(inspect(version="6.4"), minimum_version="6.31") == []
    assert check(inspect(version="6.31"), minimum_version="6.31") == []


def test_a_company_name_markedly_different_from_the_suppliers_is_a_warning_at_d8():
    [finding] = check(inspect(), supplier_name="Shenzhen Precision Cables Co., Ltd.")
    assert finding.code == "campaign.company_name_differs"
    assert (finding.severity, finding.cell) == ("warning", "D8")
    assert "Shenzhen Precision Cables" in finding.message


def test_legal_forms_case_and_word_order_do_not_make_a_name_differ():
    assert company_name_similarity("EXAMPLE METALS", "Example Metals GmbH") == 100
    assert company_name_similarity("Metals Example AG", "Example Metals GmbH") == 100
    assert check(inspect(), supplier_name="example metals") == []


def test_an_effective_date_before_the_reporting_period_is_a_warning_at_d22():
    [finding] = check(inspect(declaration={"effective_date": datetime(2024, 11, 30)}))
    assert finding.code == "campaign.effective_date_outside_period"
    assert (finding.severity, finding.cell) == ("warning", "D22")
    assert "2024-11-30" in finding.message


def test_an_effective_date_more_than_a_year_after_the_period_is_a_warning_too():
    later = check(inspect(declaration={"effective_date": datetime(2025, 6, 1)}), period_start=date(2023, 1, 1),
                  period_end=date(2023, 12, 31))  # fmt: skip
    assert [f.code for f in later] == ["campaign.effective_date_outside_period"]


def test_a_refused_workbook_gets_no_campaign_findings():
    result = inspect(version="6.1")
    result.refused = True
    assert check(result, minimum_version="6.5", supplier_name="Someone Else") == []
