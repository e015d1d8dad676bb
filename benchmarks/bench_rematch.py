# ruff: noqa: S608  (table names come from the models; values are parameters)
"""Benchmark: `reported_smelters_rematch` over N stored reported rows (default 400,000).

    DATABASE_URL=postgres://... SHARED_DIR=../shared python benchmarks/bench_rematch.py [--rows 400000] [--seed 1]

Loads the CMRT 6.5 Smelter Look-up (from SHARED_DIR) as reference data, then bulk-inserts its own rows
and their matches (with COPY, so PostgreSQL only; it first deletes the rows an earlier run
left, by their source label). The rows have the shape of real declarations: a long tail in which a few
SORs are named by thousands of rows and most by a handful; 70% picked from the look-up with the ID,
15% typed names without ID, 10% drawn from a pool of 3,000 damaged spellings (suppliers copy the same
wrong names from their own suppliers), 5% from 2,000 names that are no smelter at all. It then times a
rematch with no reference change (nothing to write) and one after a reference change (20 of the most
reported damaged spellings become aliases of their SOR), printing rows changed and queries.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABEL = "bench_rematch"


def counted(fn: Any) -> tuple[Any, float, float, int]:
    """Run `fn`: its value, wall and CPU seconds (the CPU figure is what load on a shared machine spares)."""
    from django.db import connection

    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return value, elapsed, cpu, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        sys.exit("set DATABASE_URL to a PostgreSQL database (the rows are inserted with COPY)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cmrt import METALS
    from smelters import matching
    from smelters.match_index import RowInput, smelter_rows_match
    from smelters.models import ReportedSmelter, Smelter, SmelterAlias, SmelterMatch
    from smelters.quality import _drop_legal, _typo, lookup_rows
    from smelters.services import reported_smelters_rematch, smelter_reference_import
    from suppliers.models import Supplier

    shared = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
    lookup = shared / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx"
    if not lookup.exists():
        sys.exit(f"{lookup} not found: set SHARED_DIR")
    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        sys.exit("this benchmark inserts its rows with COPY: run it on PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        table_r, table_m = ReportedSmelter._meta.db_table, SmelterMatch._meta.db_table
        cursor.execute(
            f"DELETE FROM {table_m} WHERE reported_id IN (SELECT id FROM {table_r} WHERE source_label = %s)", [LABEL]
        )
        cursor.execute(f"DELETE FROM {table_r} WHERE source_label = %s", [LABEL])
    SmelterAlias.objects.filter(source=LABEL).delete()
    if not Smelter.objects.exists():
        smelter_reference_import(source=lookup)
    rows = lookup_rows(lookup)
    rng = random.Random(args.seed)
    suppliers = [
        Supplier.objects.get_or_create(supplier_code=f"BENCH-R{i:04d}", defaults={"name": f"Rematch supplier {i}"})[0]
        for i in range(300)
    ]

    # The long tail: a few look-up rows are picked far more often than the rest.
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(rows))]
    rng.shuffle(weights)
    damaged = []
    for metal, alias, _standard, country, cid in rng.choices(rows, weights=weights, k=3000):
        damaged.append((metal, _typo(_drop_legal(alias), rng), rng.choice(["", country.title()]), cid))
    damaged_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(damaged))]
    junk = [f"{rng.choice(['Trading', 'Metal', 'Refining', 'Recycling'])} Company {i}" for i in range(2000)]

    def reported_row() -> tuple[str, str, str, str]:
        roll = rng.random()
        if roll < 0.85:
            metal, alias, _standard, country, cid = rng.choices(rows, weights=weights)[0]
            if roll < 0.70:  # picked from the drop-down: ID and look-up name
                return metal, alias, country, cid
            return metal, alias, country.title(), ""  # typed name, no ID
        if roll < 0.95:
            metal, name, country, _cid = rng.choices(damaged, weights=damaged_weights)[0]
            return metal, name, country, ""
        return rng.choice(METALS), rng.choice(junk), "China", ""

    start = time.perf_counter()
    reported = [reported_row() for _ in range(args.rows)]
    distinct = sorted(set(reported))
    results = dict(
        zip(distinct, smelter_rows_match(rows=[RowInput(m, n, c, cid) for m, n, c, cid in distinct]), strict=True)
    )
    now = timezone.now()
    r_fields = ["public_id", "created_at", "updated_at", "supplier_id", "source_ref", "source_label", "row_number",
                "metal", "metal_as_typed", "cid_as_typed", "name", "country", "name_key", "country_key"]  # fmt: skip
    m_fields = ["reported_id", "smelter_id", "method", "score", "flags", "needs_review", "matched_at"]
    r_out, m_out = io.StringIO(), io.StringIO()
    # Every reported cell quoted: an empty unquoted cell would be NULL, and the text columns are NOT NULL.
    r_csv, m_csv = csv.writer(r_out, quoting=csv.QUOTE_ALL), csv.writer(m_out)
    first_id = (ReportedSmelter.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    source, number = uuid.uuid4(), 5
    supplier = rng.choice(suppliers)
    for offset, (metal, name, country, cid) in enumerate(reported):
        if number > 5 + max(10, int(rng.gauss(100, 30))):
            source, number, supplier = uuid.uuid4(), 5, rng.choice(suppliers)
        keys = matching.name_key(name)[:255], matching.country_key(country)[:100]
        r_csv.writerow([first_id + offset, uuid.uuid4(), now, now, supplier.pk, source, LABEL, number, metal,
                        metal.title(), cid, name, country, *keys])  # fmt: skip
        result = results[(metal, name, country, cid)]
        m_csv.writerow([first_id + offset, result.smelter_pk or "", result.method, max(0.0, min(100.0, result.score)),
                        json.dumps(result.flags), result.needs_review, now])  # fmt: skip
        number += 1
    with connection.cursor() as cursor:
        r_out.seek(0)
        cursor.copy_expert(f"COPY {table_r} (id, {', '.join(r_fields)}) FROM STDIN WITH (FORMAT csv)", r_out)
        m_out.seek(0)
        cursor.copy_expert(f"COPY {table_m} ({', '.join(m_fields)}) FROM STDIN WITH (FORMAT csv, NULL '')", m_out)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table_r}', 'id'), (SELECT MAX(id) FROM {table_r}))")
        cursor.execute(f"ANALYZE {table_r}; ANALYZE {table_m}")
    print(
        f"built {args.rows:,} rows ({len(distinct):,} distinct metal/name/country/ID) "
        f"in {time.perf_counter() - start:.1f} s"
    )

    changed, elapsed, cpu, queries = counted(reported_smelters_rematch)
    print(
        f"  rematch, no reference change:    {elapsed:6.1f} s (CPU {cpu:4.1f} s)  {changed:7,} rows changed  "
        f"{queries:6,} queries  (load average {os.getloadavg()[0]:.1f})"
    )

    top = sorted(range(len(damaged)), key=lambda i: -damaged_weights[i])[:20]
    for i in top:
        metal, name, _country, cid = damaged[i]
        SmelterAlias.objects.get_or_create(smelter=Smelter.objects.get(metal=metal, cid=cid), name=name, source=LABEL)
    changed, elapsed, cpu, queries = counted(reported_smelters_rematch)
    print(
        f"  rematch, after 20 new aliases:   {elapsed:6.1f} s (CPU {cpu:4.1f} s)  {changed:7,} rows changed  "
        f"{queries:6,} queries  (load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
