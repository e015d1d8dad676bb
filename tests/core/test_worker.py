"""A task really executed by a Celery worker process through Redis (runs under CI)."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from cmrt_portal.celery import app as celery_app
from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat
from tests.conftest import REPO_ROOT


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` on a queue of its own, against the test database and the real Redis."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmrt_portal.settings.base",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "CELERY_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cmrt_portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    old = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=os.environ["REDIS_URL"])
    try:
        yield queue, worker
    finally:
        celery_app.conf.update(old)
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.worker
@pytest.mark.postgres
def test_a_real_worker_runs_the_heartbeat_task_from_redis_and_writes_to_the_database(celery_worker_process):
    queue, worker = celery_worker_process
    assert WorkerHeartbeat.objects.count() == 0

    worker_heartbeat.apply_async(queue=queue)

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
