"""The one Celery app. Settings come from Django settings under the CELERY_ prefix (JSON only,
time limits, eager when no broker is configured); beat schedules are declared here in code."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.local")

app = Celery("cmrt_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Lets the admin page show whether workers are alive (see core.tasks.worker_heartbeat).
    "worker-heartbeat": {"task": "core.tasks.worker_heartbeat", "schedule": crontab(minute="*")},
    # Checks that could not be queued (broker down at upload) are sent within a minute of the broker
    # coming back; checks lost by a killed worker are re-queued until their attempts run out.
    "submissions-recover": {"task": "surveys.tasks.submissions_recover", "schedule": crontab(minute="*")},
    # The reminder ladder: a pass every 15 minutes (idempotent: a step is claimed once in the database,
    # so a pass missed by a stopped beat is made up by the next one). OUTREACH_EVERY_SECONDS shortens it.
    "outreach-run": {
        "task": "surveys.tasks.outreach_run",
        "schedule": float(os.environ.get("OUTREACH_EVERY_SECONDS") or 15 * 60),
    },
}
