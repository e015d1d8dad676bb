from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.signals import worker_process_init

from surveys.models import Submission


# acks_late: the message is acknowledged when the check ends, not when it starts, so that a worker
# whose main process dies leaves it to be redelivered (after the broker's visibility timeout).
# reject_on_worker_lost: when only the pool process running the check is killed (out of memory, a
# crash in native code), the message goes back on the queue at once instead of being acknowledged.
# Both rely on the service being idempotent and counting attempts, which bounds the redeliveries.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def submission_validate(submission_id: int) -> None:
    """Celery entry point: load by id, delegate to the service (safe to run twice)."""
    from surveys.services import submission_validate as validate

    submission = Submission.objects.filter(id=submission_id).first()
    if submission is not None:
        validate(submission=submission)


@shared_task(ignore_result=True)
def submissions_recover() -> None:
    """Beat entry point (every minute): send checks the broker missed, re-queue stuck ones."""
    from django.conf import settings

    from surveys.services import submissions_recover as recover

    # Anything older than the hard task time limit plus a margin can no longer be running.
    recover(stale_after=timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300))


@worker_process_init.connect
def _start_cmrt_reader(**kwargs: object) -> None:
    """Start each worker process's sandboxed CMRT reader up front, not on the first upload it checks."""
    from cmrt import warm_up

    warm_up()


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def request_invitation_send(request_id: int) -> None:
    """Send one request's invitation (once: the service returns the earlier record when run again)."""
    from surveys.models import SurveyRequest
    from surveys.services import request_invitation_send as send

    survey_request = SurveyRequest.objects.filter(id=request_id).first()
    if survey_request is not None:
        send(survey_request=survey_request)


@shared_task(ignore_result=True)
def outreach_run() -> None:
    """Beat entry point: one pass of the reminder ladder as of now (claims steps, queues their e-mails)."""
    from django.utils import timezone

    from surveys.services.outreach import outreach_pass

    outreach_pass(now=timezone.now())


# One task per e-mail, so that one failing address never holds up the others. Retried with backoff
# (1, 2, 4, … minutes, with jitter) while sending fails; the last attempt records the e-mail as failed.
@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(),
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=4,
)
def outreach_email_send(self: Any, step_id: int) -> None:
    """Send one claimed ladder step's e-mail (safe to run twice: the record is checked under a lock)."""
    from surveys.models import OutreachStep
    from surveys.services.outreach import outreach_email_send as send

    claim = OutreachStep.objects.filter(id=step_id).first()
    if claim is not None:
        # Run in-process (no broker) there is no waiting between attempts: the first one is the last.
        final = bool(self.request.is_eager) or self.request.retries >= self.max_retries
        send(claim=claim, final_attempt=final)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=4)
def outreach_bounce_notify(request_id: int, email_id: int) -> None:
    """Tell the owner that an e-mail to the supplier bounced (once per bounced e-mail)."""
    from surveys.models import OutgoingEmail, SurveyRequest
    from surveys.services.outreach import outreach_bounce_notify as notify

    survey_request = SurveyRequest.objects.select_related("campaign", "supplier").filter(id=request_id).first()
    email = OutgoingEmail.objects.filter(id=email_id).first()
    if survey_request is not None and email is not None:
        notify(survey_request=survey_request, email=email)
