"""A task really executed by a Celery worker process through Redis (runs under CI)."""

import time

import pytest

from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat


@pytest.mark.worker
@pytest.mark.postgres
def test_a_real_worker_runs_the_heartbeat_task_from_redis_and_writes_to_the_database(celery_worker_process):
    queue, worker = celery_worker_process
    assert WorkerHeartbeat.objects.count() == 0

    worker_heartbeat.delay()

    deadline = time.monotonic() + 60
    while not WorkerHeartbeat.objects.exists():
        if worker.poll() is not None:
            pytest.fail(f"worker exited with {worker.returncode}:\n{worker.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail("no heartbeat written by the worker within 60 s")
        time.sleep(0.2)
    beat = WorkerHeartbeat.objects.get()
    assert beat.hostname
    assert beat.seen_at is not None


@pytest.mark.worker
@pytest.mark.postgres
def test_an_uploaded_cmrt_is_checked_by_a_real_worker_and_the_result_lands_in_the_database(celery_worker_process):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from surveys.models import Submission
    from surveys.services import submission_create
    from tests.cmrt.builders import build_cmrt

    _, worker = celery_worker_process
    submission = submission_create(uploaded_file=SimpleUploadedFile("w.xlsx", build_cmrt()), uploaded_by=None)
    assert submission.status == Submission.Status.PENDING  # queued, not run in this process

    deadline = time.monotonic() + 90
    while not Submission.objects.get(id=submission.id).is_done:
        if worker.poll() is not None:
            pytest.fail(f"worker exited with {worker.returncode}:\n{worker.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail("the worker did not check the submission within 90 s")
        time.sleep(0.2)
    submission.refresh_from_db()
    if submission.status != Submission.Status.VALID:
        worker.terminate()
        pytest.fail(f"status {submission.status}; worker log:\n{worker.communicate(timeout=20)[0][-3000:]}")
    assert submission.company_name == "Example Metals GmbH"
