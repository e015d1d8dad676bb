"""The reminder ladder, delivery outcomes and the communications log of a campaign's requests.

A pass (`outreach_pass`, run by beat and by `manage.py outreach_run`) looks at every open request as
of a moment, in its campaign's time zone, and works out which step of the ladder is due:

- `reminder-K`: the first `reminder_first_after_days` days after the request went out, then one every
  `reminder_every_days` until the day before the due date. After an outage only the latest reminder
  due goes out (its number says where on the ladder it stands), never a burst of the missed ones;
- on the due date: `escalation` to the supplier's internal owner (else the campaign's owner) and
  `final-notice` to the supplier;
- `invalid-follow-up` (then `invalid-follow-up-2`, …) once for each invalid current declaration,
  listing its errors.

Nothing goes to a request that is valid, declined, bounced or paused, nor to a supplier that has a
valid declaration, is no longer active, or whose campaign is not open. All state is in the database:
a step is claimed by inserting an OutreachStep row (unique per request and step) before its e-mail is
queued, so two passes at once, a restarted beat or a redelivered task never send a step twice; a claim
whose e-mail was never written (its task lost with a dead worker or broker) is queued again by a later
pass while the request still qualifies.
"""

from __future__ import annotations

import logging
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from suppliers.models import Contact
from surveys.links import request_link
from surveys.models import Campaign, OutgoingEmail, OutreachStep, RequestEvent, Submission, SurveyRequest

logger = logging.getLogger(__name__)

ESCALATION_STEP = "escalation"
FINAL_NOTICE_STEP = "final-notice"
# A claim older than this without its e-mail was lost (the task's retries with backoff end well before).
LOST_CLAIM_AFTER = timedelta(hours=3)
# Requests the ladder still chases: the invitation went out and no answer closed the matter.
CHASED_STATUSES = (
    SurveyRequest.Status.SENT,
    SurveyRequest.Status.OPENED,
    SurveyRequest.Status.RESPONDED,
    SurveyRequest.Status.INVALID,
)
TEMPLATES = {
    OutreachStep.Kind.REMINDER: "outreach_reminder",
    OutreachStep.Kind.ESCALATION: "outreach_escalation",
    OutreachStep.Kind.FINAL_NOTICE: "outreach_final_notice",
    OutreachStep.Kind.INVALID_FOLLOW_UP: "outreach_invalid_follow_up",
}


class SendFailed(Exception):
    """Sending failed on an attempt that is not the last: the task retries it later."""


@dataclass(frozen=True)
class PlannedStep:
    request: SurveyRequest
    step: str
    kind: Any  # an OutreachStep.Kind (a str; seen as a tuple by mypy without django-stubs)
    submission_id: int | None = None

    @property
    def supplier_code(self) -> str:
        return self.request.supplier.supplier_code


