"""The settings switch: embedded defaults with nothing configured, real services from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import REPO_ROOT

PROBE = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'host': settings.DATABASES['default'].get('HOST'), "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'email': settings.EMAIL_BACKEND}))"
)


def settings_with(**env: str) -> dict:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="cmrt_portal.settings.local")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=clean, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def test_with_nothing_configured_the_portal_uses_sqlite_in_the_project_folder_and_eager_tasks():
    found = settings_with()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(REPO_ROOT / "db.sqlite3")
    assert found["eager"] is True
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_switches_to_postgresql_and_redis_url_to_a_real_broker():
    found = settings_with(
        DATABASE_URL="postgres://portal:secret@db.internal:5432/cmrt",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://mail.internal:1025",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["name"], found["host"]) == ("cmrt", "db.internal")
    assert found["eager"] is False
    assert found["broker"] == "redis://cache.internal:6379/0"
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.postgres
@pytest.mark.django_db
def test_under_a_postgres_database_url_the_suite_really_talks_to_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmrt_portal.settings.production",
        "DJANGO_SECRET_KEY": "a-very-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "cmrt.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
