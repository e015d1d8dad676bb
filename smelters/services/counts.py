"""Keep the denormalised counts true: `Smelter.supplier_count` and `ReviewGroupCount`, written here only."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from smelters.models import ReportedSmelter, ReviewGroupCount, Smelter

GroupKey = tuple[str, str, str]  # (metal, name_key, country_key)


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


@transaction.atomic
def review_group_counts_refresh(*, keys: Iterable[GroupKey] | None = None) -> int:
    """Recount the rows and suppliers waiting for review under each (metal, name_key, country_key) of `keys`
    (every key when None), dropping the keys with nothing left to review.

    Called by every write that changes whether rows need review, or removes rows: pass the keys of
    the rows written or removed. The recount reads the rows of those keys only (the
    reported_smelter_group index); returns how many groups wait under them now.
    """
    rows = ReportedSmelter.objects.filter(match__needs_review=True)
    counts = ReviewGroupCount.objects.all()
    if keys is not None:
        wanted = set(keys)
        if not wanted:
            return 0
        condition = Q(pk__in=[])
        for metal, name_key, country_key in wanted:
            condition |= Q(metal=metal, name_key=name_key, country_key=country_key)
        rows, counts = rows.filter(condition), counts.filter(condition)
    counts.delete()
    fresh = [
        ReviewGroupCount(**group)
        for group in rows.order_by()
        .values("metal", "name_key", "country_key")
        .annotate(rows=Count("id"), suppliers=Count("supplier_id", distinct=True))
    ]
    ReviewGroupCount.objects.bulk_create(fresh, batch_size=2000)
    return len(fresh)
