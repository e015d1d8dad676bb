"""Keep the denormalised `Smelter.supplier_count` true: the one place that writes it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from smelters.models import ReportedSmelter, Smelter


def smelter_supplier_counts_refresh(*, smelter_ids: Iterable[int | None] | None = None) -> int:
    """Recount the suppliers whose rows are matched to each SOR of `smelter_ids` (every SOR when None).

    Called by every write that changes which SOR a row is matched to, or removes rows: pass the SORs
    before and after the change. One UPDATE with a correlated count per SOR (an index scan of its
    matches); returns how many SORs were recounted.
    """
    smelters = Smelter.objects.all()
    if smelter_ids is not None:
        ids = {pk for pk in smelter_ids if pk is not None}
        if not ids:
            return 0
        smelters = smelters.filter(pk__in=ids)
    counted = (
        ReportedSmelter.objects.filter(match__smelter=OuterRef("pk"))
        .order_by()
        .values("match__smelter")
        .annotate(n=Count("supplier_id", distinct=True))
        .values("n")
    )
    return smelters.update(supplier_count=Coalesce(Subquery(counted), 0))
