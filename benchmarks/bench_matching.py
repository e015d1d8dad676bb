"""Benchmark: match the smelter rows of N submissions of ~100 rows each (default 1,000 × 100).

    python benchmarks/bench_matching.py [--submissions 1000] [--rows 100] [--record]

Runs against a throwaway SQLite database (unless DATABASE_URL is set), loads the CMRT 6.5 Smelter
Look-up from ../shared (or SHARED_DIR) through the import service, then builds synthetic
submissions the way suppliers fill them: most rows picked from the look-up (with the ID), some
typed names without ID, some damaged names, some names that are no smelter at all. It times
`smelter_rows_match` once per submission (what the submission service does), and with --record
`reported_smelters_record` (which also writes the rows and their matches).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--record", action="store_true", help="also store rows and matches (database writes)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='cmrt-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from smelters.quality import _drop_legal, _typo, lookup_rows
    from smelters.services import RowInput, reported_smelters_record, smelter_reference_import, smelter_rows_match

    shared = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
    lookup = shared / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx"
    if not lookup.exists():
        sys.exit(f"{lookup} not found: set SHARED_DIR")
    call_command("migrate", verbosity=0)
    smelter_reference_import(source=lookup)
    rows = lookup_rows(lookup)
    rng = random.Random(args.seed)

    def reported_row() -> dict[str, str]:
        metal, alias, _standard, country, cid = rng.choice(rows)
        roll = rng.random()
        if roll < 0.70:  # picked from the drop-down: ID and look-up name
            return {"metal": metal.title(), "cid": cid, "name": alias, "country": country}
        if roll < 0.85:  # typed name, no ID
            return {"metal": metal, "cid": "", "name": alias, "country": country.title()}
        if roll < 0.95:  # damaged name
            return {"metal": metal, "cid": "", "name": _typo(_drop_legal(alias), rng).lower(), "country": ""}
        return {"metal": metal, "cid": "", "name": f"Trading Company {rng.randint(1, 5000)}", "country": "China"}

    submissions = [
        [reported_row() for _ in range(max(1, int(rng.gauss(args.rows, args.rows / 4))))]
        for _ in range(args.submissions)
    ]
    total_rows = sum(len(s) for s in submissions)

    start, cpu = time.perf_counter(), time.process_time()
    methods: dict[str, int] = {}
    for submission in submissions:
        for result in smelter_rows_match(rows=[RowInput(**row) for row in submission]):
            methods[result.method] = methods.get(result.method, 0) + 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"smelter_rows_match: {args.submissions} submissions, {total_rows} rows in {elapsed:.2f} s "
        f"(CPU {cpu:.2f} s, {1e6 * elapsed / total_rows:.0f} µs/row)"
    )
    print("  methods: " + ", ".join(f"{k} {v} ({100 * v / total_rows:.1f}%)" for k, v in sorted(methods.items())))

    if args.record:
        from suppliers.models import Supplier

        supplier = Supplier.objects.create(supplier_code="BENCH", name="Benchmark supplier")
        start, cpu = time.perf_counter(), time.process_time()
        for submission in submissions:
            reported_smelters_record(
                supplier=supplier,
                source_ref=uuid.uuid4(),
                source_label="benchmark",
                rows=[{"row_number": n, **row} for n, row in enumerate(submission, start=5)],
            )
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"reported_smelters_record (store + match): {total_rows} rows in {elapsed:.2f} s (CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
