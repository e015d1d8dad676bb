from celery import shared_task

from suppliers.models import Submission


@shared_task(acks_late=True, ignore_result=True)
def submission_validate(submission_id: int) -> None:
    """Celery entry point: load by id, delegate to the service (safe to run twice)."""
    from suppliers.services import submission_validate as validate

    submission = Submission.objects.filter(id=submission_id).first()
    if submission is not None:
        validate(submission=submission)
