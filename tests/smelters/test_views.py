"""Pages: filters, and the review queue used end to end (who may see them: tests/test_access_matrix.py)."""

import datetime
import uuid

import pytest
from django.urls import reverse

from smelters.models import MatchDecision, SmelterMatch
from smelters.selectors import smelter_search
from smelters.services import reported_smelters_record
from tests.factories import SupplierFactory
from tests.smelters.factories import SmelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(reference):
    for _ in range(2):
        reported_smelters_record(
            supplier=SupplierFactory(),
            source_ref=uuid.uuid4(),
            source_label="CMRT 6.5",
            rows=[
                {"row_number": 5, "metal": "Tantalum", "name": "H.C. Starck", "country": ""},
                {"row_number": 6, "metal": "Gold", "name": "Aida Chemical", "country": "Japan"},
                {"row_number": 7, "metal": "Tin", "name": "Acme Trading", "country": "China"},
                {"row_number": 8, "metal": "TANTALUM", "name": "HC STARCK", "country": ""},
            ],
        )


def group_url(metal, name, country=""):
    return reverse("smelters:review_group") + f"?metal={metal}&name={name}&country={country}"


def test_an_unknown_code_or_group_is_404(client, reference, supply_user):
    client.force_login(supply_user)
    assert client.get(reverse("smelters:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(group_url("gold", "no such name")).status_code == 404


def test_the_list_filters_by_metal_status_risk_and_search(client, reference, legal_user):
    client.force_login(legal_user)
    url = reverse("smelters:list")

    def ids(**params):
        response = client.get(url, {"as_of": "2024-06-01", **params})
        return {row.smelter.cid for row in response.context["page"].object_list}

    assert ids(metal="tin") == {"CID001482", "CID001477", "CID003000"}
    assert ids(status="conformant") == {"CID000019"}
    assert ids(status="Active") == {"CID001482"}
    assert ids(risk="covered_country") == {"CID003000"}
    assert ids(risk="due_diligence") == {"CID001477"}
    assert ids(q="aida chem") == {"CID000019"}
    assert ids(q="CID002549") == {"CID002549"}
    # Before any status was published, nobody has one.
    assert ids(status="conformant", as_of="2023-01-01") == set()


def test_the_list_page_runs_a_fixed_number_of_queries(client, reference, legal_user, django_assert_max_num_queries):
    client.force_login(legal_user)
    client.get(reverse("smelters:list"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("smelters:list")).status_code == 200


def test_the_detail_page_shows_aliases_history_and_reporting_suppliers(client, reference, reported, legal_user):
    client.force_login(legal_user)
    response = client.get(reverse("smelters:detail", args=[reference["aida"].public_id]), {"as_of": "2024-06-01"})
    text = response.content.decode()
    assert "Aida Chemical" in text and "Conformant" in text
    assert len(response.context["suppliers"]) == 2
    assert response.context["snapshot"].as_of == datetime.date(2024, 1, 1)


def test_a_reviewer_decides_a_name_once_for_every_supplier(client, reference, reported, supply_user):
    client.force_login(supply_user)
    queue = client.get(reverse("smelters:review"))
    groups = {g.display_name: g for g in queue.context["page"].object_list}
    assert groups["H.C. Starck"].supplier_count == 2
    assert "+1 spelling" in queue.content.decode()
    assert "Aida Chemical" not in groups

    page = client.get(group_url("tantalum", "hc starck"))
    assert page.status_code == 200
    assert {s.cid for s, _ in page.context["group"].candidates} >= {"CID002544", "CID002549"}
    # Search by ID or name; SORs already offered as candidates are not listed twice.
    search = client.get(group_url("tantalum", "hc starck") + "&q=cid002549")
    assert search.context["results"] == []
    boyertown = SmelterFactory(metal="tantalum", cid="CID002557", standard_name="GAM Boyertown")
    search = client.get(group_url("tantalum", "hc starck") + "&q=boyertown")
    assert search.context["results"] == [boyertown]
    assert [s.cid for s in smelter_search(metal="tantalum", query="cid002549")] == ["CID002549"]
    assert [s.cid for s in smelter_search(metal="tin", query="timah")] == ["CID001477", "CID001482"]

    response = client.post(
        reverse("smelters:review_decide"),
        {
            "metal": "tantalum",
            "name_key": "hc starck",
            "country_key": "",
            "example_name": "H.C. Starck",
            "verdict": "smelter",
            "smelter": str(reference["starck_jp"].public_id),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "is now H.C. Starck Ltd. (CID002549) on 4 row(s)" in response.content.decode()
    matches = SmelterMatch.objects.filter(reported__name_key="hc starck")
    assert matches.count() == 4
    assert {(m.smelter.cid, m.method, m.confirmed_by) for m in matches} == {("CID002549", "manual", supply_user)}
    assert "H.C. Starck" not in {g.display_name for g in response.context["page"].object_list}

    client.post(
        reverse("smelters:review_decide"),
        {
            "metal": "tin",
            "name_key": "acme trading",
            "country_key": "CHINA",
            "verdict": "not_smelter",
            "note": "distributor",
        },
    )
    decision = MatchDecision.objects.get(name_key="acme trading")
    assert (decision.verdict, decision.decided_by, decision.note) == ("not_smelter", supply_user, "distributor")


def test_a_decision_without_a_smelter_of_that_metal_is_refused(client, reference, reported, supply_user):
    client.force_login(supply_user)
    response = client.post(
        reverse("smelters:review_decide"),
        {
            "metal": "tantalum",
            "name_key": "hc starck",
            "verdict": "smelter",
            "smelter": str(reference["aida"].public_id),
        },
        follow=True,
    )
    assert "was not recorded" in response.content.decode()
    assert not MatchDecision.objects.exists()


def test_decisions_need_a_post_with_a_csrf_token(reference, reported, supply_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(supply_user)
    response = client.post(
        reverse("smelters:review_decide"), {"metal": "tin", "name_key": "acme trading", "verdict": "unknown"}
    )
    assert response.status_code == 403
    assert client.get(reverse("smelters:review_decide")).status_code == 405


def test_the_review_queue_runs_a_fixed_number_of_queries_however_many_names_wait(client, reference, supply_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(supply_user)

    def queue_queries(names: int) -> int:
        rows = [{"row_number": 5 + i, "metal": "Tin", "cid": "", "name": f"Unheard Of Metals {i:03d}",
                 "country": "PERU"} for i in range(names)]  # fmt: skip
        reported_smelters_record(supplier=SupplierFactory(), source_ref=uuid.uuid4(), source_label="x", rows=rows)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("smelters:review")).status_code == 200
        return len(captured)

    assert queue_queries(3) == queue_queries(20)


def test_the_review_queue_says_why_a_candidate_scoring_100_was_not_taken(client, reference, reported, supply_user):
    client.force_login(supply_user)
    page = client.get(reverse("smelters:review")).content.decode()
    # "H.C. Starck" is the name of two tantalum smelters and no country was given.
    assert ">100</span> <code>CID002544</code>" in page and ">100</span> <code>CID002549</code>" in page
    assert "no match" not in page.lower()
    assert "same name, several smelters" in page
    assert "the country does not tell them apart" in page


def test_the_review_queue_calls_two_close_scores_a_near_tie_and_explains_the_scores(client, reference, supply_user):
    reported_smelters_record(
        supplier=SupplierFactory(),
        source_ref=uuid.uuid4(),
        source_label="CMRT 6.5",
        rows=[{"row_number": 5, "metal": "Tin", "name": "PT Timah Tbk", "country": "Indonesia"}],
    )
    client.force_login(supply_user)
    page = client.get(reverse("smelters:review")).content.decode()
    assert "near tie" in page
    assert "leads the next" in page and "by less than 8 points, so neither was taken" in page
    assert "A matching country adds 3." in page and "scores 84 or more" in page


def test_a_typed_id_of_another_metal_is_named_as_the_reason(client, reference, supply_user):
    reported_smelters_record(
        supplier=SupplierFactory(),
        source_ref=uuid.uuid4(),
        source_label="CMRT 6.5",
        rows=[{"row_number": 5, "metal": "Tin", "cid": "CID000019", "name": "Unheard Of Tin", "country": ""}],
    )
    client.force_login(supply_user)
    page = client.get(reverse("smelters:review")).content.decode()
    assert "wrong metal" in page and "belongs to a smelter of another metal" in page


def test_names_to_ask_the_supplier_about_stay_listed_per_supplier(client, reference, supply_user, legal_user):
    acme, other = SupplierFactory(name="Acme Metals"), SupplierFactory(name="Other Co")
    for supplier, name in ((acme, "Mystery Tin Works"), (other, "Known Unknown Tin")):
        reported_smelters_record(
            supplier=supplier,
            source_ref=uuid.uuid4(),
            source_label="CMRT 6.5 (2026-01-05)",
            rows=[{"row_number": 7, "metal": "Tin", "name": name, "country": "Peru"}],
        )
    client.force_login(supply_user)
    for name in ("mystery tin works", "known unknown tin"):
        client.post(
            reverse("smelters:review_decide"),
            {"metal": "tin", "name_key": name, "country_key": "PERU", "verdict": "unknown", "note": "ask them"},
        )
    queue = client.get(reverse("smelters:review")).content.decode()
    assert "Mystery Tin Works" not in queue
    assert reverse("smelters:open_questions") in queue

    client.force_login(legal_user)
    everyone = client.get(reverse("smelters:open_questions")).content.decode()
    assert "Acme Metals" in everyone and "Mystery Tin Works" in everyone and "Known Unknown Tin" in everyone
    assert "ask them" in everyone
    supplier_page = client.get(reverse("suppliers:detail", args=[acme.public_id])).content.decode()
    link = f"{reverse('smelters:open_questions')}?supplier={acme.public_id}"
    assert link in supplier_page and "1 smelter name to ask this supplier about" in supplier_page
    one = client.get(link).content.decode()
    assert "Mystery Tin Works" in one and "Known Unknown Tin" not in one


def test_the_open_questions_page_is_for_internal_users_and_runs_a_fixed_number_of_queries(
    client, reference, supply_user, supplier_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from smelters.services import match_decision_record

    def add(n: int) -> int:
        for _ in range(n):
            name = f"Mystery Tin {uuid.uuid4().hex[:8]}"
            [row] = reported_smelters_record(
                supplier=SupplierFactory(),
                source_ref=uuid.uuid4(),
                source_label="x",
                rows=[{"row_number": 5, "metal": "Tin", "name": name, "country": ""}],
            )
            match_decision_record(
                metal="tin", name_key=row.name_key, country_key="", verdict="unknown", user=supply_user
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("smelters:open_questions")).status_code == 200
        return len(captured)

    client.force_login(supplier_user)
    assert client.get(reverse("smelters:open_questions")).status_code == 403
    client.force_login(supply_user)
    assert add(2) == add(10)


def test_the_status_filter_offers_each_status_word_once_under_its_category(client, reference, legal_user):
    client.force_login(legal_user)
    response = client.get(reverse("smelters:list"))
    options = [(o.value, o.label, o.nested) for o in response.context["status_options"]]
    labels = [label for _value, label, _nested in options]
    assert len(labels) == len(set(labels))
    assert options == [
        ("conformant", "Conformant", False),
        ("active", "Active", False),
        ("not_enrolled", "Neither Conformant nor Active", False),
        ("RMI Due Diligence Review - Unable to Proceed", "RMI Due Diligence Review - Unable to Proceed", True),
        ("unknown", "No status", False),
    ]
    page = response.content.decode()
    assert page.count(">Conformant</option>") == 1 and page.count(">Active</option>") == 1
    assert 'label="Status as published"' not in page


def test_statuses_all_out_of_date_are_said_once_above_the_list_not_on_every_row(client, reference, legal_user):
    client.force_login(legal_user)
    stale_badge = ">Status out of date</span>"
    old = client.get(reverse("smelters:list"), {"as_of": "2026-06-01"}).content.decode()
    assert "Every status below is out of date." in old
    assert "All come from one list, test.csv, as of 2024-01-01: 882 days old" in old
    assert stale_badge not in old and "as of 2024-01-01</small>" not in old
    # Within a year of the list, nothing is out of date and nothing is said.
    fresh = client.get(reverse("smelters:list"), {"as_of": "2024-06-01"}).content.decode()
    assert "out of date." not in fresh and stale_badge not in fresh


def test_a_list_with_one_current_status_keeps_the_flag_on_the_old_rows(client, reference, legal_user):
    from tests.smelters.factories import StatusSnapshotFactory

    StatusSnapshotFactory(smelter=reference["aida"], status="Conformant", as_of=datetime.date(2026, 1, 1))
    client.force_login(legal_user)
    page = client.get(reverse("smelters:list"), {"as_of": "2026-06-01"}).content.decode()
    assert "Every status below is out of date." not in page
    assert page.count(">Status out of date</span>") == 2  # Timah Mentok and Kundur, still on test.csv


def test_the_review_page_of_a_name_says_why_in_words_not_flag_codes(client, reference, reported, supply_user):
    client.force_login(supply_user)
    page = client.get(group_url("tantalum", "hc starck")).content.decode()
    assert "same name, several smelters" in page
    assert "ambiguous_name" not in page