def local_date(*, campaign: Campaign, at: datetime) -> date:
    """The calendar day `at` falls on in the campaign's time zone (due dates and reminders use it)."""
    try:
        zone = zoneinfo.ZoneInfo(campaign.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return at.astimezone(zone).date()


def ladder_steps_due(*, survey_request: SurveyRequest, now: datetime) -> list[PlannedStep]:
    """The ladder steps due for the request as of `now` (claimed or not), from its dates alone."""
    campaign = survey_request.campaign
    if survey_request.sent_at is None:
        return []
    today = local_date(campaign=campaign, at=now)
    if survey_request.paused_until is not None and today <= survey_request.paused_until:
        return []
    steps: list[PlannedStep] = []
    if today >= campaign.due_date:
        steps.append(PlannedStep(survey_request, ESCALATION_STEP, OutreachStep.Kind.ESCALATION))
        steps.append(PlannedStep(survey_request, FINAL_NOTICE_STEP, OutreachStep.Kind.FINAL_NOTICE))
    else:
        first = local_date(campaign=campaign, at=survey_request.sent_at) + timedelta(
            days=campaign.reminder_first_after_days
        )
        if today >= first:
            number = 1 + (today - first).days // campaign.reminder_every_days
            steps.append(PlannedStep(survey_request, f"reminder-{number}", OutreachStep.Kind.REMINDER))
    current = getattr(survey_request, "current_invalid", None)
    if survey_request.status == SurveyRequest.Status.INVALID and current is not None:
        # Numbered by the invalid declarations the request has had, so the name is the same on every pass.
        earlier = (
            Submission.objects.filter(request=survey_request, status=Submission.Status.INVALID)
            .filter(created_at__lt=current.created_at)
            .count()
        )
        step = "invalid-follow-up" if earlier == 0 else f"invalid-follow-up-{earlier + 1}"
        steps.append(PlannedStep(survey_request, step, OutreachStep.Kind.INVALID_FOLLOW_UP, current.id))
    return steps


def requests_chased(*, campaign: Campaign | None = None) -> QuerySet[SurveyRequest]:
    """Requests the ladder looks at: open campaign, sent, not answered validly, declined or bounced,
    an active supplier without a valid declaration in the request."""
    valid = Submission.objects.filter(request=OuterRef("pk"), status=Submission.Status.VALID)
    qs = (
        SurveyRequest.objects.filter(
            campaign__status=Campaign.Status.OPEN,
            status__in=CHASED_STATUSES,
            sent_at__isnull=False,
            supplier__active=True,
        )
        .exclude(Exists(valid))
        .select_related("campaign", "supplier")
        .order_by("campaign_id", "supplier__supplier_code", "id")
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


def _attach_current_invalid(requests: list[SurveyRequest]) -> None:
    from surveys.selectors import current_declaration

    for survey_request in requests:
        current = None
        if survey_request.status == SurveyRequest.Status.INVALID:
            current = current_declaration(survey_request=survey_request)
            if current is not None and current.status != Submission.Status.INVALID:
                current = None
        survey_request.current_invalid = current  # type: ignore[attr-defined]


def outreach_pass(*, now: datetime, campaign: Campaign | None = None, dry_run: bool = False) -> list[PlannedStep]:
    """One pass of the ladder as of `now`: claim every step due and not yet claimed, and queue its
    e-mail after the commit (one task per e-mail). Returns the steps claimed now, in order; with
    `dry_run`, the steps that would be, claiming and sending nothing.

    Also queues again the claims of requests still chased whose e-mail was never written and that are
    older than LOST_CLAIM_AFTER (their task was lost), so a dead worker delays an e-mail, never loses it.
    """
    from surveys import tasks

    requests = list(requests_chased(campaign=campaign))
    _attach_current_invalid(requests)
    claimed_steps = set(OutreachStep.objects.filter(request__in=requests).values_list("request_id", "step"))
    planned = [
        step
        for survey_request in requests
        for step in ladder_steps_due(survey_request=survey_request, now=now)
        if (survey_request.id, step.step) not in claimed_steps
    ]
    if dry_run:
        return planned
    claimed: list[PlannedStep] = []
    queued: list[int] = []
    for step in planned:
        try:
            with transaction.atomic():
                row = OutreachStep.objects.create(
                    request=step.request,
                    step=step.step,
                    kind=step.kind,
                    submission_id=step.submission_id,
                    claimed_at=timezone.now(),
                )
        except IntegrityError:  # another pass claimed it a moment ago: it sends it
            continue
        claimed.append(step)
        queued.append(row.id)
    lost = (
        OutreachStep.objects.filter(request__in=requests, claimed_at__lt=timezone.now() - LOST_CLAIM_AFTER)
        .exclude(Exists(OutgoingEmail.objects.filter(request=OuterRef("request"), step=OuterRef("step"))))
        .values_list("id", flat=True)
    )
    queued += list(lost)
    transaction.on_commit(lambda: [tasks.outreach_email_send.delay(step_id) for step_id in queued])
    return claimed


def _owner(survey_request: SurveyRequest) -> User | None:
    owner = survey_request.supplier.owner or survey_request.campaign.owner
    return owner if owner is not None and owner.email else None


def _supplier_contact(survey_request: SurveyRequest) -> Contact | None:
    primary = survey_request.supplier.contacts.filter(is_primary=True).first()
    return primary or survey_request.contact


def _errors(submission: Submission | None) -> list[dict[str, Any]]:
    from surveys.presentation import submission_report

    report = submission_report(submission) if submission is not None else None
    return [] if report is None else [f | {"sheet": g.sheet} for g in report.errors for f in g.findings]


def outreach_email_send(*, claim: OutreachStep, final_attempt: bool = True) -> OutgoingEmail | None:
    """Send the e-mail of a claimed ladder step and record it (OutgoingEmail, same step name).

    Runs in its own task; the claim row is locked while sending so that a redelivered task waits and
    then finds the record. An attempt that fails raises SendFailed (the task retries with backoff)
    unless it is the last one, which records the e-mail as failed with the reason. A step whose
    e-mail is on record already returns that record and sends nothing.
    """
    with transaction.atomic():
        locked = OutreachStep.objects.select_for_update().select_related("request").get(id=claim.id)
        survey_request = SurveyRequest.objects.select_related("campaign", "supplier", "supplier__owner").get(
            id=locked.request_id
        )
        earlier = OutgoingEmail.objects.filter(request=survey_request, step=locked.step).first()
        if earlier is not None:
            return earlier
        now = timezone.now()
        to_owner = locked.kind == OutreachStep.Kind.ESCALATION
        owner = _owner(survey_request)
        contact = None if to_owner else _supplier_contact(survey_request)
        to = (owner.email if owner else "") if to_owner else (contact.email if contact else "")
        template = TEMPLATES[OutreachStep.Kind(locked.kind)]
        record = {
            "request": survey_request,
            "supplier": survey_request.supplier,
            "template": template,
            "step": locked.step,
            "sent_at": now,
        }
        if not to:
            missing = "internal owner" if to_owner else "primary contact"
            return OutgoingEmail.objects.create(
                to="",
                subject="",
                outcome=OutgoingEmail.Outcome.FAILED,
                error=f"The supplier has no {missing} with an e-mail address.",
                **record,
            )
        if contact is not None and contact.unreachable_at is not None:
            return OutgoingEmail.objects.create(
                to=to,
                subject="",
                outcome=OutgoingEmail.Outcome.FAILED,
                error=f"The address is unreachable: {contact.unreachable_reason}",
                **record,
            )
        language = (contact.language if contact else "") or settings.LANGUAGE_CODE
        submission = Submission.objects.filter(id=locked.submission_id).first() if locked.submission_id else None
        context: dict[str, Any] = {
            "request": survey_request,
            "campaign": survey_request.campaign,
            "supplier": survey_request.supplier,
            "contact": contact,
            "owner": owner,
            "link": "" if to_owner else request_link(survey_request),
            "submission": submission,
            "errors": _errors(submission),
            "step": locked.step,
        }
        with translation.override(language):
            subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
            text = render_to_string(f"emails/{template}.txt", context)
            html = render_to_string(f"emails/{template}.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
        message.attach_alternative(html, "text/html")
        # Echoed back by django-anymail's tracking webhooks (ignored by Django's own backends).
        message.metadata = {"request": str(survey_request.public_id), "step": locked.step}  # type: ignore[attr-defined]
        error = ""
        try:
            message.send()
        except Exception as exc:
            if not final_attempt:
                raise SendFailed(f"{type(exc).__name__}: {exc}") from exc
            logger.warning("e-mail %s to %s failed", locked.step, to, exc_info=True)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        status = getattr(message, "anymail_status", None)
        email = OutgoingEmail.objects.create(
            to=to,
            subject=subject[:255],
            language=language,
            outcome=OutgoingEmail.Outcome.FAILED if error else OutgoingEmail.Outcome.SENT,
            error=error,
            message_id=(getattr(status, "message_id", None) or "") if status is not None else "",
            **record,
        )
        if not error and not to_owner:
            from surveys.services.requests import request_contacted

            request_contacted(survey_request=survey_request, at=now)
    return email


# --- The communications log -------------------------------------------------------------------------


def request_status_logged(
    *, survey_request: SurveyRequest, from_status: str, to_status: str, by: User | None = None, text: str = ""
) -> RequestEvent | None:
    """Keep a status change of the request in its communications log (nothing when it did not change).
    Called by every service that changes a request's status, inside its transaction."""
    if from_status == to_status:
        return None
    return RequestEvent.objects.create(
        request=survey_request,
        kind=RequestEvent.Kind.STATUS,
        at=timezone.now(),
        from_status=from_status,
        to_status=to_status,
        by=by,
        text=text,
    )


def request_note_add(*, survey_request: SurveyRequest, text: str, by: User) -> RequestEvent:
    """An internal user's note on the request (a call made, an answer by post): kept, never edited."""
    text = text.strip()
    if not text:
        raise ValueError("A note needs text.")
    return RequestEvent.objects.create(
        request=survey_request, kind=RequestEvent.Kind.NOTE, at=timezone.now(), text=text, by=by
    )


def request_pause(*, survey_request: SurveyRequest, until: date | None, by: User) -> SurveyRequest:
    """Pause the request's reminders up to and including `until` (None resumes them); logged as a note."""
    with transaction.atomic():
        locked = SurveyRequest.objects.select_for_update().get(id=survey_request.id)
        locked.paused_until = until
        locked.save(update_fields=["paused_until", "updated_at"])
        text = f"Reminders paused until {until:%Y-%m-%d}." if until else "Reminders resumed."
        RequestEvent.objects.create(request=locked, kind=RequestEvent.Kind.NOTE, at=timezone.now(), text=text, by=by)
    survey_request.refresh_from_db()
    return locked


# --- Delivery outcomes (django-anymail tracking webhooks) -------------------------------------------

UNDELIVERED = {
    "bounced": OutgoingEmail.Outcome.BOUNCED,
    "rejected": OutgoingEmail.Outcome.BOUNCED,
    "complained": OutgoingEmail.Outcome.COMPLAINED,
}


def _email_for_event(*, message_id: str, metadata: dict[str, Any], recipient: str) -> OutgoingEmail | None:
    if message_id:
        found = OutgoingEmail.objects.filter(message_id=message_id).order_by("-sent_at").first()
        if found is not None:
            return found
    if metadata.get("request") and metadata.get("step"):
        found = OutgoingEmail.objects.filter(request__public_id=metadata["request"], step=metadata["step"]).first()
        if found is not None:
            return found
    return None


def email_delivery_outcome(
    *,
    event_type: str,
    message_id: str = "",
    recipient: str = "",
    metadata: dict[str, Any] | None = None,
    description: str = "",
) -> RequestEvent | None:
    """A bounce or a complaint reported by the mail provider: kept in the request's log, the address
    marked unreachable, the request "bounced" (unless it was answered validly or declined meanwhile),
    and the owner told. Other events (delivered, opened, …) and unknown messages are ignored."""
    outcome = UNDELIVERED.get(event_type)
    if outcome is None:
        return None
    email = _email_for_event(message_id=message_id, metadata=metadata or {}, recipient=recipient)
    if email is None or email.request_id is None:
        logger.info("delivery event %s for an unknown message %s", event_type, message_id)
        return None
    now = timezone.now()
    with transaction.atomic():
        locked = SurveyRequest.objects.select_for_update().get(id=email.request_id)
        event = RequestEvent.objects.create(
            request=locked,
            kind=RequestEvent.Kind.DELIVERY,
            at=now,
            email=email,
            outcome=outcome,
            text=(description or event_type)[:2000],
        )
        to_owner = email.step == ESCALATION_STEP
        if not to_owner:
            Contact.objects.filter(supplier_id=locked.supplier_id, email__iexact=email.to).update(
                unreachable_at=now, unreachable_reason=(description or event_type)[:255], updated_at=now
            )
            if locked.status in CHASED_STATUSES or locked.status == SurveyRequest.Status.NOT_SENT:
                before = locked.status
                locked.status = SurveyRequest.Status.BOUNCED
                locked.save(update_fields=["status", "updated_at"])
                request_status_logged(survey_request=locked, from_status=before, to_status=locked.status)
                transaction.on_commit(lambda: _owner_told_of_bounce(request_id=locked.id, email_id=email.id))
    return event


def _owner_told_of_bounce(*, request_id: int, email_id: int) -> None:
    from surveys import tasks

    tasks.outreach_bounce_notify.delay(request_id, email_id)


def outreach_bounce_notify(*, survey_request: SurveyRequest, email: OutgoingEmail) -> OutgoingEmail | None:
    """Tell the supplier's internal owner (else the campaign's) that an e-mail to the supplier came
    back, so that someone finds a working address. Once per bounced e-mail, on record."""
    step = f"bounce-notice-{email.id}"
    owner = _owner(survey_request)
    with transaction.atomic():
        SurveyRequest.objects.select_for_update().get(id=survey_request.id)
        earlier = OutgoingEmail.objects.filter(request=survey_request, step=step).first()
        if earlier is not None:
            return earlier
        context = {
            "request": survey_request,
            "campaign": survey_request.campaign,
            "supplier": survey_request.supplier,
            "email": email,
            "owner": owner,
        }
        template = "outreach_bounce_notice"
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
            text = render_to_string(f"emails/{template}.txt", context)
        error = "" if owner else "Neither the supplier nor the campaign has an owner with an e-mail address."
        if owner:
            try:
                EmailMultiAlternatives(subject=subject, body=text, to=[owner.email]).send()
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:2000]
        return OutgoingEmail.objects.create(
            request=survey_request,
            supplier=survey_request.supplier,
            to=owner.email if owner else "",
            template=template,
            step=step,
            subject=subject[:255],
            language=settings.LANGUAGE_CODE,
            sent_at=timezone.now(),
            outcome=OutgoingEmail.Outcome.FAILED if error else OutgoingEmail.Outcome.SENT,
            error=error,
        )
