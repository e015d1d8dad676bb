"""Under the Content-Security-Policy the portal's scripts still work and the browser reports no violation."""

import base64
import json

import pytest

from accounts.services import user_create
from core.access import Role
from surveys.models import Submission
from tests.cmrt.builders import build_cmrt
from tests.factories import ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ada():
    # Created before the browser starts: Playwright's event loop forbids database calls in this thread.
    user = user_create(email="ada@example.com", password="pw-123456!", roles=[Role.SUPPLY_CHAIN], is_superuser=True)
    ContactFactory()
    return user


@pytest.fixture
def pending(ada):
    return Submission.objects.create(
        uploaded_by=ada, file="submissions/pending.xlsx", original_name="pending.xlsx", size=10, sha256="0" * 64
    )


@pytest.fixture
def violations(browser_page):
    """Every Content-Security-Policy violation the browser reports on the page, as console text."""
    found: list[str] = []
    browser_page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    return found


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "ada@example.com")
    page.fill("#id_password", "pw-123456!")
    page.click("article.auth-card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/reports/dashboard/")  # the supply-chain team's home page


def test_dropping_a_workbook_on_the_checker_works_under_the_policy(live_server, ada, browser_page, violations):
    page = browser_page
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/surveys/checker/")
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
    assert violations == []


def test_a_submission_being_checked_polls_its_status_and_reloads_when_done(
    live_server, pending, browser_page, violations
):
    page = browser_page
    _log_in(page, live_server)
    polls: list[str] = []

    def answer_done(route):
        polls.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"status": "valid", "done": True}))

    # A request the policy blocked would never reach this handler: it only sees what the browser sent.
    page.route(f"**/surveys/submissions/{pending.public_id}/status/", answer_done)
    page.goto(f"{live_server.url}/surveys/submissions/{pending.public_id}/")
    with page.expect_navigation():  # poll.js reloads the page once the check is done
        pass
    assert polls, "poll.js fetched the status"
    assert violations == []


def test_the_admin_works_under_the_policy_including_select_all_on_the_export_page(
    live_server, ada, browser_page, violations
):
    page = browser_page
    _log_in(page, live_server)
    for path in ["/admin/", "/admin/suppliers/supplier/", "/admin/suppliers/supplier/add/", "/admin/smelters/smelter/"]:
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/admin/suppliers/supplier/export/")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert boxes.count() > 2
    page.click("input.select-toggle")
    assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [False] * boxes.count()
    page.click("input.select-toggle")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert violations == []
