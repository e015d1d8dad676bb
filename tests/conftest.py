"""Shared fixtures and the rules for tests that need real services.

Tests marked `postgres`, `redis` or `worker` need the machine's PostgreSQL (DATABASE_URL) and Redis
(REDIS_URL). Where those are not configured they skip with the reason; under CI (CI=true) a skip of
that kind is a failure, so a green CI run really exercised them.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest
from django.db import connection

from accounts.services import user_create
from cmrt_portal.celery import app as celery_app
from core.access import Role

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR") or REPO_ROOT.parent / "shared")
UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def _redis_reachable() -> bool:
    url = _redis_url()
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _service_problem(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cmrt_portal"
    if (item.get_closest_marker("redis") or item.get_closest_marker("worker")) and not _redis_reachable():
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 with Redis running"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    problem = _service_problem(item)
    if problem:
        if UNDER_CI:
            pytest.fail(f"CI=true but this test's service is missing: {problem}", pytrace=False)
        pytest.skip(problem)


def missing(reason: str) -> NoReturn:
    """Skip a test whose input (a file, a module) is absent; under CI that is a failure instead."""
    if UNDER_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def require_module(name: str) -> ModuleType:
    """Import `name` for a test, or skip it (fail it under CI) where the module is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"module {name!r} is not installed (it is in requirements-dev.txt)")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so throttle counters (password resets) never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shared_dir() -> Path:
    """The read-only RMI sample files beside the repository; tests using them skip without them."""
    if not SHARED_DIR.is_dir():
        missing(f"{SHARED_DIR} not present (real RMI files are not part of the repository)")
    return SHARED_DIR


@pytest.fixture
def supply_chain_user(db):
    return user_create(email="sam@example.com", password="pw-123456!", roles=[Role.SUPPLY_CHAIN])


@pytest.fixture
def legal_user(db):
    return user_create(email="lee@example.com", password="pw-123456!", roles=[Role.LEGAL])


@pytest.fixture
def admin_user(db):
    return user_create(email="ada@example.com", password="pw-123456!", is_superuser=True)


@pytest.fixture
def view_only_staff_user(db):
    """Staff with the admin's view permissions only (suppliers, contacts, smelters), as a reader would be."""
    from django.contrib.auth.models import Permission

    user = user_create(email="viewer@example.com", password="pw-123456!", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_supplier", "view_contact", "view_smelter"]))
    return user


@pytest.fixture
def roleless_user(db):
    return user_create(email="nobody@example.com", password="pw-123456!")


@pytest.fixture
def supplier_user(db):
    from tests.factories import SupplierFactory

    user = user_create(email="contact@supplier.example", password="pw-123456!")
    user.supplier = SupplierFactory()
    user.save()
    return user


# Healthchecks' three users for the supplier boundary: `owner` and `colleague` answer for supplier A,
# `outsider` for supplier B. None of them holds an internal role.


@pytest.fixture
def supplier_a(db):
    from tests.factories import SupplierFactory

    return SupplierFactory(name="Supplier A Ltd.")


@pytest.fixture
def supplier_b(db):
    from tests.factories import SupplierFactory

    return SupplierFactory(name="Supplier B Ltd.")


@pytest.fixture
def owner(supplier_a):
    user = user_create(email="owner@supplier-a.example", password="pw-123456!")
    user.supplier = supplier_a
    user.save()
    return user


@pytest.fixture
def colleague(supplier_a):
    user = user_create(email="colleague@supplier-a.example", password="pw-123456!")
    user.supplier = supplier_a
    user.save()
    return user


@pytest.fixture
def outsider(supplier_b):
    user = user_create(email="outsider@supplier-b.example", password="pw-123456!")
    user.supplier = supplier_b
    user.save()
    return user


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def use_broker(url: str) -> None:
    """Point this process's Celery app at `url`: it keeps its connection pool until told to forget it.

    (The pools themselves live on in kombu's registry, one per URL, and are reused on a switch back.)
    """
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def start_worker(settings, queue: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`celery worker` on `queue`, against the test database, the real Redis and the test's uploads."""
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmrt_portal.settings.base",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # uploads saved by the test are read by the worker
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "cmrt_portal", "worker", "-Q", queue, *args]
    command += ["--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=INFO"]
    return subprocess.Popen(
        command, cwd=REPO_ROOT, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def stop_worker(worker: subprocess.Popen[str]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=20)


@pytest.fixture
def worker_queue(transactional_db):
    """A queue of this test's own, with this process publishing to the real Redis (not eagerly)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    old = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
    use_broker(os.environ["REDIS_URL"])
    try:
        yield queue
    finally:
        celery_app.conf.update(task_always_eager=old["task_always_eager"], task_default_queue=old["task_default_queue"])
        use_broker(old["broker_url"])


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment for `celery_worker_process` (override in a test module, e.g. to point it at S3)."""
    return {}


@pytest.fixture
def celery_worker_process(worker_queue, settings, worker_env):
    """Start `celery worker` (solo pool) on a queue of its own, against the test database and the real Redis."""
    worker = start_worker(settings, worker_queue, "--pool=solo", env=worker_env)
    try:
        yield worker_queue, worker
    finally:
        stop_worker(worker)
