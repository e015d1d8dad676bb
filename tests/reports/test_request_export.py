"""The request status table of a campaign as CSV and XLSX: the page's rows and filters, formula-safe."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory


def campaign_with_a_hostile_name(db):
    campaign = CampaignFactory(
        name="CMRT 2026", status="closed", opened_at="2026-11-02T09:00Z", closed_at="2027-04-01T09:00Z"
    )
    evil = SupplierFactory(name='=HYPERLINK("http://evil.example")', supplier_code="+SUP-1", category="Cables")
    contact = ContactFactory(supplier=evil, email="a@evil.example")
    SurveyRequestFactory(campaign=campaign, supplier=evil, contact=contact, status="sent")
    SurveyRequestFactory(
        campaign=campaign, supplier=SupplierFactory(name="Plain GmbH", category="Resistors"), status="valid"
    )
    return campaign


def test_the_request_status_table_as_csv_escapes_cells_a_spreadsheet_would_run(client, supply_chain_user, db):
    campaign = campaign_with_a_hostile_name(db)
    client.force_login(supply_chain_user)
    response = client.get(reverse("reports:requests_csv", args=[campaign.public_id]))
    assert response["Content-Disposition"] == 'attachment; filename="requests-CMRT-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Supplier code", "Supplier"]
    assert rows[1][:2] == ["'+SUP-1", '\'=HYPERLINK("http://evil.example")']
    assert rows[1][5:7] == ["a@evil.example", "Sent"]
    assert rows[2][1] == "Plain GmbH" and rows[2][6] == "Valid"


def test_the_request_status_table_as_xlsx_escapes_cells_and_follows_the_pages_filters(client, supply_chain_user, db):
    campaign = campaign_with_a_hostile_name(db)
    client.force_login(supply_chain_user)
    response = client.get(reverse("reports:requests_xlsx", args=[campaign.public_id]), {"category": "Cables"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert len(rows) == 2
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=2, column=2).data_type == "s"
