"""Match reported rows again after the reference data or a review decision changed."""

from __future__ import annotations

from django.db.models import QuerySet

from smelters.models import ReportedSmelter
from smelters.services.reported import reported_matches_write


def rematch_enqueue() -> None:
    """Hand the rematch of every reported row to a worker (called once an import has committed)."""
    from smelters.tasks import reported_smelters_rematch as task

    task.delay()


def reported_smelters_rematch(*, queryset: QuerySet[ReportedSmelter] | None = None) -> int:
    """Match reported rows again (after new reference data or a decision); returns how many changed."""
    qs = ReportedSmelter.objects.all() if queryset is None else queryset
    changed = 0
    batch: list[ReportedSmelter] = []
    for row in qs.order_by("pk").iterator(chunk_size=2000):
        batch.append(row)
        if len(batch) >= 2000:
            changed += reported_matches_write(batch, create=False)
            batch = []
    if batch:
        changed += reported_matches_write(batch, create=False)
    return changed
