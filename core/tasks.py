import socket
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.models import WorkerHeartbeat


@shared_task(acks_late=True, ignore_result=True)
def worker_heartbeat() -> int:
    """Record that a worker is alive (beat runs it every minute); returns the new row's id."""
    beat = WorkerHeartbeat.objects.create(hostname=socket.gethostname(), seen_at=timezone.now())
    # Keep the table small: only the last day of heartbeats is of interest.
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    return beat.id
