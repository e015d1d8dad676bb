"""Match reported rows again after the reference data or a review decision changed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from django.db import connection
from django.db.models import Field, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from smelters.match_index import RowInput, RowMatcher, RowMatchResult
from smelters.models import ReportedSmelter, SmelterMatch
from smelters.services.counts import review_group_counts_refresh, smelter_supplier_counts_refresh

# What a match says, in this order, compared with what is stored to decide whether a row changed.
REGROUP_BY_KEY_MAX = 500
MATCH_FIELDS = (
    "smelter_id",
    "method",
    "score",
    "flags",
    "needs_review",
    "decision_id",
    "confirmed_by_id",
    "confirmed_at",
)
CHUNK = 3000  # rows fetched, and changed matches written, per statement (SQLite allows 32,766 parameters)

MatchValues = tuple[int | None, str, float, list[str], bool, int | None, int | None, datetime | None]


def rematch_enqueue() -> None:
    """Hand the rematch of every reported row to a worker (called once an import has committed)."""
    from smelters.tasks import reported_smelters_rematch as task

    task.delay()


def _match_values(result: RowMatchResult) -> MatchValues:
    decision = result.decision
    return (
        result.smelter_pk,
        result.method,
        max(0.0, min(100.0, result.score)),
        result.flags,
        result.needs_review,
        decision.pk if decision else None,
        decision.decided_by_id if decision else None,
        decision.decided_at if decision else None,
    )


def _concrete_field(name: str) -> Field[Any, Any]:
    field = SmelterMatch._meta.get_field(name)
    assert isinstance(field, Field)  # MATCH_FIELDS names columns of SmelterMatch, never relations' reverse sides
    return field


def _cast_type(field: Field[Any, Any]) -> str:
    # Field.cast_db_type is public Django API (used by Cast) that django-stubs 5.2.9 does not declare.
    return str(field.cast_db_type(connection))  # type: ignore[attr-defined]


def reported_smelters_rematch(*, queryset: QuerySet[ReportedSmelter] | None = None) -> int:
    """Match reported rows again (after new reference data or a decision); returns how many changed.

    Rows are streamed as plain values with their current match, never as model objects; each distinct
    (metal, name, country, Smelter ID as typed) is matched once for the whole run; only the matches
    that changed are written, in bulk, so a rematch after a small reference change writes a little and
    one after no change writes nothing.
    """
    qs = ReportedSmelter.objects.all() if queryset is None else queryset
    matcher = RowMatcher()
    wanted: dict[tuple[str, str, str, str], MatchValues] = {}  # plain tuples: they hash in C
    flags_of: dict[str | None, list[str]] = {}  # the few distinct flag lists, decoded once each
    now = timezone.now()
    changed: list[tuple[int, MatchValues]] = []  # (match id, new values)
    missing: list[SmelterMatch] = []
    total = 0
    # The flags come as their JSON text: decoding 400k small JSON values was a fifth of the run.
    current_fields = [f"match__{f}" if f != "flags" else "flags_text" for f in MATCH_FIELDS]
    rows = (
        qs.order_by("pk")
        .annotate(flags_text=Cast("match__flags", TextField()))
        .values_list(
            "pk", "metal", "name", "country", "cid_as_typed", "name_key", "country_key", "match__id", *current_fields
        )
    )
    # The kept counts (smelters.services.counts) follow the rows whose match changed: the SORs they
    # left and joined, and their review groups.
    touched: set[int | None] = set()
    regroup: set[tuple[str, str, str]] = set()
    smelter_at = MATCH_FIELDS.index("smelter_id")
    flags_at = MATCH_FIELDS.index("flags")
    for pk, metal, name, country, cid, name_key, country_key, match_id, *current in rows.iterator(chunk_size=CHUNK):
        key = (metal, name, country, cid)
        values = wanted.get(key)
        if values is None:
            values = wanted[key] = _match_values(matcher.match(RowInput(*key)))
        if match_id is None:
            touched.add(cast("int | None", values[smelter_at]))
            regroup.add((metal, name_key, country_key))
            missing.append(SmelterMatch(reported_id=pk, matched_at=now, **dict(zip(MATCH_FIELDS, values, strict=True))))
            continue
        text = current[flags_at]
        flags = flags_of.get(text)
        if flags is None:
            flags = flags_of[text] = json.loads(text) if text else []
        current[flags_at] = flags
        if tuple(current) != values:
            touched.update((cast("int | None", current[smelter_at]), cast("int | None", values[smelter_at])))
            regroup.add((metal, name_key, country_key))
            changed.append((match_id, values))
            if len(changed) >= CHUNK:
                total += _matches_update(changed, now)
                changed = []
    total += _matches_update(changed, now)
    SmelterMatch.objects.bulk_create(missing, batch_size=1000)
    smelter_supplier_counts_refresh(smelter_ids=touched)
    # Past a few hundred groups one recount of every group waiting for review is cheaper than an OR per key.
    review_group_counts_refresh(keys=regroup if len(regroup) <= REGROUP_BY_KEY_MAX else None)
    return total + len(missing)


def _matches_update(changed: list[tuple[int, MatchValues]], now: datetime) -> int:
    """Write changed matches in one statement: UPDATE ... FROM a VALUES list (PostgreSQL and SQLite 3.33+).

    Django's bulk_update would build a CASE per column and row (slow to build and to plan at thousands
    of rows, and split at a few dozen rows on SQLite); one VALUES list is what the database does well.
    """
    if not changed:
        return 0
    fields = [_concrete_field(name) for name in MATCH_FIELDS]
    postgres = connection.vendor == "postgresql"
    # A VALUES column holding only NULLs and quoted literals has no type on PostgreSQL: cast it to the column's.
    sets = ", ".join(f"{f.column} = v.{f.column}" + (f"::{_cast_type(f)}" if postgres else "") for f in fields)
    row = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    params: list[Any] = []
    for match_id, values in changed:
        params.append(match_id)
        params.extend(f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True))
    table = connection.ops.quote_name(SmelterMatch._meta.db_table)
    columns = ", ".join(f.column for f in fields)
    key = "v.id::bigint" if postgres else "v.id"
    sql = (
        f"WITH v(id, {columns}) AS (VALUES {', '.join([row] * len(changed))}) "  # noqa: S608 (model names; values are parameters)
        f"UPDATE {table} SET {sets}, matched_at = %s FROM v WHERE {table}.id = {key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now])  # the VALUES come first in the statement
    return len(changed)
