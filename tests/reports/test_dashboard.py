"""The supply-chain dashboard: the same figures as the filed summary, where the survey stands, and
the suppliers behind every number."""

import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.urls import reverse

from reports import dashboard as board
from reports.figures import summary
from surveys.models import SurveyRequest
from tests.factories import CampaignFactory, SupplierFactory, SurveyRequestFactory
from tests.reports.conftest import STATUS_DATE

AS_OF = {"as_of": STATUS_DATE.isoformat()}
AFTER_THE_DUE_DATE = datetime(2027, 4, 2, 9, tzinfo=UTC)  # known's campaign is due on 31 March 2027


def dashboard_of(client, campaign, **query):
    response = client.get(reverse("reports:dashboard"), {"campaign": str(campaign.public_id), **AS_OF, **query})
    assert response.status_code == 200
    return response


def test_the_dashboards_response_rate_equals_report_summarys_for_the_same_campaign(client, supply_chain_user, known):
    out = io.StringIO()
    call_command("report_summary", campaign="CMRT 2026", as_of=STATUS_DATE, json=True, stdout=out)
    filed = json.loads(out.getvalue())
    client.force_login(supply_chain_user)
    data = dashboard_of(client, known["campaign"]).context["data"]
    assert (
        data["response_rate_pct"] == filed["response_rate_pct"] == 66.7
    )  # 4 of 6 surveyed (Delta declined, Echo silent)
    funnel = {step["key"]: step["count"] for step in data["funnel"]}
    assert funnel["suppliers_surveyed"] == filed["suppliers_surveyed"]
    assert funnel["suppliers_responded"] == filed["suppliers_responded"]
    assert funnel["valid_declarations"] == filed["valid_declarations"]
    assert data["spend_coverage_pct"] == filed["spend_coverage_pct"]
    assert data["smelters_by_metal"] == filed["smelters_by_metal"]


def test_the_response_over_time_ends_on_todays_rate_of_the_summary(known):
    campaign = known["campaign"]
    data = board.dashboard(campaign=campaign, as_of=STATUS_DATE, filters=board.Filters())
    assert data["timeline"][-1].rate == summary(campaign=campaign, as_of=STATUS_DATE)["response_rate_pct"]
    assert data["timeline"][-1].responded == 4


def test_the_supply_chain_teams_home_page_is_the_dashboard_and_legals_the_supplier_list(
    client, supply_chain_user, legal_user
):
    client.force_login(supply_chain_user)
    assert client.get(reverse("home")).url == reverse("reports:dashboard")
    client.force_login(legal_user)
    assert client.get(reverse("home")).url == reverse("suppliers:list")


def test_without_an_open_campaign_the_dashboard_says_so(client, supply_chain_user):
    CampaignFactory(name="Still a draft")
    client.force_login(supply_chain_user)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "No campaign has been opened yet." in page


