"""The reminder ladder with frozen time: a whole campaign from the request to the due date."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import user_create
from core.access import Role
from surveys.models import Campaign, OutgoingEmail, OutreachStep, Submission, SurveyRequest
from surveys.services import campaign_open, email_delivery_outcome, request_decline, request_status_refresh
from surveys.services.outreach import outreach_pass, request_pause
from tests.factories import CampaignFactory, ContactFactory, SubmissionFactory, SupplierFactory

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"


def at(text):
    """A moment given in UTC, e.g. "2027-01-18T08:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def buyer(db):
    return user_create(email="buyer@example.com", password=None, roles=[Role.SUPPLY_CHAIN])


@pytest.fixture
def campaign(buyer):
    return CampaignFactory(
        name="CMRT 2026",
        due_date=date(2027, 3, 31),
        time_zone=BERLIN,
        owner=buyer,
        reminder_first_after_days=14,
        reminder_every_days=7,
        selection=Campaign.Selection.LISTED,
        selection_codes="ALPHA, BRAVO, CHARLIE",
    )


@pytest.fixture
def suppliers(buyer):
    owner = user_create(email="owner.alpha@example.com", password=None, roles=[Role.SUPPLY_CHAIN])
    made = {}
    for code in ("ALPHA", "BRAVO", "CHARLIE"):
        supplier = SupplierFactory(supplier_code=code, owner=owner if code == "ALPHA" else None)
        ContactFactory(supplier=supplier, email=f"{code.lower()}@supplier.example")
        made[code] = supplier
    return made


