"""E-mails to a request's supplier: rendered in the contact's language, sent through Django's mail
framework, and every one kept on record (OutgoingEmail) whatever its outcome."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from suppliers.models import Contact
from surveys.links import request_link
from surveys.models import OutgoingEmail, SurveyRequest

logger = logging.getLogger(__name__)


def _recipient(survey_request: SurveyRequest) -> Contact | None:
    """The supplier's primary contact now (it may have changed since the campaign opened), else the one
    the request was made to."""
    primary = survey_request.supplier.contacts.filter(is_primary=True).first()
    return primary or survey_request.contact


def request_email_send(
    *,
    survey_request: SurveyRequest,
    step: str,
    template: str,
    sent_by: User | None = None,
    to_email: str = "",
    extra_context: dict[str, Any] | None = None,
) -> OutgoingEmail:
    """Send the e-mail `template` (templates/emails/<template>_{subject.txt,.txt,.html}) for `step` of
    the request, and record it with its outcome. A step goes out once: asked again, the earlier
    record is returned and nothing is sent (so a retried task cannot send twice).

    The request row is locked while sending, so that two callers cannot both send the same step; a
    process killed between the send and the commit sends again on retry (at least once, never lost).
    A failing address is recorded as failed and never raises. `to_email` sends to that address of the
    supplier instead of the primary contact (the colleague who uploaded, for a confirmation); such an
    e-mail must not carry `link`, which signs in the primary contact.
    """
    with transaction.atomic():
        locked = (
            SurveyRequest.objects.select_for_update().select_related("campaign", "supplier").get(id=survey_request.id)
        )
        earlier = OutgoingEmail.objects.filter(request=locked, step=step).first()
        if earlier is not None:
            return earlier
        contact = _recipient(locked)
        now = timezone.now()
        if to_email:
            named = locked.supplier.contacts.filter(email__iexact=to_email).first()
            language_of_primary = contact.language if contact is not None else ""
            contact = named or Contact(supplier=locked.supplier, email=to_email, language=language_of_primary)
        if contact is None or not contact.email:
            return OutgoingEmail.objects.create(
                request=locked,
                supplier=locked.supplier,
                to="",
                template=template,
                step=step,
                subject="",
                sent_at=now,
                outcome=OutgoingEmail.Outcome.FAILED,
                error="The supplier has no primary contact with an e-mail address.",
                sent_by=sent_by,
            )
        language = contact.language or settings.LANGUAGE_CODE
        context: dict[str, Any] = {
            "request": locked,
            "campaign": locked.campaign,
            "supplier": locked.supplier,
            "contact": contact,
            "link": "" if to_email else request_link(locked),
            **(extra_context or {}),
        }
        with translation.override(language):
            subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
            text = render_to_string(f"emails/{template}.txt", context)
            html = render_to_string(f"emails/{template}.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[contact.email])
        message.attach_alternative(html, "text/html")
        error = ""
        try:
            message.send()
        except Exception as exc:  # one failing address never stops the others; the reason is on record
            logger.warning("e-mail %s to %s failed", step, contact.email, exc_info=True)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        outcome = OutgoingEmail.Outcome.FAILED if error else OutgoingEmail.Outcome.SENT
        record = OutgoingEmail.objects.create(
            request=locked,
            supplier=locked.supplier,
            to=contact.email,
            template=template,
            step=step,
            subject=subject[:255],
            language=language,
            sent_at=now,
            outcome=outcome,
            error=error,
            sent_by=sent_by,
        )
        if outcome == OutgoingEmail.Outcome.SENT:
            from surveys.services.requests import request_contacted

            request_contacted(survey_request=locked, at=now)
    survey_request.refresh_from_db()
    return record
