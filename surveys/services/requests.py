"""Status changes of a campaign's request to one supplier (the model never changes its own status)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from surveys.models import OutgoingEmail, Submission, SurveyRequest

INVITATION_STEP = "invitation"


# `before` and `after` are Status members (str; seen as tuples by mypy without django-stubs).
def _logged(survey_request: SurveyRequest, before: Any, after: Any, by: User | None = None, text: str = "") -> None:
    from surveys.services.outreach import request_status_logged

    request_status_logged(survey_request=survey_request, from_status=before, to_status=after, by=by, text=text)


LINK_AGAIN_STEP = "link-again-{n}"


def request_contacted(*, survey_request: SurveyRequest, at: datetime) -> None:
    """An e-mail reached the mail server: remember when, and a request not yet sent is now sent."""
    updates: dict[str, object] = {"last_contact_at": at, "updated_at": timezone.now()}
    SurveyRequest.objects.filter(id=survey_request.id).update(**updates)
    if SurveyRequest.objects.filter(id=survey_request.id, status=SurveyRequest.Status.NOT_SENT).update(
        status=SurveyRequest.Status.SENT, sent_at=at
    ):
        _logged(survey_request, SurveyRequest.Status.NOT_SENT, SurveyRequest.Status.SENT)
    SurveyRequest.objects.filter(id=survey_request.id, sent_at__isnull=True).update(sent_at=at)


def request_invitation_send(*, survey_request: SurveyRequest) -> OutgoingEmail:
    """The e-mail that opens the request: what is asked, by when, and the personal link (sent once)."""
    from surveys.services.emails import request_email_send

    return request_email_send(survey_request=survey_request, step=INVITATION_STEP, template="request_invitation")


def request_link_resend(*, survey_request: SurveyRequest, sent_by: User | None) -> OutgoingEmail:
    """Send the personal link again (an internal user's action); each time is its own recorded step."""
    from surveys.services.emails import request_email_send

    with transaction.atomic():
        # Locked so that two clicks at once number their steps 1 and 2 instead of colliding.
        SurveyRequest.objects.select_for_update().get(id=survey_request.id)
        sent_before = OutgoingEmail.objects.filter(request=survey_request, step__startswith="link-again-").count()
        return request_email_send(
            survey_request=survey_request,
            step=LINK_AGAIN_STEP.format(n=sent_before + 1),
            template="request_link_again",
            sent_by=sent_by,
        )


def request_opened(*, survey_request: SurveyRequest) -> None:
    """The supplier opened the request in the portal: noted the first time; a request further on stays."""
    now = timezone.now()
    SurveyRequest.objects.filter(id=survey_request.id, opened_at__isnull=True).update(opened_at=now, updated_at=now)
    with transaction.atomic():
        before = SurveyRequest.objects.select_for_update().values_list("status", flat=True).get(id=survey_request.id)
        if before in (SurveyRequest.Status.NOT_SENT, SurveyRequest.Status.SENT):
            opened = SurveyRequest.Status.OPENED
            SurveyRequest.objects.filter(id=survey_request.id).update(status=opened, updated_at=now)
            _logged(survey_request, before, SurveyRequest.Status.OPENED)
    survey_request.refresh_from_db()


def request_decline(
    *, survey_request: SurveyRequest, reason: SurveyRequest.DeclineReason, comment: str, by: User | None
) -> SurveyRequest:
    """The supplier answers that it no longer supplies us or that its products contain no 3TG: the
    request closes as declined, for the supply-chain team to review."""
    with transaction.atomic():
        locked = SurveyRequest.objects.select_for_update().get(id=survey_request.id)
        _logged(locked, locked.status, SurveyRequest.Status.DECLINED, by=by, text=comment.strip())
        locked.status = SurveyRequest.Status.DECLINED
        locked.decline_reason = reason
        locked.decline_comment = comment.strip()
        locked.declined_at = timezone.now()
        locked.declined_by = by
        locked.save()
    return locked


def request_status_refresh(*, survey_request: SurveyRequest) -> SurveyRequest:
    """Set the request's status from its current declaration (surveys.selectors.current_declaration):
    valid or invalid once it is checked, responded while it is being checked or when it was refused.
    A request without submissions keeps its status. A submission answers a decline or a bounce too."""
    from surveys.selectors import current_declaration

    with transaction.atomic():
        locked = SurveyRequest.objects.select_for_update().get(id=survey_request.id)
        current = current_declaration(survey_request=locked)
        if current is None:
            return locked
        if current.status == Submission.Status.VALID:
            status = SurveyRequest.Status.VALID
        elif current.status == Submission.Status.INVALID:
            status = SurveyRequest.Status.INVALID
        else:
            status = SurveyRequest.Status.RESPONDED
        _logged(locked, locked.status, status)
        locked.status = status
        if locked.responded_at is None:
            first = locked.submissions.order_by("created_at").values_list("created_at", flat=True).first()
            locked.responded_at = first
        locked.save(update_fields=["status", "responded_at", "updated_at"])
    survey_request.refresh_from_db()
    return locked


ACCEPTED_STEP = "accepted-{submission_id}"


def request_accepted_confirm(*, submission: Submission) -> OutgoingEmail | None:
    """E-mail the supplier that its declaration was accepted: once per accepted file, on record.

    It goes to the supplier's user who uploaded it (a colleague may have), else the primary contact,
    and says which file was accepted and when. Nothing for a submission that is not a valid answer
    to a request.
    """
    from surveys.services.emails import request_email_send

    if submission.request is None or submission.status != Submission.Status.VALID:
        return None
    uploader = submission.uploaded_by
    to_email = uploader.email if uploader is not None and uploader.supplier_id == submission.supplier_id else ""
    path = reverse("portal:request_detail", kwargs={"public_id": submission.request.public_id})
    return request_email_send(
        survey_request=submission.request,
        step=ACCEPTED_STEP.format(submission_id=submission.id),
        template="declaration_accepted",
        to_email=to_email,
        extra_context={"submission": submission, "portal_url": f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"},
    )