@pytest.fixture
def opened(campaign, suppliers, django_capture_on_commit_callbacks):
    """The campaign opened on Monday 4 January 2027, 09:00 in Berlin; the invitations go out then."""
    with time_machine.travel(at("2027-01-04T08:00"), tick=False), django_capture_on_commit_callbacks(execute=True):
        campaign_open(campaign=campaign)
    mail.outbox.clear()
    return {code: SurveyRequest.objects.get(campaign=campaign, supplier=s) for code, s in suppliers.items()}


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run `outreach_run` as of a moment (frozen there) and the e-mail tasks it queues; return its lines."""

    def run(moment, *args):
        out = StringIO()
        with time_machine.travel(at(moment), tick=False), django_capture_on_commit_callbacks(execute=True):
            call_command("outreach_run", "--now", at(moment).isoformat(), *args, stdout=out)
        return out.getvalue().splitlines()

    return run


def sent_to(address):
    return [m.subject for m in mail.outbox if address in m.to]


def test_a_whole_campaign_reminds_escalates_at_the_due_date_and_never_sends_a_step_twice(
    opened, run, django_capture_on_commit_callbacks
):
    # Two weeks after the request: the first reminder to everyone, once however often the pass runs.
    assert run("2027-01-17T22:00") == ["0 e-mails queued"]  # 17 January 23:00 in Berlin: not yet
    assert run("2027-01-17T23:30") == ["ALPHA reminder-1", "BRAVO reminder-1", "CHARLIE reminder-1", "3 e-mails queued"]
    assert run("2027-01-18T12:00") == ["0 e-mails queued"]
    assert len(mail.outbox) == 3

    # Bravo sends a valid declaration: it hears nothing more.
    SubmissionFactory(supplier=opened["BRAVO"].supplier, request=opened["BRAVO"], status=Submission.Status.VALID)
    request_status_refresh(survey_request=opened["BRAVO"])
    assert run("2027-01-25T08:00") == ["ALPHA reminder-2", "CHARLIE reminder-2", "2 e-mails queued"]

    # A restart in the middle: a fresh process state (no cache, nothing held in memory, the rows read
    # again) changes nothing; the ladder's state is the database's. (A real restart of worker and beat
    # is in test_outreach_workers.)
    cache.clear()
    opened = {code: SurveyRequest.objects.get(id=r.id) for code, r in opened.items()}
    assert run("2027-01-25T09:00") == ["0 e-mails queued"]

    # Charlie's third reminder bounces: the address is unreachable, the request bounced, the owner told.
    assert run("2027-02-01T08:00") == ["ALPHA reminder-3", "CHARLIE reminder-3", "2 e-mails queued"]
    bounced = OutgoingEmail.objects.get(request=opened["CHARLIE"], step="reminder-3")
    with django_capture_on_commit_callbacks(execute=True):
        email_delivery_outcome(
            event_type="bounced",
            message_id="",
            metadata={"request": str(opened["CHARLIE"].public_id), "step": "reminder-3"},
            description="550 no such user",
        )
    opened["CHARLIE"].refresh_from_db()
    assert opened["CHARLIE"].status == SurveyRequest.Status.BOUNCED
    assert opened["CHARLIE"].supplier.contacts.get().unreachable_at is not None
    assert OutgoingEmail.objects.filter(step=f"bounce-notice-{bounced.id}", to="buyer@example.com").exists()
    assert run("2027-02-08T08:00") == ["ALPHA reminder-4", "1 e-mail queued"]

    # The due date in Berlin (31 March starts at 22:00 UTC on the 30th, summer time): escalation to
    # Alpha's own internal owner and a final notice to Alpha; no reminder that day.
    assert run("2027-03-29T08:00") == ["ALPHA reminder-11", "1 e-mail queued"]
    assert run("2027-03-30T21:59") == ["0 e-mails queued"]
    assert run("2027-03-30T22:01") == ["ALPHA escalation", "ALPHA final-notice", "2 e-mails queued"]
    assert run("2027-04-05T08:00") == ["0 e-mails queued"]

    assert sent_to("owner.alpha@example.com") == [
        "Due today without a valid CMRT: " + opened["ALPHA"].supplier.name + " (CMRT 2026)"
    ]
    alpha_steps = list(
        OutgoingEmail.objects.filter(request=opened["ALPHA"]).order_by("id").values_list("step", flat=True)
    )
    assert alpha_steps == [
        "invitation",
        "reminder-1",
        "reminder-2",
        "reminder-3",
        "reminder-4",
        "reminder-11",
        "escalation",
        "final-notice",
    ]
    assert sent_to("bravo@supplier.example") == ["Reminder: your CMRT for CMRT 2026 is due by March 31, 2027"]


def test_the_same_step_cannot_be_claimed_twice_for_a_request(opened):
    OutreachStep.objects.create(request=opened["ALPHA"], step="reminder-1", kind="reminder", claimed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachStep.objects.create(
            request=opened["ALPHA"], step="reminder-1", kind="reminder", claimed_at=timezone.now()
        )


def test_a_dry_run_shows_what_would_go_out_and_sends_and_records_nothing(opened, run):
    assert run("2027-01-18T08:00", "--dry-run") == [
        "ALPHA reminder-1",
        "BRAVO reminder-1",
        "CHARLIE reminder-1",
        "3 e-mails would go out (dry run)",
    ]
    assert mail.outbox == []
    assert not OutreachStep.objects.exists()
    assert OutgoingEmail.objects.exclude(step="invitation").count() == 0


def test_paused_declined_and_former_suppliers_get_no_reminder(opened, run, buyer):
    request_pause(survey_request=opened["ALPHA"], until=date(2027, 1, 20), by=buyer)
    request_decline(
        survey_request=opened["BRAVO"], reason=SurveyRequest.DeclineReason.NO_LONGER_SUPPLIER, comment="", by=None
    )
    charlie = opened["CHARLIE"].supplier
    charlie.active = False
    charlie.save()
    assert run("2027-01-18T08:00") == ["0 e-mails queued"]
    # The pause ends after 20 January (in Berlin): Alpha's reminder goes out the day after.
    assert run("2027-01-21T08:00") == ["ALPHA reminder-1", "1 e-mail queued"]


def test_only_the_chosen_campaign_is_run(opened, run, suppliers):
    other = CampaignFactory(name="Other", status="open", opened_at=timezone.now(), due_date=date(2027, 6, 30))
    SurveyRequest.objects.create(
        campaign=other, supplier=suppliers["ALPHA"], status="sent", sent_at=at("2027-01-04T08:00")
    )
    assert run("2027-01-18T08:00", "--campaign", "other") == ["ALPHA reminder-1", "1 e-mail queued"]


def test_an_invalid_declaration_gets_one_follow_up_listing_its_errors(opened, run):
    result = {
        "findings": [
            {
                "severity": "error",
                "code": "D1",
                "sheet": "Declaration",
                "cell": "D8",
                "message": "Declaration tab, cell D8: the company name is missing",
            }
        ]
    }
    with time_machine.travel(at("2027-01-10T08:00"), tick=False):
        SubmissionFactory(
            supplier=opened["ALPHA"].supplier, request=opened["ALPHA"], status=Submission.Status.INVALID, result=result
        )
        request_status_refresh(survey_request=opened["ALPHA"])
    assert run("2027-01-10T09:00") == ["ALPHA invalid-follow-up", "1 e-mail queued"]
    assert run("2027-01-11T09:00") == ["0 e-mails queued"]
    (follow_up,) = mail.outbox
    assert "Declaration: The company name is missing (D8)" in follow_up.body
    # A second invalid file is a follow-up of its own.
    with time_machine.travel(at("2027-01-12T08:00"), tick=False):
        SubmissionFactory(
            supplier=opened["ALPHA"].supplier, request=opened["ALPHA"], status=Submission.Status.INVALID, result=result
        )
    assert run("2027-01-12T09:00") == ["ALPHA invalid-follow-up-2", "1 e-mail queued"]


def test_one_failing_address_is_recorded_as_failed_and_does_not_hold_up_the_others(opened, run, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        if any("bravo@" in address for m in messages for address in m.to):
            raise ConnectionRefusedError("mail server refused")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    assert run("2027-01-18T08:00")[-1] == "3 e-mails queued"
    outcomes = dict(OutgoingEmail.objects.filter(step="reminder-1").values_list("supplier__supplier_code", "outcome"))
    assert outcomes == {"ALPHA": "sent", "BRAVO": "failed", "CHARLIE": "sent"}
    assert (
        "ConnectionRefusedError" in OutgoingEmail.objects.get(step="reminder-1", supplier__supplier_code="BRAVO").error
    )


def test_a_claim_whose_task_was_lost_is_sent_by_a_later_pass(opened, django_capture_on_commit_callbacks):
    with time_machine.travel(at("2027-01-18T08:00"), tick=False):
        outreach_pass(now=timezone.now())  # the queued tasks are never run: the broker lost them
    assert OutreachStep.objects.count() == 3 and not OutgoingEmail.objects.filter(step="reminder-1").exists()
    with time_machine.travel(at("2027-01-18T12:00"), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert outreach_pass(now=timezone.now()) == []
    assert OutgoingEmail.objects.filter(step="reminder-1", outcome="sent").count() == 3
    assert len(mail.outbox) == 3


def test_a_failed_attempt_that_is_not_the_last_records_nothing_so_that_the_retry_can_send(opened, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from surveys.services.outreach import SendFailed, outreach_email_send

    claim = OutreachStep.objects.create(
        request=opened["ALPHA"], step="reminder-1", kind="reminder", claimed_at=timezone.now()
    )
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", lambda self, messages: (_ for _ in ()).throw(OSError("down")))
        with pytest.raises(SendFailed):
            outreach_email_send(claim=claim, final_attempt=False)
    assert not OutgoingEmail.objects.filter(step="reminder-1").exists()
    assert outreach_email_send(claim=claim, final_attempt=False).outcome == "sent"
    assert outreach_email_send(claim=claim).outcome == "sent"  # a redelivered task finds the record
    assert len(mail.outbox) == 1


def test_the_campaign_form_sets_the_reminder_ladder_with_sensible_defaults(client, supply_chain_user):
    from django.urls import reverse

    client.force_login(supply_chain_user)
    page = client.get(reverse("surveys:campaign_create"))
    assert page.context["form"]["reminder_first_after_days"].initial == 14
    assert page.context["form"]["reminder_every_days"].initial == 7
    data = {
        "name": "CMRT 2027",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "due_date": "2028-03-31",
        "time_zone": BERLIN,
        "selection": "all",
        "reminder_first_after_days": "10",
        "reminder_every_days": "5",
    }
    assert client.post(reverse("surveys:campaign_create"), data | {"reminder_every_days": "0"}).status_code == 400
    assert client.post(reverse("surveys:campaign_create"), data).status_code == 302
    saved = Campaign.objects.get(name="CMRT 2027")
    assert (saved.reminder_first_after_days, saved.reminder_every_days) == (10, 5)
