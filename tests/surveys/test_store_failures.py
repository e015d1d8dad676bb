"""A write the store fails (here: the disk fills up half-way) is not a 500: the user is told the file was
not received, and neither a submission nor the partly written file is left behind."""

import errno
import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Submission
from tests.cmrt.builders import build_cmrt

pytestmark = pytest.mark.django_db


class DiskFillsUpStorage(FileSystemStorage):
    """Writes the first bytes of each file, then fails as a full disk does."""

    def _save(self, name, content):
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.read(100))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_upload_the_disk_cannot_take_is_not_received_and_nothing_half_written_is_kept(
    client, supply_chain_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.DiskFillsUpStorage"}}
    client.force_login(supply_chain_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile("cmrt.xlsx", build_cmrt())})

    assert response.status_code == 503
    page = response.content.decode()
    assert "The file could not be stored because of a problem on our side, so it was not received." in page
    assert not Submission.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
