"""The summary page, the suppliers behind a figure, and Appendix A as page, CSV and XLSX."""

import csv
import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from reports.figures import summary
from smelters.models import Smelter
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, SupplierFactory, SurveyRequestFactory
from tests.reports.conftest import STATUS_DATE, row

AS_OF = {"as_of": STATUS_DATE.isoformat()}


def test_the_summary_shows_each_figure_with_its_definition_and_a_link_to_the_suppliers_behind_it(
    client, legal_user, known
):
    client.force_login(legal_user)
    campaign = known["campaign"]
    page = client.get(reverse("reports:summary", args=[campaign.public_id]), AS_OF).content.decode()
    assert "Responded suppliers whose current declaration failed validation or was refused." in page
    drill = reverse("reports:figure_suppliers", args=[campaign.public_id, "invalid_declarations"])
    assert f'href="{drill}?as_of=2027-02-01"' in page
    assert "There is no earlier campaign to compare with." in page


def test_the_suppliers_behind_a_figure_link_to_their_current_declarations(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    campaign, charlie = known["campaign"], known["submissions"]["charlie"]
    url = reverse("reports:figure_suppliers", args=[campaign.public_id, "invalid_declarations"])
    page = client.get(url, AS_OF).content.decode()
    assert "Charlie" in page and "Alpha" not in page
    assert reverse("surveys:submission_detail", args=[charlie.public_id]) in page
    assert reverse("surveys:submission_download", args=[charlie.public_id]) in page


def test_an_unknown_figure_is_not_found(client, legal_user, known):
    client.force_login(legal_user)
    url = reverse("reports:figure_suppliers", args=[known["campaign"].public_id, "shoe_size"])
    assert client.get(url).status_code == 404


def test_with_a_previous_campaign_each_figure_shows_its_change(client, legal_user, known, file_cmrt):
    earlier = CampaignFactory(name="CMRT 2025", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                              due_date=date(2026, 3, 31), status="closed", opened_at=known["requests"]["alpha"].sent_at,
                              closed_at=known["requests"]["alpha"].sent_at)  # fmt: skip
    for name in ("Alpha", "Bravo"):
        request = SurveyRequestFactory(
            campaign=earlier, supplier=SupplierFactory(name=f"{name} 2025"), status="sent", sent_at=earlier.opened_at
        )
    file_cmrt(request, build_cmrt(smelters=[row("Tungsten", "CID002082", "Xiamen Tungsten Co., Ltd.")]))
    before = summary(campaign=earlier, as_of=date(2026, 2, 1))
    assert (before["suppliers_surveyed"], before["suppliers_responded"]) == (2, 1)
    client.force_login(legal_user)
    response = client.get(reverse("reports:summary", args=[known["campaign"].public_id]), AS_OF)
    rows = {r["key"]: r for r in response.context["rows"]}
    assert response.context["previous_campaign"] == earlier
    assert rows["suppliers_surveyed"]["change"] == 6 - 2
    assert rows["response_rate_pct"]["change"] == round(66.7 - 50.0, 1)
    assert rows["smelters_by_metal"]["change"]["tungsten"]["total"] == 2 - 1
    assert "Changes are against CMRT 2025" in response.content.decode()


def test_appendix_a_downloads_as_csv_and_xlsx_with_the_filing_columns_and_formula_safe_cells(client, legal_user, known):
    Smelter.objects.filter(cid="CID900003").update(standard_name='=HYPERLINK("http://x")')
    client.force_login(legal_user)
    public_id = known["campaign"].public_id
    body = client.get(reverse("reports:appendix_a_csv", args=[public_id]), AS_OF).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0] == ["Metal", "Standard Smelter Name", "Smelter Facility Location", "Smelter ID", "RMI Audit Status"]
    assert lines[1:] == [
        ["Gold", "Golden Refinery AG", "SWITZERLAND", "CID900001", "Conformant"],
        ["Tin", "Tin Works Sdn Bhd", "MALAYSIA", "CID900002", "Active"],
        ["Tungsten", "Xiamen Tungsten Co., Ltd.", "CHINA", "CID002082", "Conformant"],
        ["Tungsten", '\'=HYPERLINK("http://x")', "VIET NAM", "CID900003", "Not Enrolled"],
    ]
    xlsx = client.get(reverse("reports:appendix_a_xlsx", args=[public_id]), AS_OF).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == lines
    assert "2027-02-01" in sheet["A1"].value


def test_the_appendix_a_page_lists_the_rows_and_the_unmatched_names_apart(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    page = client.get(reverse("reports:appendix_a", args=[known["campaign"].public_id]), AS_OF).content.decode()
    assert "Outreach Required" in page
    assert page.index("Golden Refinery AG") < page.index("Tin Works Sdn Bhd") < page.index("Wolfram Outreach Ltd")
    assert "Reported names matching no known smelter" in page and "mystery smelting works" in page.lower()
