"""The supplier portal: a supplier's users answer their company's requests, see what to correct, and
nothing of anybody else's."""

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from surveys.links import request_link
from surveys.models import OutgoingEmail, Submission, SurveyRequest
from tests.cmrt.builders import build_cmrt, macro_xlsx, zip_bomb_xlsx
from tests.factories import CampaignFactory, ContactFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db

INVALID = {"declaration": {"company_name": None, "contact_email": "anna.example.com"}}
# Two errors, and a warning: an effective date long before the campaign's reporting year.
INVALID_WITH_WARNING = {"declaration": {**INVALID["declaration"], "effective_date": datetime(2019, 5, 1)}}


@pytest.fixture
def campaign():
    return CampaignFactory(
        name="CMRT 2026",
        status="open",
        opened_at=timezone.now(),
        due_date=date(2027, 3, 31),
        blank_template=ContentFile(b"PK\x03\x04 the blank template", name="blank.xlsx"),
        blank_template_name="CMRT_6.5.xlsx",
    )


@pytest.fixture
def survey_request(campaign, supplier_a):
    return SurveyRequestFactory(campaign=campaign, supplier=supplier_a, status=SurveyRequest.Status.SENT)


@pytest.fixture(autouse=True)
def _after_commit(django_capture_on_commit_callbacks):
    global _commits
    _commits = django_capture_on_commit_callbacks


def _upload(client, survey_request, data, name="our CMRT.xlsx", json=True):
    """Upload as the page's script does (or as a browser without script), and run what waits for the commit:
    the check (in-process in tests) and the e-mails after it."""
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    url = reverse("portal:request_upload", kwargs={"public_id": survey_request.public_id})
    with _commits(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, data)}, **headers)


def test_the_start_page_lists_the_suppliers_open_requests_with_due_date_and_status(client, owner, survey_request):
    SurveyRequestFactory(campaign=CampaignFactory(name="Someone else's survey", status="open",
                                                  opened_at=timezone.now()))  # fmt: skip
    client.force_login(owner)
    page = client.get(reverse("portal:home")).content.decode()
    assert "CMRT 2026" in page and "Due by 31 March 2027" in page and "Waiting for your CMRT" in page
    assert "Someone else&#x27;s survey" not in page and "Someone else's survey" not in page


def test_a_supplier_user_is_sent_from_the_start_page_to_the_portal(client, owner):
    client.force_login(owner)
    assert client.get("/")["Location"] == reverse("portal:home")


