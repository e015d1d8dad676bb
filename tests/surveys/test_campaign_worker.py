"""Campaigns with a real worker and Redis (under CI): invitations sent by tasks, `cmrt_submit` waiting for the check."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command

from surveys import services
from surveys.models import OutgoingEmail, SurveyRequest
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def wait_for(condition, *, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


def test_a_worker_sends_each_invitation_exactly_once(celery_worker_process, settings):
    for _ in range(3):
        ContactFactory()
    campaign = CampaignFactory()
    assert services.campaign_open(campaign=campaign) == 3

    wait_for(lambda: OutgoingEmail.objects.count() == 3)
    time.sleep(1)  # nothing more arrives
    assert OutgoingEmail.objects.filter(step="invitation", outcome="sent").count() == 3
    assert set(SurveyRequest.objects.values_list("status", flat=True)) == {SurveyRequest.Status.SENT}


def test_cmrt_submit_polls_the_database_until_the_worker_has_checked_the_file(
    celery_worker_process, settings, tmp_path
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    supplier = SupplierFactory(supplier_code="SUP-1", name="Example Metals GmbH")
    SurveyRequestFactory(campaign=CampaignFactory(name="CMRT 2026"), supplier=supplier)
    path = tmp_path / "answer.xlsx"
    path.write_bytes(build_cmrt())
    out = io.StringIO()
    call_command("cmrt_submit", "--campaign", "CMRT 2026", "--supplier", "SUP-1", str(path), "--timeout", "60",
                 stdout=out)  # fmt: skip
    assert "valid (0 warnings)" in out.getvalue()
    assert SurveyRequest.objects.get().status == SurveyRequest.Status.VALID
