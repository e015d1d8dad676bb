"""Never lose a check, with real workers, Redis and PostgreSQL: the pool process killed during a check,
a file that kills it every time, and the broker down at upload (these run under CI)."""

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Submission
from surveys.services import submission_create, submissions_recover
from tests.cmrt.builders import build_cmrt
from tests.conftest import start_worker, stop_worker, use_broker
from tests.factories import SupplierFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


class HeldWorker:
    """A prefork worker with one pool process whose checks wait, before reading, while `hold` exists."""

    def __init__(self, process: subprocess.Popen[str], hooks: Path) -> None:
        self.process, self.hooks = process, hooks

    def check_pids(self) -> set[int]:
        """The pool processes that started a check so far."""
        return {int(p.name.removeprefix("checking-")) for p in self.hooks.glob("checking-*")}

    def release(self) -> None:
        (self.hooks / "hold").unlink()

    def wait_for(self, condition: Callable[[], object], what: str, timeout: float = 60) -> object:
        deadline = time.monotonic() + timeout
        while not (value := condition()):
            if self.process.poll() is not None:
                pytest.fail(f"worker exited with {self.process.returncode}:\n{self.process.stdout.read()[-3000:]}")
            if time.monotonic() > deadline:
                stop_worker(self.process)
                pytest.fail(f"{what}: not within {timeout} s; worker log:\n{self.process.stdout.read()[-3000:]}")
            time.sleep(0.1)
        return value


def _start_held_worker(settings, queue: str, hooks: Path, **env: str) -> HeldWorker:
    process = start_worker(
        settings,
        queue,
        "--pool=prefork",
        "--concurrency=1",
        "--include=tests.worker_hooks",
        env={"CMRT_TEST_HOOK_DIR": str(hooks), "SUBMISSION_MAX_ATTEMPTS": "3", **env},
    )
    return HeldWorker(process, hooks)


@pytest.fixture
def hooks(tmp_path) -> Path:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "hold").touch()
    return hooks


@pytest.fixture
def held_worker(worker_queue, settings, hooks) -> Iterator[HeldWorker]:
    worker = _start_held_worker(settings, worker_queue, hooks)
    try:
        yield worker
    finally:
        stop_worker(worker.process)


def _upload() -> Submission:
    return submission_create(
        uploaded_file=SimpleUploadedFile("cmrt.xlsx", build_cmrt()), uploaded_by=None, supplier=SupplierFactory()
    )


def _done(submission: Submission) -> Callable[[], bool]:
    return lambda: Submission.objects.get(id=submission.id).is_done


def _unacked(queue: str) -> dict[str, float]:
    """Messages of `queue` delivered to a worker and not acknowledged yet: delivery tag -> when delivered."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    ours = {tag.decode() for tag, raw in client.hgetall("unacked").items() if json.loads(raw)[2] == queue}
    delivered = client.zrange("unacked_index", 0, -1, withscores=True)
    return {tag.decode(): at for tag, at in delivered if tag.decode() in ours}


def _broker_holds_nothing(queue: str) -> Callable[[], bool]:
    """Neither waiting in the queue nor delivered and unacknowledged: no delivery is left to come."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    return lambda: client.llen(queue) == 0 and not _unacked(queue)


def test_a_check_whose_pool_process_is_killed_is_run_again_and_finishes_exactly_once(held_worker, worker_queue):
    submission = _upload()
    [first] = held_worker.wait_for(held_worker.check_pids, "the check started")
    assert Submission.objects.values_list("status", "attempts").get(id=submission.id) == ("checking", 1)

    os.kill(first, signal.SIGKILL)
    held_worker.release()

    held_worker.wait_for(_done(submission), "the check finished after the pool process was killed")
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == (Submission.Status.VALID, 2)
    assert submission.company_name == "Example Metals GmbH"
    assert len(held_worker.check_pids() - {first}) == 1  # re-run once, in the replacement pool process
    held_worker.wait_for(_broker_holds_nothing(worker_queue), "the message acknowledged")
    assert Submission.objects.values_list("attempts", flat=True).get(id=submission.id) == 2


def test_a_file_that_kills_its_worker_every_time_is_refused_with_the_reason_after_three_attempts(
    held_worker, worker_queue
):
    submission = _upload()
    killed: list[int] = []

    def next_check_or_done() -> bool:
        started = held_worker.check_pids() - set(killed)
        for pid in started:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        return Submission.objects.get(id=submission.id).is_done

    held_worker.wait_for(next_check_or_done, "the submission given up on", timeout=120)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REFUSED
    assert submission.attempts == len(killed) == 3
    assert "This file stopped the checker 3 times, so it was not checked." in submission.failure
    held_worker.wait_for(_broker_holds_nothing(worker_queue), "the last delivery acknowledged")


def test_a_check_whose_whole_worker_is_killed_is_redelivered_after_the_visibility_timeout(
    worker_queue, settings, hooks
):
    first = _start_held_worker(settings, worker_queue, hooks)
    try:
        submission = _upload()
        [pool_pid] = first.wait_for(first.check_pids, "the check started")
        os.kill(first.process.pid, signal.SIGKILL)  # the machine dies: main process and pool process
        os.kill(pool_pid, signal.SIGKILL)
        first.process.wait(timeout=20)
    finally:
        stop_worker(first.process)
    hooks.joinpath("hold").unlink()
    [delivered_at] = _unacked(worker_queue).values()
    # Redelivery happens once the message has been out longer than the visibility timeout (2 s here,
    # set the way production sets it); a second worker then finds it and checks the file.
    while time.time() - delivered_at <= 2:
        time.sleep(0.1)
    second = _start_held_worker(settings, worker_queue, hooks, CELERY_VISIBILITY_TIMEOUT="2")
    try:
        second.wait_for(_done(submission), "the check redelivered to another worker")
    finally:
        stop_worker(second.process)
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == (Submission.Status.VALID, 2)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens here once the socket is closed


def test_an_upload_while_the_broker_is_down_is_kept_and_checked_by_a_worker_once_the_broker_is_back(
    client, supply_chain_user, worker_queue, settings
):
    client.force_login(supply_chain_user)
    use_broker(f"redis://127.0.0.1:{_closed_port()}/0")

    response = client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile("down.xlsx", build_cmrt())})

    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Your file is kept and queued for checking." in page.content.decode()
    submission = Submission.objects.get()
    assert (submission.status, submission.enqueued_at) == (Submission.Status.PENDING, None)
    assert submission.file.storage.exists(submission.file.name)

    use_broker(os.environ["REDIS_URL"])  # the broker is back
    worker = start_worker(settings, worker_queue, "--pool=solo")
    try:
        # What the minutely beat job does (here without its grace period for uploads still being sent).
        assert submissions_recover(stale_after=timedelta(minutes=20), unsent_after=timedelta(0)) == (1, 0)
        HeldWorker(worker, Path()).wait_for(_done(submission), "the check run after the broker came back")
    finally:
        stop_worker(worker)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.VALID
    assert submission.enqueued_at is not None
