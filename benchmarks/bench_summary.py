"""Benchmark: the due-diligence summary and Appendix A of a campaign of N suppliers (default 5,000 × 80 rows).

    python benchmarks/bench_summary.py [--suppliers 5000] [--rows 80]

Runs against a throwaway SQLite database (unless DATABASE_URL is set: use a database of its own, it
adds data). Loads the 2021 Appendix A from ../shared (or SHARED_DIR) as the SORs and their statuses,
then writes, in bulk, one sent request per supplier, one checked submission each (its result JSON as
the checker stores it) and ~N×rows reported smelter rows with their matches, and times
`reports.figures.summary` and `reports.figures.appendix_a`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10, help="Runs of the dashboard's selectors timed.")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='cmrt-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    import cmrt
    from reports.figures import appendix_a, summary
    from smelters.models import ReportedSmelter, Smelter, SmelterMatch
    from smelters.services import smelter_reference_import
    from suppliers.models import Supplier
    from surveys.models import Campaign, Submission, SurveyRequest

    shared = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
    source = shared / "smelters" / "appendix_a_2021.csv"
    if not source.exists():
        sys.exit(f"{source} not found: set SHARED_DIR")
    call_command("migrate", verbosity=0)
    as_of = date(2022, 5, 26)
    smelter_reference_import(source=source, as_of=as_of)
    sors = list(Smelter.objects.values_list("id", "metal", "cid", "standard_name", "country"))
    rng = random.Random(args.seed)
    now = timezone.now()
    tag = uuid.uuid4().hex[:8]

    start = time.perf_counter()
    suppliers = Supplier.objects.bulk_create(
        Supplier(supplier_code=f"B{tag}-{i:05d}", name=f"Bench supplier {i}", annual_spend=rng.randint(1, 10**6))
        for i in range(args.suppliers)
    )
    campaign = Campaign.objects.create(
        name=f"Bench {tag}", period_start=date(2021, 1, 1), period_end=date(2021, 12, 31),
        due_date=date(2022, 3, 31), status="open", opened_at=now,
    )  # fmt: skip
    sent = datetime(2022, 1, 10, tzinfo=UTC)
    requests = SurveyRequest.objects.bulk_create(
        SurveyRequest(campaign=campaign, supplier=s, status="valid", sent_at=sent) for s in suppliers
    )
    answers = {"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}
    submissions = []
    rows_per: list[list[tuple[int, str, str, str, str]]] = []
    for r in requests:
        picked = [rng.choice(sors) for _ in range(max(1, int(rng.gauss(args.rows, args.rows / 4))))]
        rows_per.append(picked)
        smelter_rows = [
            {"row": n, "metal": m.title(), "smelter_id": cid, "lookup_name": name, "name": name, "country": c}
            for n, (_id, m, cid, name, c) in enumerate(picked, start=5)
        ]
        result = {
            "declaration": {"scope": "A"},
            "questions": {m: dict(answers) for m in cmrt.METALS},
            "company_questions": {q: {"answer": "Yes", "comment": None} for q in "ABCDEFGH"},
            "smelters": smelter_rows,
        }
        submissions.append(
            Submission(
                supplier_id=r.supplier_id,
                request=r,
                file="submissions/bench.xlsx",
                original_name="bench.xlsx",
                size=1,
                sha256="0" * 64,
                status="valid",
                result=result,
                checked_at=now,
            )  # fmt: skip
        )
    submissions = Submission.objects.bulk_create(submissions, batch_size=500)
    reported = [
        ReportedSmelter(
            supplier_id=sub.supplier_id,
            source_ref=sub.public_id,
            row_number=n,
            metal=m,
            cid_as_typed=cid,
            name=name,
            country=c,
            name_key=name.lower(),
            country_key=c.lower(),
        )  # fmt: skip
        for sub, picked in zip(submissions, rows_per, strict=True)
        for n, (_id, m, cid, name, c) in enumerate(picked, start=5)
    ]
    ReportedSmelter.objects.bulk_create(reported, batch_size=5000)
    ids = [sor_id for picked in rows_per for (sor_id, *_rest) in picked]
    SmelterMatch.objects.bulk_create(
        (SmelterMatch(reported=rep, smelter_id=sid, method="id", score=100, matched_at=now)
         for rep, sid in zip(reported, ids, strict=True)),
        batch_size=5000,
    )  # fmt: skip
    print(
        f"data: {args.suppliers} suppliers, {len(reported)} smelter rows written in {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    figures = summary(campaign=campaign, as_of=as_of)
    print(f"summary: {time.perf_counter() - start:.2f} s ({figures['smelters_total']} SORs)")
    start = time.perf_counter()
    appendix = appendix_a(campaign=campaign, as_of=as_of)
    print(f"appendix_a: {time.perf_counter() - start:.2f} s ({len(appendix)} rows)")
    # The supply-chain dashboard reads the same selectors (without the smelter-row scan of the summary).
    from reports.dashboard import Filters, dashboard

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        dashboard(campaign=campaign, as_of=as_of, filters=Filters())
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"dashboard: median {times[len(times) // 2]:.2f} s, p95 {p95:.2f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
