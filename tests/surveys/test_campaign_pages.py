"""The supply-chain team's campaign pages: create, open, follow each supplier's request, send a link again."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import Campaign, OutgoingEmail, Submission, SurveyRequest
from tests.factories import CampaignFactory, ContactFactory, SubmissionFactory, SupplierFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "CMRT 2026",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "due_date": "2027-03-31",
    "time_zone": "Europe/Berlin",
    "minimum_version": "6.4",
    "selection": "all",
}


@pytest.fixture
def sam(client, supply_chain_user):
    client.force_login(supply_chain_user)
    return supply_chain_user


def campaign_page(client, campaign, **query):
    return client.get(reverse("surveys:campaign_detail", args=[campaign.public_id]), query)


def test_the_team_creates_a_draft_campaign_and_becomes_its_owner(client, sam):
    response = client.post(reverse("surveys:campaign_create"), FORM)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "surveys:campaign_detail", args=[campaign.public_id]
    )
    assert (campaign.status, campaign.owner, campaign.time_zone, campaign.minimum_version) == (
        Campaign.Status.DRAFT,
        sam,
        "Europe/Berlin",
        "6.4",
    )


def test_a_due_date_before_the_period_is_shown_on_the_form_and_nothing_is_created(client, sam):
    response = client.post(reverse("surveys:campaign_create"), {**FORM, "due_date": "2025-06-01"})
    assert response.status_code == 400
    assert "The due date must lie after the start of the reporting period." in response.content.decode()
    assert not Campaign.objects.exists()


def test_only_an_administrator_is_offered_the_blank_template_upload(client, sam, admin_user):
    assert "blank_template_file" not in client.get(reverse("surveys:campaign_create")).content.decode()
    client.force_login(admin_user)
    assert "blank_template_file" in client.get(reverse("surveys:campaign_create")).content.decode()


def test_the_blank_template_an_administrator_uploads_is_kept_privately_and_downloaded_by_its_name(
    client, admin_user, settings
):
    client.force_login(admin_user)
    blank = SimpleUploadedFile("RMI_CMRT_6.5.xlsx", b"PK\x03\x04 a blank template")
    client.post(reverse("surveys:campaign_create"), {**FORM, "blank_template_file": blank})
    campaign = Campaign.objects.get()
    assert campaign.blank_template.name.startswith("templates/") and "RMI_CMRT" not in campaign.blank_template.name
    response = client.get(reverse("surveys:campaign_template_download", args=[campaign.public_id]))
    assert b"".join(response) == b"PK\x03\x04 a blank template"
    assert 'filename="RMI_CMRT_6.5.xlsx"' in response["Content-Disposition"]


def test_a_blank_template_that_is_not_a_workbook_is_refused_on_the_form(client, admin_user):
    client.force_login(admin_user)
    fake = SimpleUploadedFile("cmrt.xlsx", b"just text")
    response = client.post(reverse("surveys:campaign_create"), {**FORM, "blank_template_file": fake})
    assert response.status_code == 400 and "must be an Excel workbook" in response.content.decode()


def test_opening_from_the_page_asks_the_suppliers_and_says_how_many(client, sam, django_capture_on_commit_callbacks):
    ContactFactory()
    ContactFactory()
    campaign = CampaignFactory()
    assert "Open: ask 2 suppliers" in campaign_page(client, campaign).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:campaign_open", args=[campaign.public_id]), follow=True)
    assert "The campaign is open: 2 requests." in response.content.decode()
    assert campaign.requests.count() == 2 and len(mail.outbox) == 2


def test_the_legal_team_reads_a_campaign_but_cannot_open_it(client, legal_user):
    ContactFactory()
    campaign = CampaignFactory()
    client.force_login(legal_user)
    page = campaign_page(client, campaign).content.decode()
    assert "Open: ask" not in page
    assert client.post(reverse("surveys:campaign_open", args=[campaign.public_id])).status_code == 403


@pytest.fixture
def open_campaign():
    campaign = CampaignFactory(name="CMRT 2026", status=Campaign.Status.OPEN, opened_at="2026-02-01T00:00:00Z")
    return campaign


def test_the_campaign_page_counts_requests_per_status_and_lists_each_supplier(client, sam, open_campaign):
    SurveyRequestFactory(
        campaign=open_campaign, status=SurveyRequest.Status.SENT, supplier=SupplierFactory(name="Acme")
    )
    SurveyRequestFactory(campaign=open_campaign, status=SurveyRequest.Status.SENT)
    SurveyRequestFactory(campaign=open_campaign, status=SurveyRequest.Status.VALID)
    page = campaign_page(client, open_campaign)
    counts = {value: n for value, _label, n in page.context["counts"]}
    assert counts["sent"] == 2 and counts["valid"] == 1 and counts["bounced"] == 0
    assert page.context["total"] == 3 and "Acme" in page.content.decode()


def test_the_current_declaration_is_the_latest_valid_one_with_its_findings_and_file(client, sam, open_campaign):
    survey_request = SurveyRequestFactory(campaign=open_campaign)
    valid = SubmissionFactory(
        supplier=survey_request.supplier, request=survey_request, status=Submission.Status.VALID, warning_count=2
    )
    SubmissionFactory(supplier=survey_request.supplier, request=survey_request, status=Submission.Status.INVALID)
    page = campaign_page(client, open_campaign)
    [row] = page.context["page"].object_list
    assert row.current_declaration == valid
    html = page.content.decode()
    assert reverse("surveys:submission_detail", args=[valid.public_id]) in html
    assert reverse("surveys:submission_download", args=[valid.public_id]) in html


def test_the_requests_are_filtered_by_status_category_country_owner_and_search(client, sam, open_campaign):
    wanted = SupplierFactory(name="Acme Cables", category="Cables", country="China", owner=sam)
    SurveyRequestFactory(campaign=open_campaign, supplier=wanted, status=SurveyRequest.Status.INVALID)
    SurveyRequestFactory(campaign=open_campaign, supplier=SupplierFactory(category="Cables", country="China"),
                         status=SurveyRequest.Status.INVALID)  # fmt: skip
    SurveyRequestFactory(campaign=open_campaign, supplier=SupplierFactory(category="Cables", country="China",
                                                                          owner=sam))  # fmt: skip

    def shown(**query):
        return [r.supplier for r in campaign_page(client, open_campaign, **query).context["page"].object_list]

    assert shown(status="invalid", category="Cables", country="China", owner=sam.email) == [wanted]
    assert shown(q="acme") == [wanted]
    assert len(shown(owner="none")) == 1


def test_the_campaign_page_makes_the_same_number_of_queries_for_5_and_for_50_requests(client, sam, open_campaign):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert campaign_page(client, open_campaign).status_code == 200
        return len(captured)

    def add_requests(n: int) -> None:
        for _ in range(n):
            survey_request = SurveyRequestFactory(campaign=open_campaign, supplier=ContactFactory().supplier)
            SubmissionFactory(supplier=survey_request.supplier, request=survey_request, status="valid")

    add_requests(5)
    few = queries()
    add_requests(45)
    assert queries() == few


def test_the_page_shows_50_requests_and_links_to_the_next_page(client, sam, open_campaign):
    for _ in range(51):
        SurveyRequestFactory(campaign=open_campaign)
    page = campaign_page(client, open_campaign)
    assert len(page.context["page"].object_list) == 50 and "page=2" in page.content.decode()


def test_sending_the_link_again_from_the_page_e_mails_the_contact_and_is_recorded(client, sam, open_campaign):
    contact = ContactFactory()
    survey_request = SurveyRequestFactory(campaign=open_campaign, supplier=contact.supplier, contact=contact)
    response = client.post(
        reverse("surveys:request_resend", args=[survey_request.public_id]), {"back": "status=sent"}, follow=False
    )
    assert response["Location"].endswith("?status=sent")
    [message] = mail.outbox
    assert message.to == [contact.email]
    record = OutgoingEmail.objects.get()
    assert (record.step, record.sent_by, record.request) == ("link-again-1", sam, survey_request)
    survey_request.refresh_from_db()
    assert survey_request.last_contact_at == record.sent_at


def test_the_back_link_of_send_again_never_leaves_the_site(client, sam, open_campaign):
    survey_request = SurveyRequestFactory(campaign=open_campaign, supplier=ContactFactory().supplier)
    response = client.post(reverse("surveys:request_resend", args=[survey_request.public_id]),
                           {"back": "//evil.example/"})  # fmt: skip
    assert response["Location"] == reverse("surveys:campaign_detail", args=[open_campaign.public_id])


def test_an_open_campaigns_form_keeps_the_period_fixed(client, sam, open_campaign):
    url = reverse("surveys:campaign_edit", args=[open_campaign.public_id])
    client.post(url, {**FORM, "period_start": "2020-01-01", "due_date": "2027-04-30"})
    open_campaign.refresh_from_db()
    assert open_campaign.period_start == date(2026, 1, 1) and open_campaign.due_date == date(2027, 4, 30)


def test_the_campaign_list_shows_each_campaign_with_its_requests(client, sam, open_campaign):
    SurveyRequestFactory(campaign=open_campaign, status=SurveyRequest.Status.VALID)
    SurveyRequestFactory(campaign=open_campaign)
    [row] = client.get(reverse("surveys:campaign_list")).context["campaigns"]
    assert (row, row.request_count, row.valid_count) == (open_campaign, 2, 1)
