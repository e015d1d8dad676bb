"""The dashboard and the campaign page (per page of 50) make the same number of queries whatever the
size of the campaign: one small, one with many more suppliers, answers, smelters and bounces."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smelters.models import Metal
from surveys.models import SurveyRequest
from tests.cmrt.builders import build_cmrt
from tests.factories import ContactFactory, SupplierFactory, SurveyRequestFactory
from tests.reports.conftest import ALL_ANSWERED, STATUS_DATE, row
from tests.smelters.factories import SmelterFactory, StatusSnapshotFactory


def grow(known, file_cmrt, n):
    """Add `n` suppliers to known's campaign: a third answer (naming two new smelters), some bounce."""
    campaign = known["campaign"]
    sent = known["requests"]["alpha"].sent_at
    for i in range(n):
        supplier = SupplierFactory(name=f"More {i:03d}", category=f"Category {i % 4}", country=f"Country {i % 3}")
        ContactFactory(supplier=supplier)
        status = SurveyRequest.Status.BOUNCED if i % 7 == 0 else SurveyRequest.Status.SENT
        request = SurveyRequestFactory(campaign=campaign, supplier=supplier, status=status, sent_at=sent)
        if i % 3 == 0:
            smelter = SmelterFactory(metal=Metal.TIN, cid=f"CID8{i:05d}", standard_name=f"Tin {i}", country="PERU")
            StatusSnapshotFactory(smelter=smelter, status="Non Conformant", as_of=STATUS_DATE)
            file_cmrt(
                request,
                build_cmrt(
                    questions={"tin": ALL_ANSWERED},
                    smelters=[
                        row("Tin", smelter.cid, smelter.standard_name, "PERU"),
                        row("Tin", "CID900002", "Tin Works Sdn Bhd", "MALAYSIA"),
                    ],
                ),
            )


def count_queries(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


def test_the_dashboard_makes_a_fixed_number_of_queries_whatever_the_size(client, supply_chain_user, known, file_cmrt):
    client.force_login(supply_chain_user)
    url, query = reverse("reports:dashboard"), {"campaign": str(known["campaign"].public_id), "as_of": "2027-02-01"}
    small = count_queries(client, url, query)
    grow(known, file_cmrt, 60)
    large = count_queries(client, url, query)
    assert client.get(url, query).context["data"]["suppliers_surveyed"] == 66
    assert (small, large) == (16, 16)


def test_the_campaign_page_makes_a_fixed_number_of_queries_per_page_of_50(client, supply_chain_user, known, file_cmrt):
    client.force_login(supply_chain_user)
    url = reverse("surveys:campaign_detail", args=[known["campaign"].public_id])
    small = count_queries(client, url, {})
    grow(known, file_cmrt, 60)
    large = count_queries(client, url, {})
    second_page = count_queries(client, url, {"page": 2})
    assert len(client.get(url).context["page"].object_list) == 50
    assert (small, large, second_page) == (small, small, small)
    assert small == 13
