"""Record the smelter rows a supplier reported and write their matches."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from smelters import matching
from smelters.match_index import RowInput, smelter_rows_match
from smelters.models import ReportedSmelter, SmelterMatch
from smelters.services.counts import review_group_counts_refresh, smelter_supplier_counts_refresh


@transaction.atomic
def reported_smelters_record(
    *,
    supplier: Any,
    source_ref: uuid.UUID,
    source_label: str,
    rows: Iterable[Mapping[str, Any]],
) -> list[ReportedSmelter]:
    """Store the smelter rows of one source (a CMRT submission) for `supplier` and match them.

    `rows` are mappings with `row_number`, `metal`, `cid`, `name` and `country` (as typed).
    Recording the same `source_ref` again replaces its rows (the matches are recomputed; review
    decisions live on, keyed by metal, name and country, and apply again).
    """
    rows = list(rows)
    replaced = ReportedSmelter.objects.filter(source_ref=source_ref)
    counted = set(replaced.filter(match__smelter__isnull=False).values_list("match__smelter_id", flat=True))
    regrouped = set(replaced.filter(match__needs_review=True).values_list("metal", "name_key", "country_key"))
    replaced.delete()
    reported = [
        ReportedSmelter(
            supplier=supplier,
            source_ref=source_ref,
            source_label=source_label[:255],
            row_number=int(row["row_number"]),
            metal=matching.metal_key(row.get("metal")),
            metal_as_typed=str(row.get("metal") or "")[:100],
            cid_as_typed=str(row.get("cid") or "").strip()[:100],
            name=" ".join(str(row.get("name") or "").split())[:255],
            country=str(row.get("country") or "").strip()[:100],
            name_key=matching.name_key(row.get("name"))[:255],
            country_key=matching.country_key(row.get("country"))[:100],
        )
        for row in rows
    ]
    ReportedSmelter.objects.bulk_create(reported)
    if not reported[:1] or reported[0].pk is None:  # backends that do not return ids from bulk_create
        reported = list(ReportedSmelter.objects.filter(source_ref=source_ref))
    reported_matches_write(reported, create=True, also_count=counted, also_regroup=regrouped)
    return reported


def reported_matches_write(
    reported: list[ReportedSmelter],
    *,
    create: bool,
    also_count: Iterable[int] = (),
    also_regroup: Iterable[tuple[str, str, str]] = (),
) -> int:
    """Match `reported` and create their matches (`create`) or update those that changed; returns how many.

    The supplier counts of the SORs gained or lost, and the review counts of the rows' (metal, name,
    country), are recounted (with those of `also_count` and `also_regroup`, for rows the caller removed).
    """
    results = smelter_rows_match(
        rows=[RowInput(metal=r.metal, name=r.name, country=r.country, cid=r.cid_as_typed) for r in reported]
    )
    now = timezone.now()
    matches = []
    for row, result in zip(reported, results, strict=True):
        decision = result.decision
        matches.append(
            SmelterMatch(
                reported=row,
                smelter_id=result.smelter_pk,
                method=result.method,
                score=max(0.0, min(100.0, result.score)),
                flags=result.flags,
                needs_review=result.needs_review,
                decision=decision,
                confirmed_by_id=decision.decided_by_id if decision else None,
                confirmed_at=decision.decided_at if decision else None,
                matched_at=now,
            )
        )
    if create:
        SmelterMatch.objects.bulk_create(matches, batch_size=1000)
        smelter_supplier_counts_refresh(smelter_ids={*also_count, *(m.smelter_id for m in matches)})
        review_group_counts_refresh(keys={*also_regroup, *(_group_key(r) for r in reported)})
        return len(matches)
    changed = 0
    current = {m.reported_id: m for m in SmelterMatch.objects.filter(reported__in=[r.pk for r in reported])}
    fields = ["smelter", "method", "score", "flags", "needs_review", "decision", "confirmed_by", "confirmed_at"]
    to_update = []
    touched: set[int | None] = set(also_count)
    regroup: set[tuple[str, str, str]] = set(also_regroup)
    for new in matches:
        old = current.get(new.reported_id)
        if old is None:
            new.save()
            touched.add(new.smelter_id)
            regroup.add(_group_key(new.reported))
            changed += 1
            continue
        if any(
            getattr(old, f + ("_id" if f in ("smelter", "decision", "confirmed_by") else ""))
            != getattr(new, f + ("_id" if f in ("smelter", "decision", "confirmed_by") else ""))
            for f in fields
        ):
            touched.update((old.smelter_id, new.smelter_id))
            if old.needs_review != new.needs_review:
                regroup.add(_group_key(new.reported))
            for f in fields:
                setattr(old, f, getattr(new, f))
            old.matched_at = new.matched_at
            to_update.append(old)
    SmelterMatch.objects.bulk_update(to_update, [*fields, "matched_at"], batch_size=1000)
    smelter_supplier_counts_refresh(smelter_ids=touched)
    review_group_counts_refresh(keys=regroup)
    return changed + len(to_update)


def _group_key(row: ReportedSmelter) -> tuple[str, str, str]:
    return (row.metal, row.name_key, row.country_key)
