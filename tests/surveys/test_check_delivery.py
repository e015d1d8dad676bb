"""Never lose a check: attempts counted in the database, stuck checks re-queued, a broker that is down
at upload. Tasks run in-process here; tests/surveys/test_check_workers.py does the same with real
workers, Redis and killed processes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from surveys import tasks
from surveys.models import Submission
from surveys.services import submission_validate, submissions_recover
from tests.cmrt.builders import build_cmrt

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=2)
STALE = timedelta(minutes=30)


@pytest.fixture
def sam(client, supply_chain_user):
    client.force_login(supply_chain_user)
    return supply_chain_user


@pytest.fixture
def upload(client, sam, django_capture_on_commit_callbacks):
    def post(name: str = "cmrt.xlsx") -> Submission:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile(name, build_cmrt())})
        assert response.status_code == 302
        return Submission.objects.get(original_name=name)

    return post


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.submission_validate, "delay", refuse)


@pytest.fixture
def forbid_reading(monkeypatch):
    """Call after the upload: from then on, reading the workbook again fails the test."""

    def fail(*args, **kwargs):
        raise AssertionError("the workbook was read again")

    return lambda: monkeypatch.setattr("cmrt.inspect_workbook", fail)


def test_a_check_counts_its_attempt_and_records_when_it_was_queued(upload):
    submission = upload()

    assert submission.status == Submission.Status.VALID
    assert submission.attempts == 1
    assert submission.enqueued_at is not None


def test_a_finished_submission_is_not_checked_again_when_its_task_is_delivered_twice(upload, forbid_reading):
    submission = upload()
    forbid_reading()

    tasks.submission_validate(submission.id)

    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == (Submission.Status.VALID, 1)


def test_an_attempt_overtaken_by_a_newer_one_does_not_store_its_result(upload, monkeypatch):
    import cmrt

    submission = upload()
    Submission.objects.filter(id=submission.id).update(status="checking", result=None)
    real = cmrt.inspect_workbook

    def meanwhile_a_redelivery_starts(*args, **kwargs):
        Submission.objects.filter(id=submission.id).update(attempts=submission.attempts + 2)
        return real(*args, **kwargs)

    monkeypatch.setattr("cmrt.inspect_workbook", meanwhile_a_redelivery_starts)

    submission_validate(submission=submission)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHECKING  # left to the newer attempt
    assert submission.result is None


def test_recovery_requeues_a_check_whose_worker_died_instead_of_failing_it(upload):
    submission = upload()
    Submission.objects.filter(id=submission.id).update(status="checking", updated_at=timezone.now() - LONG_AGO)

    assert submissions_recover(stale_after=STALE) == (1, 0)

    submission.refresh_from_db()
    assert (submission.status, submission.attempts, submission.failure) == (Submission.Status.VALID, 2, "")


def test_recovery_leaves_checks_alone_that_may_still_be_on_their_way(upload, forbid_reading):
    queued, checking = upload("queued.xlsx"), upload("checking.xlsx")
    forbid_reading()
    Submission.objects.filter(id=queued.id).update(status="pending")
    Submission.objects.filter(id=checking.id).update(status="checking")

    assert submissions_recover(stale_after=STALE) == (0, 0)

    assert Submission.objects.get(id=queued.id).status == Submission.Status.PENDING
    assert Submission.objects.get(id=checking.id).status == Submission.Status.CHECKING


def test_recovery_resends_a_check_that_the_broker_lost(upload):
    submission = upload()
    Submission.objects.filter(id=submission.id).update(status="pending", enqueued_at=timezone.now() - LONG_AGO)

    assert submissions_recover(stale_after=STALE) == (1, 0)

    assert Submission.objects.get(id=submission.id).status == Submission.Status.VALID


def test_a_check_that_stopped_the_checker_at_every_attempt_is_refused_with_the_reason(client, upload, settings):
    settings.SUBMISSION_MAX_ATTEMPTS = 3
    submission = upload()
    Submission.objects.filter(id=submission.id).update(
        status="checking", attempts=3, result=None, updated_at=timezone.now() - LONG_AGO
    )

    assert submissions_recover(stale_after=STALE) == (0, 1)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.REFUSED
    assert "stopped the checker 3 times, so it was not checked" in submission.failure
    assert submission.attempts == 3
    page = client.get(reverse("surveys:submission_detail", args=[submission.public_id])).content.decode()
    assert "stopped the checker 3 times" in page


def test_a_redelivered_check_past_the_attempt_limit_is_refused_not_run(upload, settings, forbid_reading):
    settings.SUBMISSION_MAX_ATTEMPTS = 3
    submission = upload()
    forbid_reading()
    Submission.objects.filter(id=submission.id).update(status="checking", attempts=3)

    tasks.submission_validate(submission.id)  # what the broker does after the third worker died

    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == (Submission.Status.REFUSED, 3)
    assert "stopped the checker 3 times" in submission.failure


def test_an_upload_with_the_broker_down_is_kept_and_the_page_says_it_is_queued(client, upload, broker_down, settings):
    submission = upload("while down.xlsx")

    assert submission.status == Submission.Status.PENDING
    assert submission.enqueued_at is None
    assert submission.file.storage.exists(submission.file.name)
    page = client.get(reverse("surveys:submission_detail", args=[submission.public_id]))
    assert page.status_code == 200
    assert "Your file is kept and queued for checking." in page.content.decode()
    assert "no need to upload the file again" in page.content.decode()


def test_recovery_sends_a_check_that_could_not_be_queued_once_the_broker_is_back(upload, monkeypatch):
    with monkeypatch.context() as down:
        down.setattr(tasks.submission_validate, "delay", lambda *a: (_ for _ in ()).throw(OperationalError("down")))
        submission = upload()
    Submission.objects.filter(id=submission.id).update(created_at=timezone.now() - timedelta(minutes=1))

    assert submissions_recover(stale_after=STALE) == (1, 0)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.VALID
    assert submission.enqueued_at is not None


def test_recovery_with_the_broker_still_down_keeps_the_check_waiting(upload, broker_down):
    submission = upload()
    Submission.objects.filter(id=submission.id).update(created_at=timezone.now() - timedelta(minutes=1))

    assert submissions_recover(stale_after=STALE) == (0, 0)

    submission.refresh_from_db()
    assert (submission.status, submission.enqueued_at) == (Submission.Status.PENDING, None)


def test_the_check_goes_back_on_the_queue_when_its_worker_is_lost_and_not_before_it_could_have_ended(settings):
    from cmrt_portal.celery import app

    assert tasks.submission_validate.acks_late is True
    assert tasks.submission_validate.reject_on_worker_lost is True
    # Redelivery after a dead main process: later than any check can run, sooner than kombu's hour.
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert settings.CELERY_TASK_TIME_LIMIT < visibility < 60 * 60
    assert app.conf.beat_schedule["submissions-recover"]["schedule"].minute == set(range(60))


def test_recovery_queues_a_stuck_check_once_not_again_on_every_run_while_it_waits(upload, monkeypatch):
    submission = upload()
    Submission.objects.filter(id=submission.id).update(status="checking", updated_at=timezone.now() - LONG_AGO)
    sent = []
    monkeypatch.setattr(tasks.submission_validate, "delay", sent.append)  # queued; no worker has taken it yet

    assert submissions_recover(stale_after=STALE) == (1, 0)
    assert submissions_recover(stale_after=STALE) == (0, 0)
    assert sent == [submission.id]