def test_staff_get_a_page_saying_this_is_the_supplier_portal(client, supply_chain_user):
    client.force_login(supply_chain_user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 403 and "This is the supplier portal" in response.content.decode()


def test_opening_a_request_marks_it_opened_once(client, owner, survey_request):
    client.force_login(owner)
    client.get(reverse("portal:request_detail", kwargs={"public_id": survey_request.public_id}))
    survey_request.refresh_from_db()
    assert survey_request.status == SurveyRequest.Status.OPENED and survey_request.opened_at is not None


def test_the_blank_template_downloads_as_the_campaigns_file(client, colleague, survey_request):
    client.force_login(colleague)
    response = client.get(reverse("portal:template_download", kwargs={"public_id": survey_request.public_id}))
    assert b"".join(response) == b"PK\x03\x04 the blank template"
    assert 'filename="CMRT_6.5.xlsx"' in response["Content-Disposition"]


def test_an_invalid_cmrt_gets_every_finding_with_its_place_errors_before_warnings(client, owner, survey_request):
    client.force_login(owner)
    answer = _upload(client, survey_request, build_cmrt(**INVALID_WITH_WARNING))
    assert answer.status_code == 201
    status = client.get(answer.json()["status_url"]).json()
    assert status["done"] is True and status["status"] == "invalid"
    html = status["html"]
    assert "must be corrected before we can accept your declaration" in html
    assert "D8" in html and "company name is empty" in html.lower() and "D16" in html
    assert html.index("To correct") < html.index("Worth a look"), "errors first, then warnings"
    assert "our CMRT.xlsx" in status["history"]


def test_a_corrected_file_is_accepted_every_version_is_kept_and_a_confirmation_is_emailed(
    client, colleague, survey_request
):
    ContactFactory(supplier=survey_request.supplier, email="primary@supplier-a.example")
    client.force_login(colleague)
    _upload(client, survey_request, build_cmrt(**INVALID), name="first try.xlsx")
    mail.outbox.clear()
    answer = _upload(client, survey_request, build_cmrt(), name="corrected.xlsx")
    status = client.get(answer.json()["status_url"]).json()
    assert status["status"] == "valid" and "Accepted" in status["html"]
    assert list(Submission.objects.filter(request=survey_request).values_list("original_name", flat=True)) == [
        "corrected.xlsx",
        "first try.xlsx",
    ]
    survey_request.refresh_from_db()
    assert survey_request.status == SurveyRequest.Status.VALID
    assert [m.to for m in mail.outbox] == [["colleague@supplier-a.example"]], "to whoever sent the file"
    assert "accepted" in mail.outbox[0].subject and "corrected.xlsx" in mail.outbox[0].body
    record = OutgoingEmail.objects.get(request=survey_request, template="declaration_accepted")
    assert record.to == "colleague@supplier-a.example" and record.outcome == "sent"


def test_the_confirmation_carries_no_link_that_signs_in_someone_else(client, colleague, survey_request):
    ContactFactory(supplier=survey_request.supplier, email="primary@supplier-a.example")
    client.force_login(colleague)
    _upload(client, survey_request, build_cmrt())
    assert "link=" not in mail.outbox[-1].body


def test_the_same_file_twice_is_recognised_and_not_checked_again(client, owner, survey_request):
    client.force_login(owner)
    data = build_cmrt(**INVALID)
    _upload(client, survey_request, data, name="a.xlsx")
    second = client.get(_upload(client, survey_request, data, name="a again.xlsx").json()["status_url"]).json()
    assert "the very same file" in second["html"] and "not checked again" in second["html"]
    assert Submission.objects.filter(request=survey_request, status="duplicate").count() == 1


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"%PDF-1.7 this is a PDF", "declaration.xlsx", "not an excel workbook"),
        (zip_bomb_xlsx(), "bomb.xlsx", "implausible size"),
        (macro_xlsx(), "macro.xlsx", "macro"),
    ],
    ids=["not a workbook", "zip bomb", "macro package renamed .xlsx"],
)
def test_a_hostile_upload_gets_a_clear_refusal_on_the_page(client, owner, survey_request, data, name, reason):
    client.force_login(owner)
    status = client.get(_upload(client, survey_request, data, name=name).json()["status_url"]).json()
    assert status["status"] == "refused"
    assert "We could not accept" in status["html"] and reason in status["html"].lower()
    assert "Needs a new file" in status["request_status"]
    page = client.get(reverse("portal:request_detail", kwargs={"public_id": survey_request.public_id}))
    assert "We could not accept" in page.content.decode()


def test_without_script_the_upload_leads_to_the_result_page(client, owner, survey_request):
    client.force_login(owner)
    response = _upload(client, survey_request, build_cmrt(**INVALID), json=False)
    assert response.status_code == 302
    assert "must be corrected" in client.get(response["Location"]).content.decode()


def test_an_empty_file_is_refused_with_the_reason(client, owner, survey_request):
    client.force_login(owner)
    response = _upload(client, survey_request, b"")
    assert response.status_code == 400 and response.json()["error"]


def test_a_closed_survey_takes_no_more_files(client, owner, survey_request):
    survey_request.campaign.status = "closed"
    survey_request.campaign.closed_at = timezone.now()
    survey_request.campaign.save()
    client.force_login(owner)
    response = _upload(client, survey_request, build_cmrt())
    assert response.status_code == 400 and "closed" in response.json()["error"]
    assert not Submission.objects.filter(request=survey_request).exists()


