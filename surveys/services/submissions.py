"""Writes for CMRT submissions: keep an upload, queue and run its check exactly once, recover lost checks."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from accounts.models import User
from core.files import upload_store
from suppliers.models import Supplier
from surveys.models import CHECK_FAILED, Submission, SurveyRequest, stopped_the_checker

logger = logging.getLogger(__name__)


def request_submission_create(
    *, survey_request: SurveyRequest, uploaded_file: File[bytes], uploaded_by: User | None
) -> Submission:
    """A supplier's answer to a campaign's request: kept and checked like every upload, with the
    campaign's own checks on top (surveys.services.submissions.submission_validate), and the request
    marked responded at once (valid or invalid once the check is done).

    The one service behind the portal's upload and `cmrt_submit`. Raises UploadRefused like
    submission_create when there is nothing that could be kept.
    """
    from surveys.services.requests import request_status_refresh

    submission = submission_create(
        uploaded_file=uploaded_file,
        uploaded_by=uploaded_by,
        supplier=survey_request.supplier,
        survey_request=survey_request,
    )
    request_status_refresh(survey_request=survey_request)
    return submission


def submission_create(
    *,
    uploaded_file: File[bytes],
    uploaded_by: User | None,
    supplier: Supplier | None = None,
    survey_request: SurveyRequest | None = None,
) -> Submission:
    """Keep an uploaded CMRT (private, random name) and queue its check.

    The check runs in a task after the transaction commits (in-process when no broker is set up).
    The very same file (SHA-256) filed again for the same supplier is kept too, but as a duplicate of
    the earlier submission: it is one declaration, so it is not checked again and records no second
    set of smelter rows.
    If the broker cannot be reached the upload is still kept: it stays "not yet sent" and the
    minutely recovery job sends it. Raises UploadRefused only when there is nothing that could be kept
    (empty or over the size limit), and UploadNotStored when the store fails the write (disk full,
    bucket unreachable): then no submission is created either.
    """
    stored = upload_store(uploaded=uploaded_file, folder="submissions", max_bytes=settings.UPLOAD_HARD_LIMIT_BYTES)
    earlier = _submission_same_file(supplier=supplier, survey_request=survey_request, sha256=stored.sha256)
    if earlier is not None:
        return Submission.objects.create(
            supplier=supplier,
            request=survey_request,
            uploaded_by=uploaded_by,
            file=stored.path,
            original_name=stored.original_name,
            size=stored.size,
            sha256=stored.sha256,
            status=Submission.Status.DUPLICATE,
            duplicate_of=earlier,
            template=earlier.template,
            version=earlier.version,
            company_name=earlier.company_name,
            error_count=earlier.error_count,  # lists show the declaration's counts, not zeros
            warning_count=earlier.warning_count,
        )
    submission = Submission.objects.create(
        supplier=supplier,
        request=survey_request,
        uploaded_by=uploaded_by,
        file=stored.path,
        original_name=stored.original_name,
        size=stored.size,
        sha256=stored.sha256,
    )
    transaction.on_commit(lambda: submission_enqueue(submission_id=submission.id))
    return submission


def _submission_same_file(
    *, supplier: Supplier | None, survey_request: SurveyRequest | None, sha256: str
) -> Submission | None:
    """The first submission of `supplier` with these very bytes, unless its check failed on our side
    (then the new upload is checked afresh). Files checked without a supplier record nothing, so
    they are never duplicates. An answer to a campaign is a duplicate only within the same request:
    last year's file sent again is this year's answer, and is checked against this campaign."""
    if supplier is None:
        return None
    return (
        Submission.objects.filter(supplier=supplier, request=survey_request, sha256=sha256, duplicate_of__isnull=True)
        .exclude(status=Submission.Status.FAILED)
        .order_by("created_at")
        .first()
    )


def submission_file_under(*, submission: Submission, supplier: Supplier) -> Submission:
    """File a check that was kept without a supplier under `supplier` (the checker's second try).

    The row is locked so that a check finishing at the same moment cannot lose the supplier: when
    the check is already done its smelter rows are recorded here, otherwise the check does it.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(id=submission.id)
        locked.supplier = supplier
        locked.save(update_fields=["supplier", "updated_at"])
        if locked.status in (Submission.Status.VALID, Submission.Status.INVALID) and locked.result:
            _submission_smelters_record(submission=locked, smelter_rows=locked.result.get("smelters", []))
    return locked


def submission_enqueue(*, submission_id: int) -> bool:
    """Hand the submission's check to the broker; never raises for a broker that is down.

    On success `enqueued_at` is stamped. On failure nothing changes: the submission stays pending with
    no `enqueued_at` ("not yet sent"), which `submissions_recover` picks up once the broker is back.
    Returns whether the message was sent.
    """
    from surveys import tasks

    try:
        tasks.submission_validate.delay(submission_id)
    except (KombuError, RedisError, OSError):
        # Publishing already retried briefly (CELERY_TASK_PUBLISH_RETRY_POLICY); the upload is kept.
        logger.warning("could not queue the check of submission %s; sent later", submission_id, exc_info=True)
        return False
    # updated_at too: a stuck check re-queued by recovery is not re-queued again on the next run.
    Submission.objects.filter(id=submission_id).update(enqueued_at=timezone.now(), updated_at=timezone.now())
    return True


def submission_validate(*, submission: Submission) -> Submission:
    """Read and check the submission's workbook and store what was found, exactly once.

    Safe to run twice and to be killed half-way (the task is acknowledged late and re-delivered when
    its worker dies): each attempt is counted in the database before the work starts, a finished
    submission is never checked again, only the latest attempt may store its result, and a file that
    has stopped the checker SUBMISSION_MAX_ATTEMPTS times is refused with that reason instead.
    """
    from cmrt import inspect_workbook

    if submission.duplicate_of_id:
        return submission  # the earlier submission holds the check and the smelter rows
    attempt = _submission_attempt_start(submission_id=submission.id)
    if attempt is None:
        submission.refresh_from_db()
        return submission  # finished already (a second delivery), or refused after too many attempts
    try:
        with submission.file.open("rb") as handle:
            data = handle.read()
        result = inspect_workbook(data, max_bytes=settings.CMRT_MAX_UPLOAD_BYTES)
    except Exception:
        logger.exception("checking submission %s failed", submission.public_id)
        Submission.objects.filter(id=submission.id, status=Submission.Status.CHECKING, attempts=attempt).update(
            status=Submission.Status.FAILED, failure=CHECK_FAILED, checked_at=timezone.now(), updated_at=timezone.now()
        )
        submission.refresh_from_db()
        return submission

    payload = result.to_dict()
    campaign_refusal = _submission_campaign_checks(submission=submission, result=result, payload=payload)
    with transaction.atomic():
        # Locked so that an older attempt still running (its worker presumed dead) cannot also store.
        current = Submission.objects.select_for_update().get(id=submission.id)
        if current.status != Submission.Status.CHECKING or current.attempts != attempt:
            return current
        current.result = payload
        current.template = payload["template"] or ""
        current.version = payload["version"] or ""
        current.company_name = (payload["declaration"].get("company_name") or "")[:255]
        current.error_count = sum(f["severity"] == "error" for f in payload["findings"])
        current.warning_count = sum(f["severity"] == "warning" for f in payload["findings"])
        if result.refused or campaign_refusal:
            current.status = Submission.Status.REFUSED
        else:
            current.status = Submission.Status.VALID if payload["valid"] else Submission.Status.INVALID
        current.failure = ""
        current.checked_at = timezone.now()
        current.save()
        if current.supplier_id and current.status != Submission.Status.REFUSED:
            _submission_smelters_record(submission=current, smelter_rows=payload["smelters"])
        if current.request_id:
            from surveys.services.requests import request_status_refresh

            request_status_refresh(survey_request=current.request)  # type: ignore[arg-type]
            if current.status == Submission.Status.VALID:
                from surveys.services.requests import request_accepted_confirm

                accepted = current
                transaction.on_commit(lambda: request_accepted_confirm(submission=accepted))
    return current


def _submission_campaign_checks(*, submission: Submission, result: Any, payload: dict[str, Any]) -> bool:
    """Add the campaign's findings (cmrt.campaign_findings) to `payload` for an answer to a request;
    returns whether they refuse the file (a template older than the campaign's minimum), in which case
    the refusal is the only finding kept, as the reason."""
    from cmrt import campaign_findings

    if submission.request_id is None:
        return False
    survey_request = SurveyRequest.objects.select_related("campaign", "supplier").get(id=submission.request_id)
    campaign = survey_request.campaign
    found = campaign_findings(
        result,
        supplier_name=survey_request.supplier.name,
        period_start=campaign.period_start,
        period_end=campaign.period_end,
        minimum_version=campaign.minimum_version,
    )
    if any(f.code == "campaign.version_below_minimum" for f in found):
        payload["findings"] = [f.to_dict() for f in found]
        payload["valid"] = False
        return True
    payload["findings"] = [*payload["findings"], *(f.to_dict() for f in found)]
    return False


def _submission_attempt_start(*, submission_id: int) -> int | None:
    """Count one more attempt at checking and return its number, or None when there is nothing to do.

    Committed before the work starts, so that an attempt whose worker is killed is counted as well.
    At the limit the submission is refused with the reason instead of being tried again.
    """
    with transaction.atomic():
        current = Submission.objects.select_for_update().filter(id=submission_id).first()
        if current is None or current.is_done:
            return None
        if current.attempts >= settings.SUBMISSION_MAX_ATTEMPTS:
            _submission_refuse_after_attempts(submission=current)
            return None
        current.attempts += 1
        current.status = Submission.Status.CHECKING
        current.save(update_fields=["attempts", "status", "updated_at"])
        return current.attempts


def _submission_refuse_after_attempts(*, submission: Submission) -> None:
    """Give up on a file that keeps stopping the checker (call with the row locked)."""
    submission.status = Submission.Status.REFUSED
    with translation.override(settings.LANGUAGE_CODE):  # stored in English; shown by `failure_text`
        submission.failure = stopped_the_checker(submission.attempts)
    submission.checked_at = timezone.now()
    submission.save(update_fields=["status", "failure", "checked_at", "updated_at"])
    logger.error("submission %s refused after %d attempts that stopped the checker", submission.public_id,
                 submission.attempts)  # fmt: skip


def submissions_recover(*, stale_after: timedelta, unsent_after: timedelta = timedelta(seconds=15)) -> tuple[int, int]:
    """Rescue checks that were lost, so that every upload ends checked (or refused) without the
    supplier doing anything. Run by beat every minute. Returns (requeued, refused).

    Sends the checks that could not be queued at upload (broker down: no `enqueued_at`, older than
    `unsent_after` so that an upload still being sent is left alone), and re-sends those queued or
    started longer ago than `stale_after` (the broker lost the message; the worker died and nothing
    redelivered it). A stuck check that already used all its attempts is refused instead.
    """
    now = timezone.now()
    cutoff = now - stale_after
    pending = Q(status=Submission.Status.PENDING) & (
        Q(enqueued_at__isnull=True, created_at__lt=now - unsent_after) | Q(enqueued_at__lt=cutoff)
    )
    stuck = Q(status=Submission.Status.CHECKING, updated_at__lt=cutoff)
    candidates = list(Submission.objects.filter(pending | stuck).order_by("created_at").values_list("id", flat=True))
    requeue, refused = [], 0
    for submission_id in candidates:
        with transaction.atomic():
            current = Submission.objects.select_for_update().get(id=submission_id)
            if current.is_done:
                continue
            if current.attempts >= settings.SUBMISSION_MAX_ATTEMPTS:
                _submission_refuse_after_attempts(submission=current)
                refused += 1
            else:
                requeue.append(submission_id)
    sent = sum(submission_enqueue(submission_id=submission_id) for submission_id in requeue)
    return sent, refused


def _submission_smelters_record(*, submission: Submission, smelter_rows: list[dict[str, Any]]) -> None:
    """Hand the submission's smelter rows to the matcher (stored against its supplier)."""
    from smelters import matching
    from smelters.services import reported_smelters_record

    rows = []
    for row in smelter_rows:
        lookup = (row.get("lookup_name") or "").strip()
        # A look-up value such as "Smelter not yet identified" names no smelter (the matcher's own list).
        name = row.get("name") or ("" if matching.name_key(lookup) in matching.PLACEHOLDER_NAMES else lookup)
        if not (name or row.get("smelter_id")):
            continue  # "Smelter not yet identified" with nothing else: counted by the report, not matched
        rows.append(
            {
                "row_number": row["row"],
                "metal": row.get("metal"),
                "cid": row.get("smelter_id"),
                "name": name,
                "country": row.get("country"),
            }
        )
    reported_smelters_record(
        supplier=submission.supplier,
        source_ref=submission.public_id,
        source_label=f"{submission.original_name} ({submission.created_at:%Y-%m-%d})",
        rows=rows,
    )