def test_the_dashboard_shows_the_open_campaign_due_soonest_by_default(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    assert client.get(reverse("reports:dashboard")).context["campaign"] == known["campaign"]


def test_suppliers_needing_action_are_overdue_invalid_bounced_or_name_a_high_risk_smelter(known):
    requests = known["requests"]
    SurveyRequest.objects.filter(pk=requests["echo"].pk).update(status=SurveyRequest.Status.BOUNCED)
    with time_machine.travel(AFTER_THE_DUE_DATE, tick=False):
        data = board.dashboard(campaign=known["campaign"], as_of=STATUS_DATE, filters=board.Filters())
    reasons = {r.facts.supplier_name: r.reasons for r in data["needing_action"]}
    # Alpha is valid and names only Conformant smelters; Delta declined; Golf is valid.
    assert reasons == {
        "Bravo": [board.HIGH_RISK],  # valid, but names Wolfram Outreach (Outreach Required)
        "Charlie": [board.OVERDUE, board.INVALID],
        "Echo": [board.OVERDUE, board.BOUNCED],
    }
    assert [r.facts.supplier_name for r in data["needing_action"]] == ["Charlie", "Echo", "Bravo"]


def test_before_the_due_date_nobody_is_overdue(known):
    with time_machine.travel(datetime(2027, 3, 31, 20, tzinfo=UTC), tick=False):  # still 31 March in UTC
        data = board.dashboard(campaign=known["campaign"], as_of=STATUS_DATE, filters=board.Filters())
    assert dict((k, n) for k, _label, n in data["reason_counts"])[board.OVERDUE] == 0


def test_the_due_date_is_a_day_in_the_campaigns_time_zone(known):
    campaign = known["campaign"]
    campaign.time_zone = "Asia/Tokyo"
    campaign.save()
    with time_machine.travel(datetime(2027, 3, 31, 20, tzinfo=UTC), tick=False):  # 1 April in Tokyo
        data = board.dashboard(campaign=campaign, as_of=STATUS_DATE, filters=board.Filters())
    assert dict((k, n) for k, _label, n in data["reason_counts"])[board.OVERDUE] == 2  # Charlie and Echo


def test_each_number_links_to_the_suppliers_behind_it(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    campaign = known["campaign"]
    page = dashboard_of(client, campaign).content.decode()
    for key in ("suppliers_surveyed", "suppliers_responded", "valid_declarations", "spend_coverage_pct"):
        assert reverse("reports:figure_suppliers", args=[campaign.public_id, key]) in page
    for key in ("opened", "needs_action", "overdue", "invalid", "bounced", "high_risk"):
        assert reverse("reports:dashboard_suppliers", args=[campaign.public_id, key]) in page
    assert f"{reverse('surveys:campaign_detail', args=[campaign.public_id])}?status=invalid" in page


def test_the_list_of_suppliers_naming_a_high_risk_smelter_shows_exactly_them(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    url = reverse("reports:dashboard_suppliers", args=[known["campaign"].public_id, "high_risk"])
    rows = client.get(url, AS_OF).context["rows"]
    assert [r.facts.supplier_name for r in rows] == ["Bravo"]


def test_an_unknown_list_of_the_dashboard_is_not_found(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    url = reverse("reports:dashboard_suppliers", args=[known["campaign"].public_id, "shoe_size"])
    assert client.get(url).status_code == 404


def test_the_filters_narrow_the_statuses_and_the_suppliers_needing_action_but_not_the_response_rate(
    client, supply_chain_user, known
):
    charlie = known["requests"]["charlie"].supplier
    charlie.category = "Cables"
    charlie.save()
    client.force_login(supply_chain_user)
    data = dashboard_of(client, known["campaign"], category="Cables").context["data"]
    assert data["shown"] == 1
    assert [r.facts.supplier_name for r in data["needing_action"]] == ["Charlie"]
    assert dict((s, n) for s, _label, n in data["status_counts"])["invalid"] == 1
    assert data["response_rate_pct"] == 66.7
    assert ("Cables", "Cables") in data["choices"]["categories"]


def test_the_charts_print_their_numbers_and_come_with_tables(client, supply_chain_user, known):
    client.force_login(supply_chain_user)
    page = dashboard_of(client, known["campaign"]).content.decode()
    assert page.count("<svg") == 3
    assert page.count("<details><summary>The numbers</summary>") == 3
    assert "66.7%" in page  # today's response rate printed at the end of the line
    assert "style=" not in page.split("<main", 1)[1]  # the CSP allows no inline styles


def test_the_spend_covered_counts_the_surveyed_suppliers_against_all(client, supply_chain_user, known):
    SupplierFactory(name="Hotel (not surveyed)", annual_spend=Decimal(400))
    client.force_login(supply_chain_user)
    data = dashboard_of(client, known["campaign"]).context["data"]
    assert data["spend_coverage_pct"] == 46.2  # 600 of 1,300 (Foxtrot 300 and Hotel 400 not surveyed)


def test_a_supplier_never_sent_a_request_is_not_on_the_dashboard(client, supply_chain_user, known):
    SurveyRequestFactory(campaign=known["campaign"], supplier=SupplierFactory(name="Unsent"))
    client.force_login(supply_chain_user)
    data = dashboard_of(client, known["campaign"]).context["data"]
    assert data["suppliers_surveyed"] == 6