def test_no_3tg_with_a_comment_closes_the_request_as_declined_for_the_team_to_review(client, owner, survey_request):
    client.force_login(owner)
    url = reverse("portal:request_decline", kwargs={"public_id": survey_request.public_id})
    client.post(url, {"reason": "no_3tg", "comment": "We only sell software licences."})
    survey_request.refresh_from_db()
    assert survey_request.status == SurveyRequest.Status.DECLINED
    assert survey_request.decline_comment == "We only sell software licences." and survey_request.declined_by == owner
    page = client.get(reverse("portal:request_detail", kwargs={"public_id": survey_request.public_id}))
    assert "Our products contain no 3TG" in page.content.decode()


def test_declining_without_a_comment_asks_for_one(client, owner, survey_request):
    client.force_login(owner)
    url = reverse("portal:request_decline", kwargs={"public_id": survey_request.public_id})
    response = client.post(url, {"reason": "no_longer_supplier", "comment": ""})
    assert response.status_code == 400 and "add a short comment" in response.content.decode()
    survey_request.refresh_from_db()
    assert survey_request.status == SurveyRequest.Status.SENT


def test_another_suppliers_user_cannot_upload_to_this_request(client, outsider, survey_request):
    client.force_login(outsider)
    assert _upload(client, survey_request, build_cmrt()).status_code == 404
    assert not Submission.objects.exists()


# --- The link in the request's e-mails -------------------------------------------------------------------


def test_the_request_link_signs_the_primary_contact_in_and_opens_the_request(client, survey_request):
    ContactFactory(supplier=survey_request.supplier, email="Anna@Supplier-A.example", name="Anna Berg")
    link = request_link(survey_request)
    user = User.objects.get(email="anna@supplier-a.example")
    assert user.supplier == survey_request.supplier and user.first_name == "Anna"
    query = parse_qs(urlsplit(link).query)
    response = client.post(reverse("link_sign_in"), {"link": query["link"][0], "next": query["next"][0]})
    assert response["Location"] == reverse("portal:request_detail", kwargs={"public_id": survey_request.public_id})
    assert client.get(response["Location"]).status_code == 200


def test_the_request_link_of_a_supplier_without_a_contact_is_the_plain_portal_address(survey_request):
    assert request_link(survey_request).endswith(
        reverse("portal:request_detail", kwargs={"public_id": survey_request.public_id})
    )


# --- Colleagues --------------------------------------------------------------------------------------------


def test_a_supplier_user_invites_a_colleague_who_gets_a_user_of_the_same_supplier_and_a_link(client, owner):
    client.force_login(owner)
    response = client.post(reverse("portal:colleagues"), {"email": "New.Buyer@supplier-a.example", "first_name": "Li"})
    assert response.status_code == 302
    invited = User.objects.get(email="new.buyer@supplier-a.example")
    assert invited.supplier == owner.supplier and not invited.is_staff
    assert mail.outbox[-1].to == ["new.buyer@supplier-a.example"] and "/accounts/link/?link=" in mail.outbox[-1].body
    assert "new.buyer@supplier-a.example" in client.get(reverse("portal:colleagues")).content.decode()


def test_a_supplier_user_cannot_take_over_another_suppliers_user_by_inviting_them(client, owner, outsider):
    client.force_login(owner)
    response = client.post(reverse("portal:colleagues"), {"email": "outsider@supplier-b.example"})
    assert response.status_code == 400 and "cannot be added to your company" in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.supplier.name == "Supplier B Ltd."
    assert mail.outbox == []


def test_the_colleague_list_shows_only_this_suppliers_users(client, owner, colleague, outsider):
    client.force_login(owner)
    page = client.get(reverse("portal:colleagues")).content.decode()
    assert "colleague@supplier-a.example" in page and "outsider@supplier-b.example" not in page
