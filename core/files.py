"""Private storage of uploaded files: checked for size, stored under a random name, original name kept.

Files go through Django's storage API only (local disk by default, an S3-compatible bucket when one is
configured), never through local paths, so a worker on another machine reads what the web server stored.
Files are never served from a public URL; views stream them back after their own access check.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class UploadRefused(ValueError):
    """The upload cannot be kept at all (nothing was sent, or it is over the size limit)."""


class UploadNotStored(RuntimeError):
    """The store refused or failed the write (disk full, bucket unreachable): nothing was kept."""


@dataclass(frozen=True)
class StoredFile:
    path: str
    original_name: str
    size: int
    sha256: str


def upload_store(*, uploaded: File[bytes], folder: str, max_bytes: int | None = None) -> StoredFile:
    """Store `uploaded` under `folder/YYYY/MM/<uuid><ext>` and return where, with its size and hash."""
    limit = max_bytes if max_bytes is not None else settings.CMRT_MAX_UPLOAD_BYTES
    size = uploaded.size or 0
    if size == 0:
        raise UploadRefused("The file is empty.")
    if size > limit:
        raise UploadRefused(
            f"The file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB. "
            "A CMRT is normally under 3 MB: save it again from Excel without extra sheets or images."
        )
    original = PurePath(uploaded.name or "upload").name[:255]
    ext = PurePath(get_valid_filename(original)).suffix.lower()[:10]
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    now = timezone.now()
    name = f"{folder}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"
    try:
        path = default_storage.save(name, uploaded)
    except Exception as exc:  # any backend: OSError from a full disk, botocore errors from a bucket
        logger.exception("could not store the upload %r as %s", original, name)
        _remove_partial(name)
        raise UploadNotStored(
            _(
                "The file could not be stored because of a problem on our side, so it was not received. "
                "Please try again in a few minutes."
            )
        ) from exc
    return StoredFile(path=path, original_name=original, size=size, sha256=digest.hexdigest())


def _remove_partial(name: str) -> None:
    """Delete what a failed write may have left (a local file cut short by a full disk)."""
    try:
        default_storage.delete(name)
    except Exception:
        logger.warning("could not remove the partly stored %s", name, exc_info=True)
