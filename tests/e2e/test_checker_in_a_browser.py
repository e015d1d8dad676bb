"""A supply-chain user checks a workbook in a real browser, the way they would by hand."""

import base64

import pytest

from accounts.services import user_create
from core.access import Role
from tests.cmrt.builders import build_cmrt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sam():
    # Created before the browser starts: Playwright's event loop forbids database calls in this thread.
    return user_create(email="sam@example.com", password="pw-123456!", roles=[Role.SUPPLY_CHAIN])


def test_a_supply_chain_user_logs_in_uploads_a_cmrt_and_sees_what_to_correct(live_server, sam, browser_page, tmp_path):
    workbook = tmp_path / "Supplier CMRT.xlsx"
    workbook.write_bytes(build_cmrt(declaration={"company_name": None, "contact_email": "anna.example.com"}))
    page = browser_page

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "sam@example.com")
    page.fill("#id_password", "pw-123456!")
    page.click("article.auth-card button[type=submit]")
    page.click("text=CMRT checker")
    page.set_input_files("input[type=file]", str(workbook))
    page.click("form.upload button[type=submit]")

    page.wait_for_selector("text=What was read")
    callout = page.locator("article.callout.error").inner_text()
    findings = page.locator("section").first.inner_text()
    assert "must be corrected before this declaration can be accepted" in callout
    assert "D8" in findings and "company name is empty" in findings
    assert "D16" in findings
    page.screenshot(path=str(tmp_path / "checker.png"), full_page=True)

    page.click("text=← CMRT checker")
    assert "Supplier CMRT.xlsx" in page.locator("table.data").inner_text()


def test_a_workbook_dropped_on_the_upload_card_is_checked(live_server, sam, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "sam@example.com")
    page.fill("#id_password", "pw-123456!")
    page.click("article.auth-card button[type=submit]")
    page.goto(f"{live_server.url}/surveys/checker/")

    # What a drag from the desktop delivers: a DataTransfer holding the file.
    dropped = page.evaluate_handle(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "dropped CMRT.xlsx"));
            return transfer;
        }""",
        base64.b64encode(build_cmrt()).decode(),
    )
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": dropped})
    assert page.locator("[data-dropzone-label]").inner_text() == "dropped CMRT.xlsx"
    page.click("form.upload button[type=submit]")

    page.wait_for_selector("text=What was read")
    assert "This declaration is valid." in page.locator("article.callout").inner_text()
