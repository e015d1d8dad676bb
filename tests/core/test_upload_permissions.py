"""Uploaded workbooks are private on disk too: owner read-write, group read, nobody else (0640; folders 0750)."""

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Submission
from tests.cmrt.builders import build_cmrt

pytestmark = pytest.mark.django_db


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _upload_through_the_checker(client, user, settings, django_capture_on_commit_callbacks) -> Path:
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile("cmrt.xlsx", build_cmrt())})
    assert response.status_code == 302
    return Path(settings.MEDIA_ROOT, Submission.objects.get().file.name)


def test_a_small_upload_kept_in_memory_is_stored_readable_by_owner_and_group_only(
    client, supply_chain_user, settings, django_capture_on_commit_callbacks
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024  # the workbook stays in memory
    stored = _upload_through_the_checker(client, supply_chain_user, settings, django_capture_on_commit_callbacks)
    assert oct(_mode(stored)) == oct(0o640)
    assert oct(_mode(stored.parent)) == oct(0o750)


def test_a_large_upload_spooled_to_a_temporary_file_is_stored_readable_by_owner_and_group_only(
    client, supply_chain_user, settings, django_capture_on_commit_callbacks
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the workbook goes through a temporary file, which is moved
    stored = _upload_through_the_checker(client, supply_chain_user, settings, django_capture_on_commit_callbacks)
    assert oct(_mode(stored)) == oct(0o640)
    assert oct(_mode(stored.parent)) == oct(0o750)
