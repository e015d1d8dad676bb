from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from surveys import services
from surveys.models import Campaign
from surveys.services.campaigns import split_codes


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Create a campaign and open it: one request per supplier, each e-mailed its personal link unless "
        "--no-email. Prints the number of requests; exits non-zero with the reason on bad input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--period-start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--period-end", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--due", required=True, metavar="YYYY-MM-DD")
        parser.add_argument(
            "--suppliers",
            default="all",
            metavar="all|CODE,CODE",
            help="'all' (every active supplier in scope, the default) or a comma-separated list of codes",
        )
        parser.add_argument("--minimum-version", default="", help="refuse CMRT versions older than this")
        parser.add_argument("--no-email", action="store_true", help="create the requests without e-mailing")

    def handle(self, *args: Any, **options: Any) -> None:
        fields: dict[str, Any] = {
            "name": options["name"].strip(),
            "period_start": _day(options["period_start"]),
            "period_end": _day(options["period_end"]),
            "due_date": _day(options["due"]),
            "minimum_version": options["minimum_version"].strip(),
        }
        if not fields["name"]:
            raise CommandError("--name is empty")
        chosen = options["suppliers"].strip()
        if chosen.lower() == "all":
            fields["selection"] = Campaign.Selection.ALL
        else:
            if not split_codes(chosen):
                raise CommandError("--suppliers names no supplier code")
            fields["selection"] = Campaign.Selection.LISTED
            fields["selection_codes"] = chosen
        try:
            # One transaction: a campaign that cannot open (no supplier matches) is not left behind as
            # a draft; the e-mails go out once it is committed.
            with transaction.atomic():
                campaign = services.campaign_create(created_by=None, **fields)
                count = services.campaign_open(campaign=campaign, send_emails=not options["no_email"])
        except services.CampaignRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"{count} requests")
