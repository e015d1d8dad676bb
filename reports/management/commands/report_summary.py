"""python manage.py report_summary --campaign NAME [--as-of YYYY-MM-DD] --json"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports.figures import summary
from surveys.models import Campaign


class Command(BaseCommand):
    help = "Print the due-diligence summary of a campaign (every figure of DOMAIN.md) as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help="The campaign's name.")
        parser.add_argument("--as-of", type=date.fromisoformat, help="The status date, YYYY-MM-DD (default: today).")
        parser.add_argument("--json", action="store_true", help="Print JSON (the only output there is).")

    def handle(self, *args: object, **options: object) -> None:
        name = str(options["campaign"])
        campaign = Campaign.objects.filter(name=name).first()
        if campaign is None:
            known = ", ".join(Campaign.objects.order_by("name").values_list("name", flat=True)) or "none"
            raise CommandError(f"No campaign named {name!r} (campaigns: {known}).")
        as_of = options["as_of"] or timezone.localdate()
        assert isinstance(as_of, date)
        self.stdout.write(json.dumps(summary(campaign=campaign, as_of=as_of), indent=2, ensure_ascii=False))
