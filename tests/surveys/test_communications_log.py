"""The communications log: every e-mail, status change and note, append-only, on the pages, exported."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import OutgoingEmail, RequestEvent, SurveyRequest
from surveys.services import request_invitation_send, request_note_add, request_opened
from tests.factories import CampaignFactory, ContactFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_request(supplier_a):
    ContactFactory(supplier=supplier_a, email="anna@supplier-a.example")
    campaign = CampaignFactory(name="CMRT 2026", status="open", opened_at=timezone.now(), due_date=date(2027, 3, 31))
    return SurveyRequestFactory(campaign=campaign, supplier=supplier_a)


def test_every_email_status_change_and_note_is_in_the_requests_log_on_its_page(
    client, supply_chain_user, survey_request
):
    request_invitation_send(survey_request=survey_request)
    request_opened(survey_request=survey_request)
    client.force_login(supply_chain_user)
    note = client.post(
        reverse("surveys:request_note_add", kwargs={"public_id": survey_request.public_id}),
        {"text": "Phoned Anna: the file comes on Friday."},
    )
    assert note.status_code == 302
    page = client.get(reverse("surveys:request_detail", kwargs={"public_id": survey_request.public_id}))
    log = page.context["log"]
    assert (log[0].kind, log[0].text, log[0].by) == (
        "note",
        "Phoned Anna: the file comes on Friday.",
        str(supply_chain_user),
    )
    assert sorted((e.kind, e.step or e.text) for e in log[1:]) == [
        ("email", "invitation"),
        ("status", "Not sent → Sent"),
        ("status", "Sent → Opened"),
    ]
    body = page.content.decode()
    assert "anna@supplier-a.example" in body and "Phoned Anna" in body and "request_invitation" in body


def test_the_suppliers_page_shows_its_communications_log(client, legal_user, survey_request):
    request_invitation_send(survey_request=survey_request)
    client.force_login(legal_user)
    page = client.get(reverse("suppliers:detail", kwargs={"public_id": survey_request.supplier.public_id}))
    body = page.content.decode()
    assert "Communications log" in body and "invitation" in body and "CMRT 2026" in body


def test_the_log_cannot_be_changed_or_deleted_through_the_application(survey_request, supply_chain_user):
    email = request_invitation_send(survey_request=survey_request)
    note = request_note_add(survey_request=survey_request, text="Called.", by=supply_chain_user)
    for row, model, change in ((email, OutgoingEmail, {"to": "x@example.com"}), (note, RequestEvent, {"text": "x"})):
        with pytest.raises(TypeError, match="append-only"):
            row.save()
        with pytest.raises(TypeError, match="append-only"):
            row.delete()
        with pytest.raises(TypeError, match="append-only"):
            model.objects.filter(id=row.id).update(**change)
        with pytest.raises(TypeError, match="append-only"):
            model.objects.filter(id=row.id).delete()
    note.refresh_from_db()
    assert note.text == "Called."


def test_the_admin_shows_the_log_but_cannot_add_change_or_delete_it(client, admin_user, survey_request):
    email = request_invitation_send(survey_request=survey_request)
    client.force_login(admin_user)
    change = reverse("admin:surveys_outgoingemail_change", args=[email.pk])
    assert client.get(reverse("admin:surveys_outgoingemail_changelist")).status_code == 200
    assert client.get(change).status_code == 200  # shown read-only
    assert client.post(change, {"to": "someone@else.example"}).status_code == 403
    assert client.get(reverse("admin:surveys_outgoingemail_add")).status_code == 403
    assert (
        client.post(reverse("admin:surveys_outgoingemail_delete", args=[email.pk]), {"post": "yes"}).status_code == 403
    )
    assert OutgoingEmail.objects.get(pk=email.pk).to == "anna@supplier-a.example"


def test_the_log_exports_as_csv_and_xlsx_with_formula_cells_escaped(client, supply_chain_user, survey_request):
    request_invitation_send(survey_request=survey_request)
    request_note_add(survey_request=survey_request, text='=HYPERLINK("http://evil.example")', by=supply_chain_user)
    client.force_login(supply_chain_user)
    url = reverse("surveys:request_log_export", kwargs={"public_id": survey_request.public_id, "file_format": "csv"})
    response = client.get(url)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["When (UTC)", "Supplier code", "Supplier", "Campaign", "Kind"]
    assert [r[4] for r in rows[1:]] == ["E-mail", "Status change", "Note"]
    assert rows[-1][9] == '\'=HYPERLINK("http://evil.example")'

    xlsx = client.get(
        reverse(
            "surveys:campaign_log_export",
            kwargs={"public_id": survey_request.campaign.public_id, "file_format": "xlsx"},
        )
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[-1][9] == '\'=HYPERLINK("http://evil.example")'
    assert cells[1][6:8] == ["request_invitation", "invitation"]
    assert client.get(url.replace("log.csv", "log.pdf")).status_code == 404


def test_pausing_a_request_is_logged_and_shown(client, supply_chain_user, survey_request):
    client.force_login(supply_chain_user)
    url = reverse("surveys:request_pause", kwargs={"public_id": survey_request.public_id})
    assert client.post(url, {"until": "2027-02-15"}).status_code == 302
    survey_request.refresh_from_db()
    assert survey_request.paused_until == date(2027, 2, 15)
    assert RequestEvent.objects.get(request=survey_request).text == "Reminders paused until 2027-02-15."
    assert SurveyRequest.objects.get(id=survey_request.id).status == "not_sent"
