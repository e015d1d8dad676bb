"""Benchmark (not a test): building the filing package at full size.

    python manage.py generate_scale_data --seed 1              # once per database (5,000 suppliers, ~424,000 rows)
    DATABASE_URL=postgres://.../db python benchmarks/bench_package.py

The generator makes no campaign, so the first run adds one ("Scale campaign", reporting year before the
status date) with a request for every supplier and its submissions filed under that request. Then it
times the two halves of a run: freezing the inputs (every figure, Appendix A, the workpaper rows, the
status snapshot, source hashes: the database work) and rendering the zip from them (HTML, two PDFs,
three XLSX, CSV, manifest), then a rebuild from the frozen inputs, and checks the rebuild's bytes.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.local")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from reports.models import ReportRun
    from reports.services import (
        filing_package_start,
        report_build,
        report_render,
        report_run_create,
        report_run_freeze,
    )
    from suppliers.models import Supplier
    from surveys.models import Campaign, Submission, SurveyRequest

    as_of = date(2027, 2, 1)
    campaign = Campaign.objects.filter(name="Scale campaign").first()
    if campaign is None:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name="Scale campaign",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
                due_date=date(2027, 3, 31),
                status=Campaign.Status.OPEN,
                opened_at=timezone.now(),
            )
            SurveyRequest.objects.bulk_create(
                SurveyRequest(
                    campaign=campaign, supplier_id=s, status=SurveyRequest.Status.SENT, sent_at=timezone.now()
                )
                for s in Supplier.objects.values_list("id", flat=True)
            )
            by_supplier = dict(campaign.requests.values_list("supplier_id", "id"))
            for supplier_id, request_id in by_supplier.items():
                Submission.objects.filter(supplier_id=supplier_id, request__isnull=True).update(request_id=request_id)
    package = filing_package_start(campaign=campaign)
    started = time.perf_counter()
    run = report_run_create(package=package, as_of=as_of, mode="cmr", user=None, enqueue=False)
    report_run_freeze(run=run)
    frozen = time.perf_counter()
    run = report_build(run=run)
    built = time.perf_counter()
    again = report_render(run=ReportRun.objects.get(pk=run.pk))
    rebuilt = time.perf_counter()
    s = run.inputs["summary"] if run.inputs else {}
    print(f"suppliers surveyed {s.get('suppliers_surveyed')}, Appendix A rows {s.get('smelters_total')}")
    print(f"freeze inputs  {frozen - started:6.1f} s")
    print(f"render + store {built - frozen:6.1f} s")
    print(f"total          {built - started:6.1f} s")
    print(f"rebuild        {rebuilt - built:6.1f} s, same bytes: {hashlib.sha256(again).hexdigest() == run.sha256}")
    print(f"zip            {len(again):,} bytes")


if __name__ == "__main__":
    main()
