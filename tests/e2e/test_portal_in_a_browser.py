"""A supplier contact goes from the e-mail's link to an accepted declaration in a real browser."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from surveys import services
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invitation(live_server, settings):
    """The campaign's e-mail to Acme's primary contact, sent before the browser starts (Playwright's
    event loop forbids database calls in this thread)."""
    settings.PORTAL_BASE_URL = live_server.url
    supplier = SupplierFactory(name="Acme Metals GmbH")
    ContactFactory(supplier=supplier, email="anna@acme.example", name="Anna Berg")
    campaign = CampaignFactory(
        name="CMRT 2026",
        status="open",
        opened_at=timezone.now(),
        due_date=date(2027, 3, 31),
        blank_template=ContentFile(b"PK\x03\x04 blank", name="blank.xlsx"),
        blank_template_name="CMRT_6.5.xlsx",
    )
    services.request_invitation_send(survey_request=SurveyRequestFactory(campaign=campaign, supplier=supplier))
    return mail.outbox[-1]


def test_a_supplier_goes_from_the_emailed_link_to_an_accepted_declaration(invitation, browser_page, tmp_path):
    invalid = tmp_path / "Acme CMRT.xlsx"
    invalid.write_bytes(build_cmrt(declaration={"company_name": None, "contact_email": "anna.example.com"}))
    corrected = tmp_path / "Acme CMRT corrected.xlsx"
    corrected.write_bytes(build_cmrt(declaration={"company_name": "Acme Metals GmbH"}))
    link = re.search(r"https?://\S+", invitation.body).group(0)
    page = browser_page
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and page_errors.append(message.text))

    page.goto(link)
    page.screenshot(path=str(tmp_path / "1-sign-in.png"), full_page=True)
    page.click("text=Continue to the portal")
    page.wait_for_selector("text=How to answer")
    assert "Download the blank CMRT" in page.content()
    page.screenshot(path=str(tmp_path / "2-request.png"), full_page=True)

    page.set_input_files("#id_file", str(invalid))
    page.click("text=Upload and check")
    page.wait_for_selector("text=must be corrected before we can accept your declaration")
    findings = page.locator("[data-upload-result]").inner_text()
    assert "D8" in findings and "D16" in findings
    assert "Acme CMRT.xlsx" in page.locator("[data-upload-history]").inner_text()
    assert page.locator("[data-request-status]").inner_text() == "Needs corrections", "updated without a reload"
    page.screenshot(path=str(tmp_path / "3-findings.png"), full_page=True)

    page.set_input_files("#id_file", str(corrected))
    page.click("text=Upload and check")
    page.wait_for_selector("text=Accepted. Thank you: your declaration is complete.")
    history = page.locator("[data-upload-history]").inner_text()
    assert "Acme CMRT corrected.xlsx" in history and "Acme CMRT.xlsx" in history
    assert page.locator("[data-request-status]").inner_text() == "Accepted"
    page.screenshot(path=str(tmp_path / "4-accepted.png"), full_page=True)

    page.click("text=Survey requests")
    assert "Accepted" in page.locator("article.request-card").inner_text()
    page.screenshot(path=str(tmp_path / "5-requests.png"), full_page=True)

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["anna@acme.example"] and "accepted" in confirmation.subject
    assert page_errors == [], "the portal's script runs under the Content-Security-Policy without errors"
