from __future__ import annotations

from celery import shared_task

from reports.models import ReportRun


# acks_late: a worker that dies mid-build leaves the message to be redelivered; the build is
# idempotent (the inputs are frozen on the row, the bytes are the same every time).
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def report_build(run_id: int) -> None:
    """Celery entry point: load the run by id, delegate to the service (safe to run twice)."""
    from reports.services import report_build as build

    run = ReportRun.objects.filter(id=run_id).first()
    if run is not None:
        build(run=run)
