"""The S3-compatible store for uploads (AWS S3, MinIO), built from the environment (see README)."""

from __future__ import annotations

from typing import Any

import environ


def s3_storage(env: environ.Env) -> dict[str, Any]:
    """STORAGES["default"] for the bucket AWS_STORAGE_BUCKET_NAME: private objects, signed short-lived URLs."""
    from botocore.config import Config

    endpoint = env("AWS_S3_ENDPOINT_URL", default="") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": endpoint,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            # Empty: boto3 finds the keys itself (instance role, ~/.aws); MinIO needs them set.
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env("AWS_LOCATION", default=""),  # a folder inside the bucket, e.g. for a shared bucket
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "client_config": Config(
                # MinIO and most self-hosted stores want https://host/bucket/key, not bucket.host.
                s3={"addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "auto")},
                signature_version="s3v4",
                # A store that is down fails the upload in seconds (the user is told), not after minutes.
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }
