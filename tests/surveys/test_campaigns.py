"""Opening a campaign: one request per chosen supplier, an e-mail to each primary contact, all on record."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.db import IntegrityError

from surveys import services
from surveys.models import Campaign, OutgoingEmail, SurveyRequest
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db


def supplier_with_contact(**fields):
    supplier = SupplierFactory(**fields)
    ContactFactory(supplier=supplier, email=f"{supplier.supplier_code.lower()}@supplier.example")
    return supplier


def test_opening_a_campaign_asks_every_active_in_scope_supplier_once(django_capture_on_commit_callbacks):
    asked = [supplier_with_contact(), supplier_with_contact()]
    supplier_with_contact(active=False)
    supplier_with_contact(in_scope=False)
    campaign = CampaignFactory()

    with django_capture_on_commit_callbacks(execute=True):
        count = services.campaign_open(campaign=campaign)

    assert count == 2
    assert {r.supplier for r in campaign.requests.all()} == set(asked)
    assert campaign.status == Campaign.Status.OPEN and campaign.opened_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.contacts.get().email for s in asked)


def test_each_invitation_carries_the_personal_link_in_text_and_html_and_is_on_record(
    django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://cmrt.example.com"
    supplier = supplier_with_contact(name="Acme Metals")
    campaign = CampaignFactory(name="CMRT 2026")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=campaign)

    [message] = mail.outbox
    request = SurveyRequest.objects.get(campaign=campaign, supplier=supplier)
    assert "CMRT 2026" in message.subject
    assert "https://cmrt.example.com/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'href="https://cmrt.example.com/' in html
    [record] = OutgoingEmail.objects.all()
    assert (record.request, record.to, record.step, record.template, record.outcome) == (
        request,
        supplier.contacts.get().email,
        "invitation",
        "request_invitation",
        OutgoingEmail.Outcome.SENT,
    )
    assert request.status == SurveyRequest.Status.SENT
    assert request.sent_at == request.last_contact_at == record.sent_at


def test_an_invitation_goes_out_in_the_contacts_language(django_capture_on_commit_callbacks):
    supplier = SupplierFactory()
    ContactFactory(supplier=supplier, language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=CampaignFactory())

    html = mail.outbox[0].alternatives[0][0]
    assert 'lang="zh-hans"' in html
    assert OutgoingEmail.objects.get().language == "zh-hans"


def test_opening_without_e_mail_creates_the_requests_and_sends_nothing(django_capture_on_commit_callbacks):
    supplier_with_contact()
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=campaign, send_emails=False)

    assert mail.outbox == [] and not OutgoingEmail.objects.exists()
    assert campaign.requests.get().status == SurveyRequest.Status.NOT_SENT


def test_a_filtered_campaign_asks_only_the_suppliers_matching_category_country_and_owner(supply_chain_user):
    match = SupplierFactory(category="Cables", country="China", owner=supply_chain_user)
    SupplierFactory(category="Cables", country="China")
    SupplierFactory(category="Cables", country="Germany", owner=supply_chain_user)
    SupplierFactory(category="Passive components", country="China", owner=supply_chain_user)
    campaign = CampaignFactory(
        selection=Campaign.Selection.FILTERED,
        selection_category="cables",
        selection_country="China",
        selection_owner=supply_chain_user,
    )

    assert services.campaign_open(campaign=campaign, send_emails=False) == 1
    assert campaign.requests.get().supplier == match


def test_a_listed_campaign_asks_the_listed_codes_whatever_their_case_even_out_of_scope():
    listed = SupplierFactory(supplier_code="ACME-1", in_scope=False)
    SupplierFactory(supplier_code="ACME-2")
    campaign = services.campaign_create(
        created_by=None,
        name="Only Acme",
        period_start=CampaignFactory.period_start,
        period_end=CampaignFactory.period_end,
        due_date=CampaignFactory.due_date,
        selection=Campaign.Selection.LISTED,
        selection_codes="acme-1",
    )
    assert services.campaign_open(campaign=campaign, send_emails=False) == 1
    assert campaign.requests.get().supplier == listed


def test_a_listed_campaign_with_an_unknown_code_is_refused_naming_the_code():
    SupplierFactory(supplier_code="ACME-1")
    with pytest.raises(services.CampaignRefused, match="NOPE-9"):
        services.campaign_create(
            created_by=None,
            name="Typo",
            period_start=CampaignFactory.period_start,
            period_end=CampaignFactory.period_end,
            due_date=CampaignFactory.due_date,
            selection=Campaign.Selection.LISTED,
            selection_codes="ACME-1, NOPE-9",
        )


def test_a_campaign_that_chooses_no_supplier_does_not_open():
    campaign = CampaignFactory()
    with pytest.raises(services.CampaignRefused, match="No supplier"):
        services.campaign_open(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_a_campaign_opens_only_once():
    supplier_with_contact()
    campaign = CampaignFactory()
    services.campaign_open(campaign=campaign, send_emails=False)
    with pytest.raises(services.CampaignRefused):
        services.campaign_open(campaign=campaign, send_emails=False)
    assert campaign.requests.count() == 1


def test_a_supplier_is_asked_once_per_campaign_by_a_database_constraint():
    request = SurveyRequestFactory()
    with pytest.raises(IntegrityError):
        SurveyRequestFactory(campaign=request.campaign, supplier=request.supplier)


def test_an_open_campaign_keeps_its_period_but_may_change_its_due_date():
    supplier_with_contact()
    campaign = CampaignFactory()
    services.campaign_open(campaign=campaign, send_emails=False)
    with pytest.raises(services.CampaignRefused):
        services.campaign_update(campaign=campaign, period_start=campaign.period_start.replace(month=2))
    services.campaign_update(campaign=campaign, due_date=campaign.due_date.replace(day=15))
    campaign.refresh_from_db()
    assert campaign.due_date.day == 15


def test_a_campaign_whose_period_ends_before_it_starts_is_refused():
    with pytest.raises(services.CampaignRefused, match="end after it starts"):
        services.campaign_create(
            created_by=None,
            name="Backwards",
            period_start=CampaignFactory.period_end,
            period_end=CampaignFactory.period_start,
            due_date=CampaignFactory.due_date,
        )


def test_a_failing_address_is_recorded_as_failed_and_does_not_stop_the_others(
    django_capture_on_commit_callbacks, monkeypatch
):
    broken = supplier_with_contact(name="Broken")
    fine = supplier_with_contact(name="Fine")
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def refuse_one(self, messages):
        if messages[0].to == [broken.contacts.get().email]:
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=CampaignFactory())

    outcomes = {e.supplier: e.outcome for e in OutgoingEmail.objects.all()}
    assert outcomes == {broken: OutgoingEmail.Outcome.FAILED, fine: OutgoingEmail.Outcome.SENT}
    assert "SMTPRecipientsRefused" in OutgoingEmail.objects.get(supplier=broken).error
    assert SurveyRequest.objects.get(supplier=broken).status == SurveyRequest.Status.NOT_SENT
    assert SurveyRequest.objects.get(supplier=fine).status == SurveyRequest.Status.SENT


def test_a_supplier_without_a_primary_contact_gets_a_failed_record_saying_so():
    request = SurveyRequestFactory()
    record = services.request_invitation_send(survey_request=request)
    assert record.outcome == OutgoingEmail.Outcome.FAILED and "no primary contact" in record.error
    assert mail.outbox == []


def test_the_invitation_is_sent_once_even_when_its_task_runs_twice():
    request = SurveyRequestFactory(supplier=supplier_with_contact())
    first = services.request_invitation_send(survey_request=request)
    again = services.request_invitation_send(survey_request=request)
    assert again == first and len(mail.outbox) == 1


def test_sending_the_link_again_is_a_new_recorded_step_each_time(supply_chain_user):
    request = SurveyRequestFactory(supplier=supplier_with_contact())
    services.request_invitation_send(survey_request=request)
    services.request_link_resend(survey_request=request, sent_by=supply_chain_user)
    services.request_link_resend(survey_request=request, sent_by=supply_chain_user)

    steps = list(OutgoingEmail.objects.order_by("id").values_list("step", "sent_by"))
    assert steps == [
        ("invitation", None),
        ("link-again-1", supply_chain_user.id),
        ("link-again-2", supply_chain_user.id),
    ]
    assert len(mail.outbox) == 3


def test_the_e_mail_record_is_append_only():
    request = SurveyRequestFactory(supplier=supplier_with_contact())
    record = services.request_invitation_send(survey_request=request)
    record.outcome = OutgoingEmail.Outcome.BOUNCED
    with pytest.raises(TypeError, match="append-only"):
        record.save()
    with pytest.raises(TypeError, match="append-only"):
        record.delete()
    with pytest.raises(TypeError, match="append-only"):
        OutgoingEmail.objects.filter(id=record.id).update(outcome="bounced")
    with pytest.raises(TypeError, match="append-only"):
        OutgoingEmail.objects.all().delete()
    assert OutgoingEmail.objects.get().outcome == OutgoingEmail.Outcome.SENT


def test_a_step_is_recorded_once_per_request_by_a_database_constraint():
    request = SurveyRequestFactory(supplier=supplier_with_contact())
    record = services.request_invitation_send(survey_request=request)
    with pytest.raises(IntegrityError):
        OutgoingEmail.objects.create(
            request=request, to=record.to, template="x", step="invitation", subject="", sent_at=record.sent_at,
            outcome="sent",
        )  # fmt: skip


def test_closing_a_campaign_keeps_its_requests():
    supplier_with_contact()
    campaign = CampaignFactory()
    services.campaign_open(campaign=campaign, send_emails=False)
    services.campaign_close(campaign=campaign)
    assert campaign.status == Campaign.Status.CLOSED and campaign.requests.count() == 1


def test_a_broker_that_is_down_leaves_the_invitations_not_sent_and_the_campaign_open(
    django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from surveys import tasks

    def broker_down(*args):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.request_invitation_send, "delay", broker_down)
    supplier_with_contact()
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_open(campaign=campaign) == 1
    assert campaign.status == Campaign.Status.OPEN
    assert campaign.requests.get().status == SurveyRequest.Status.NOT_SENT


def test_names_with_ampersands_are_not_html_escaped_in_the_subject_and_the_text(django_capture_on_commit_callbacks):
    supplier_with_contact(name="Smith & Sons")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=CampaignFactory(name="R&D 2026"))
    [message] = mail.outbox
    assert "R&D 2026" in message.subject and "Smith & Sons" in message.body
    assert "Smith &amp; Sons" in message.alternatives[0][0]
