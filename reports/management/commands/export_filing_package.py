"""python manage.py export_filing_package --campaign NAME --out DIR [--as-of YYYY-MM-DD] [--mode cmr|rcoi]
python manage.py export_filing_package --run ID --out DIR   (rebuild an earlier run from its frozen inputs)"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports import filing
from reports.models import FilingMode, ReportRun
from reports.services import filing_package_start, report_build, report_render, report_run_create
from surveys.models import Campaign


class Command(BaseCommand):
    help = "Build the filing package of a campaign as a new report run, or rebuild an earlier run, into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", help="The campaign's name (a new run).")
        parser.add_argument("--run", help="The public id (UUID) of an earlier run to rebuild.")
        parser.add_argument("--out", required=True, type=Path, help="The directory to write the zip to.")
        parser.add_argument("--as-of", type=date.fromisoformat, help="The status date, YYYY-MM-DD (default: today).")
        parser.add_argument("--mode", choices=list(FilingMode.values), help="cmr (default: the package's) or rcoi.")

    def handle(self, *args: object, **options: Any) -> None:
        out = Path(str(options["out"]))
        out.mkdir(parents=True, exist_ok=True)
        if options["run"]:
            run = ReportRun.objects.select_related("package__campaign").filter(public_id=options["run"]).first()
            if run is None or run.inputs is None:
                raise CommandError(f"No report run {options['run']}.")
            body = report_render(run=run)
        elif options["campaign"]:
            name = str(options["campaign"])
            campaign = Campaign.objects.filter(name=name).first()
            if campaign is None:
                known = ", ".join(Campaign.objects.order_by("name").values_list("name", flat=True)) or "none"
                raise CommandError(f"No campaign named {name!r} (campaigns: {known}).")
            package = filing_package_start(campaign=campaign)
            as_of = options["as_of"] or timezone.localdate()
            if isinstance(as_of, str):  # call_command passes keyword options unconverted
                as_of = date.fromisoformat(as_of)
            assert isinstance(as_of, date)
            mode = str(options["mode"] or package.mode)
            run = report_build(run=report_run_create(package=package, as_of=as_of, mode=mode, user=None, enqueue=False))
            with run.file.open("rb") as handle:
                body = handle.read()
        else:
            raise CommandError("Give --campaign NAME for a new run or --run ID to rebuild one.")
        path = out / filing.package_name(run.package.campaign.name, run.as_of.isoformat())
        path.write_bytes(body)
        self.stdout.write(f"run {run.public_id}")
        self.stdout.write(str(path))
