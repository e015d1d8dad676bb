"""Uploads in an S3-compatible store, against a real S3 API served locally (moto's server): stored there
under a private random key, checked from there (in-process and by a worker with no access to the web's
disk), downloaded only through the access-checked view, and an upload the store refuses is not received."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Submission
from surveys.services import submission_create
from tests.cmrt.builders import build_cmrt
from tests.conftest import require_module

pytestmark = pytest.mark.s3


@dataclass
class S3:
    server: Any  # moto's ThreadedMotoServer
    endpoint: str
    bucket: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )

    def env(self) -> dict[str, str]:
        """The settings a deployment sets (README, .env.example) to keep uploads in this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
        }

    def keys(self) -> list[str]:
        return [item["Key"] for item in self.client().list_objects_v2(Bucket=self.bucket).get("Contents", [])]


@pytest.fixture
def s3() -> Iterator[S3]:
    """moto's S3 server on 127.0.0.1 (a free port) with an empty bucket of this test's own."""
    require_module("boto3")
    server_module = require_module("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    store = S3(server=server, endpoint=f"http://{host}:{port}", bucket=f"cmrt-{uuid.uuid4().hex[:12]}")
    store.client().create_bucket(Bucket=store.bucket)
    try:
        yield store
    finally:
        if server._server_ready_event.is_set():  # not stopped by the test itself
            server.stop()


@pytest.fixture
def s3_storage(s3, settings, tmp_path, monkeypatch) -> S3:
    """This process stores uploads in the bucket, configured from the environment as a deployment is."""
    import environ

    from cmrt_portal.settings.storage import s3_storage

    for name, value in s3.env().items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "web-media"
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ.Env())}
    return s3


@pytest.fixture
def sam(client, supply_chain_user):
    client.force_login(supply_chain_user)
    return supply_chain_user


def _upload(client, data: bytes, name: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_an_upload_is_stored_in_the_bucket_under_a_random_key_checked_from_there_and_downloaded_the_same(
    client, sam, s3_storage, settings, django_capture_on_commit_callbacks
):
    workbook = build_cmrt()
    response = _upload(client, workbook, "Example CMRT 2026.xlsx", django_capture_on_commit_callbacks)

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert s3_storage.keys() == [submission.file.name]
    assert submission.file.name.startswith("submissions/") and "Example" not in submission.file.name
    assert submission.original_name == "Example CMRT 2026.xlsx"
    stored = s3_storage.client().get_object(Bucket=s3_storage.bucket, Key=submission.file.name)
    assert stored["Body"].read() == workbook
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the web server's disk
    # The check (in-process here) read the workbook back from the bucket.
    assert submission.status == Submission.Status.VALID
    assert submission.company_name == "Example Metals GmbH"

    download = client.get(reverse("surveys:submission_download", args=[submission.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == workbook
    assert 'filename="Example CMRT 2026.xlsx"' in download["Content-Disposition"]


@pytest.mark.django_db
def test_a_stored_upload_is_private_in_the_bucket_and_any_url_for_it_is_signed(
    client, sam, s3_storage, django_capture_on_commit_callbacks
):
    _upload(client, build_cmrt(), "cmrt.xlsx", django_capture_on_commit_callbacks)
    key = Submission.objects.get().file.name

    grants = s3_storage.client().get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants if grant["Grantee"]["Type"] == "Group"] == []
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_storage.endpoint}/{s3_storage.bucket}/{key}", timeout=10)
    assert refused.value.code == 403
    assert "X-Amz-Signature=" in default_storage.url(key)


@pytest.mark.django_db
def test_an_upload_the_bucket_cannot_take_is_not_received_and_the_user_is_told(
    client, sam, s3_storage, django_capture_on_commit_callbacks
):
    s3_storage.server.stop()
    s3_storage.server._server.server_close()  # refuse connections at once (stop() leaves the socket open)

    response = _upload(client, build_cmrt(), "cmrt.xlsx", django_capture_on_commit_callbacks)

    assert response.status_code == 503
    page = response.content.decode()
    assert "The file could not be stored because of a problem on our side, so it was not received." in page
    assert not Submission.objects.exists()


@pytest.fixture
def worker_env(s3, tmp_path) -> dict[str, str]:
    """The worker keeps uploads in the bucket, and its own MEDIA_ROOT is a folder the web never writes to."""
    return {**s3.env(), "MEDIA_ROOT": str(tmp_path / "worker-media")}


@pytest.mark.worker
@pytest.mark.postgres
def test_a_worker_with_no_access_to_the_web_servers_disk_checks_an_upload_from_the_bucket(
    s3_storage, celery_worker_process, settings, tmp_path
):
    _, worker = celery_worker_process
    submission = submission_create(uploaded_file=SimpleUploadedFile("w.xlsx", build_cmrt()), uploaded_by=None)
    assert submission.status == Submission.Status.PENDING  # queued for the worker, not run here

    deadline = time.monotonic() + 90
    while not Submission.objects.get(id=submission.id).is_done:
        if worker.poll() is not None:
            pytest.fail(f"worker exited with {worker.returncode}:\n{worker.stdout.read()}")
        if time.monotonic() > deadline:
            worker.terminate()
            pytest.fail(f"not checked within 90 s; worker log:\n{worker.stdout.read()[-3000:]}")
        time.sleep(0.2)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.VALID
    assert submission.company_name == "Example Metals GmbH"
    assert s3_storage.keys() == [submission.file.name]
    assert Path(settings.MEDIA_ROOT) != tmp_path / "worker-media"
    assert not (tmp_path / "worker-media").exists() and not Path(settings.MEDIA_ROOT).exists()
