"""Bounces and complaints from the mail provider, through django-anymail's tracking webhooks."""

import base64
import hashlib
import hmac
import json
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import user_create
from core.access import Role
from surveys.models import OutgoingEmail, RequestEvent, SurveyRequest
from surveys.services import request_invitation_send
from tests.factories import CampaignFactory, ContactFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db

POSTMARK = "/anymail/postmark/tracking/"
MAILGUN = "/anymail/mailgun/tracking/"
SECRET = "provider:test-webhook-secret"  # ANYMAIL["WEBHOOK_SECRET"] in the test settings
SIGNING_KEY = b"test-signing-key"


def basic_auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


@pytest.fixture
def invited(supplier_a, django_capture_on_commit_callbacks):
    owner = user_create(email="owner@example.com", password=None, roles=[Role.SUPPLY_CHAIN])
    supplier_a.owner = owner
    supplier_a.save()
    ContactFactory(supplier=supplier_a, email="anna@supplier-a.example")
    campaign = CampaignFactory(name="CMRT 2026", status="open", opened_at=timezone.now(), due_date=date(2027, 3, 31))
    survey_request = SurveyRequestFactory(campaign=campaign, supplier=supplier_a)
    request_invitation_send(survey_request=survey_request)
    mail.outbox.clear()
    return survey_request


def postmark_bounce(survey_request):
    return json.dumps(
        {
            "RecordType": "Bounce",
            "Type": "HardBounce",
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "Email": "anna@supplier-a.example",
            "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
            "Metadata": {"request": str(survey_request.public_id), "step": "invitation"},
            "BouncedAt": "2027-01-05T10:00:00Z",
        }
    )


def test_a_signed_bounce_marks_the_contact_unreachable_the_request_bounced_and_tells_the_owner(
    client, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POSTMARK, postmark_bounce(invited), content_type="application/json", **basic_auth())
    assert response.status_code == 200
    invited.refresh_from_db()
    assert invited.status == SurveyRequest.Status.BOUNCED
    contact = invited.supplier.contacts.get()
    assert contact.unreachable_at is not None and "unable to deliver" in contact.unreachable_reason
    event = RequestEvent.objects.get(request=invited, kind="delivery")
    assert (event.outcome, event.email.step) == ("bounced", "invitation")
    (notice,) = mail.outbox
    assert notice.to == ["owner@example.com"] and "could not be delivered" in notice.subject
    assert OutgoingEmail.objects.filter(request=invited, step__startswith="bounce-notice-", outcome="sent").count() == 1


@pytest.mark.parametrize("auth", [{}, basic_auth("provider:guessed"), basic_auth("someone:test-webhook-secret")])
def test_an_unsigned_or_forged_call_is_refused_and_changes_nothing(client, invited, auth):
    response = client.post(POSTMARK, postmark_bounce(invited), content_type="application/json", **auth)
    assert response.status_code in (400, 401, 403)
    invited.refresh_from_db()
    assert invited.status == SurveyRequest.Status.SENT
    assert invited.supplier.contacts.get().unreachable_at is None
    assert not RequestEvent.objects.filter(kind="delivery").exists()


def mailgun_complaint(message_id, signature=None):
    token, timestamp = "a" * 50, "1796000000"
    good = hmac.new(SIGNING_KEY, f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"token": token, "timestamp": timestamp, "signature": signature or good},
            "event-data": {
                "event": "complained",
                "timestamp": 1796000000.0,
                "recipient": "anna@supplier-a.example",
                "message": {"headers": {"message-id": message_id}},
            },
        }
    )


def test_a_complaint_is_matched_by_the_providers_message_id_and_a_forged_signature_is_refused(client, invited):
    email = OutgoingEmail.objects.create(
        request=invited,
        supplier=invited.supplier,
        to="anna@supplier-a.example",
        template="outreach_reminder",
        step="reminder-1",
        subject="Reminder",
        sent_at=timezone.now(),
        outcome="sent",
        message_id="<20270105.1@mg.example>",
    )
    forged = client.post(
        MAILGUN,
        mailgun_complaint("20270105.1@mg.example", signature="0" * 64),
        content_type="application/json",
        **basic_auth(),
    )
    assert forged.status_code == 400
    assert not RequestEvent.objects.filter(kind="delivery").exists()

    signed = client.post(
        MAILGUN, mailgun_complaint("20270105.1@mg.example"), content_type="application/json", **basic_auth()
    )
    assert signed.status_code == 200
    event = RequestEvent.objects.get(kind="delivery")
    assert (event.email, event.outcome) == (email, "complained")
    invited.refresh_from_db()
    assert invited.status == SurveyRequest.Status.BOUNCED


def test_delivered_and_opened_events_change_nothing(client, invited):
    payload = json.loads(postmark_bounce(invited)) | {"RecordType": "Delivery"}
    assert (
        client.post(POSTMARK, json.dumps(payload), content_type="application/json", **basic_auth()).status_code == 200
    )
    invited.refresh_from_db()
    assert invited.status == SurveyRequest.Status.SENT
