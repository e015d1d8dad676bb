"""Shared, domain-free models."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain row: a public UUID `public_id` for URLs (never the sequential id) and timestamps.

    Named so that it cannot be mistaken for a business code such as `Supplier.supplier_code` (the ERP's).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """Written by a Celery worker on every beat tick, so admins can see that workers are alive."""

    hostname = models.CharField(max_length=255)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
