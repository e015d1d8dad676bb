"""The reminder ladder run by a real `celery beat` and worker (PostgreSQL, Redis), restarted midway:
every e-mail goes out exactly once, counted in what the mail backend wrote and in the record."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from django.utils import timezone

from accounts.services import user_create
from core.access import Role
from surveys.models import Campaign, OutgoingEmail, SurveyRequest
from tests.conftest import REPO_ROOT, _database_url, start_worker, stop_worker
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


class Services:
    """A worker and a beat (a pass every second) on the test's own queue, writing e-mails to files."""

    def __init__(self, settings, queue: str, tmp: Path) -> None:
        self.settings, self.queue, self.tmp = settings, queue, tmp
        self.mails = tmp / "mails"
        self.mails.mkdir()
        self.env = {"EMAIL_URL": f"filemail:///{self.mails}", "OUTREACH_EVERY_SECONDS": "1"}
        self.worker: subprocess.Popen[str] | None = None
        self.beat: subprocess.Popen[bytes] | None = None
        self.beat_log = tmp / "beat.log"

    def start(self) -> None:
        self.worker = start_worker(self.settings, self.queue, "--pool=solo", env=self.env)
        beat_env = {
            **os.environ,
            **self.env,
            "DJANGO_SETTINGS_MODULE": "cmrt_portal.settings.base",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": os.environ["REDIS_URL"],
            "CELERY_QUEUE": self.queue,
        }
        command = [sys.executable, "-m", "celery", "-A", "cmrt_portal", "beat", "--loglevel=INFO",
                   f"--schedule={self.tmp / 'beat-schedule'}"]  # fmt: skip
        with self.beat_log.open("ab") as log:
            self.beat = subprocess.Popen(command, cwd=REPO_ROOT, env=beat_env, stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.beat is not None:
            self.beat.terminate()
            self.beat.wait(timeout=20)
            self.beat = None
        if self.worker is not None:
            stop_worker(self.worker)
            self.worker = None

    def passes_sent(self) -> int:
        return self.beat_log.read_text().count("Sending due task outreach-run") if self.beat_log.exists() else 0

    def messages_written(self) -> list[str]:
        """One entry per e-mail the backend wrote: its To header (each message has exactly one)."""
        return [line for f in self.mails.iterdir() for line in f.read_text().splitlines() if line.startswith("To: ")]

    def wait_for(self, condition: Callable[[], object], what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            for name, process in (("worker", self.worker), ("beat", self.beat)):
                if process is not None and process.poll() is not None:
                    pytest.fail(
                        f"{name} exited with {process.returncode}; beat log:\n{self.beat_log.read_text()[-3000:]}"
                    )
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"{what}: not within {timeout} s; beat log:\n{self.beat_log.read_text()[-3000:]}")
            time.sleep(0.2)


@pytest.fixture
def services(worker_queue, settings, tmp_path):
    running = Services(settings, worker_queue, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def _sent_emails() -> int:
    return OutgoingEmail.objects.filter(outcome="sent").count()


def _open_campaign(name: str, due: date, codes: list[str], sent_days_ago: int) -> None:
    campaign = CampaignFactory(
        name=name, status=Campaign.Status.OPEN, opened_at=timezone.now(), due_date=due,
        reminder_first_after_days=14, reminder_every_days=7,
    )  # fmt: skip
    for code in codes:
        supplier = SupplierFactory(supplier_code=code)
        ContactFactory(supplier=supplier, email=f"{code.lower()}@supplier.example")
        sent = timezone.now() - timedelta(days=sent_days_ago)
        SurveyRequest.objects.create(campaign=campaign, supplier=supplier, status="sent", sent_at=sent)


def test_beat_and_a_worker_send_each_ladder_email_exactly_once_across_a_restart(services, worker_queue):
    owner = user_create(email="owner@example.com", password=None, roles=[Role.SUPPLY_CHAIN])
    today = timezone.localdate()
    _open_campaign("Spring", today + timedelta(days=60), ["ALPHA", "BRAVO", "CHARLIE"], sent_days_ago=15)

    services.start()
    services.wait_for(lambda: _sent_emails() == 3, "the three first reminders sent")
    first_passes = services.passes_sent()
    services.wait_for(lambda: services.passes_sent() >= first_passes + 3, "three more passes of beat")
    services.stop()  # a restart of worker and beat: nothing of the ladder's state lives in them

    # While everything is down a campaign reaches its due date: escalation and final notice.
    _open_campaign("Due today", today, ["DELTA"], sent_days_ago=30)
    Campaign.objects.filter(name="Due today").update(owner=owner)
    services.start()
    services.wait_for(lambda: _sent_emails() == 5, "the escalation and the final notice sent after the restart")
    again = services.passes_sent()
    services.wait_for(lambda: services.passes_sent() >= again + 3, "three more passes of beat after the restart")
    services.beat.terminate()
    services.beat.wait(timeout=20)
    services.beat = None
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    services.wait_for(lambda: client.llen(worker_queue) == 0, "every queued pass and e-mail run")
    services.stop()

    emails = OutgoingEmail.objects.order_by("supplier__supplier_code", "step")
    steps = list(emails.values_list("supplier__supplier_code", "step", "to"))
    assert steps == [
        ("ALPHA", "reminder-1", "alpha@supplier.example"),
        ("BRAVO", "reminder-1", "bravo@supplier.example"),
        ("CHARLIE", "reminder-1", "charlie@supplier.example"),
        ("DELTA", "escalation", "owner@example.com"),
        ("DELTA", "final-notice", "delta@supplier.example"),
    ]
    assert sorted(services.messages_written()) == sorted(f"To: {to}" for _code, _step, to in steps)
