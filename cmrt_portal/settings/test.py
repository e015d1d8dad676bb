"""Test settings: fast hashing, in-memory e-mail, uploads in a temporary folder.

The database and broker still come from the environment, so the same suite runs on SQLite for a
newcomer and on PostgreSQL + Redis + real workers under CI.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="cmrt-test-media-")))
# Tests that exercise the queue start their own worker; everything else runs tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
# The provider's tracking webhooks exist in tests (with basic auth and, for Mailgun, a signing key).
ANYMAIL = {"WEBHOOK_SECRET": "provider:test-webhook-secret", "MAILGUN_WEBHOOK_SIGNING_KEY": "test-signing-key"}
