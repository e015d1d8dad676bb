from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from surveys.models import Campaign
from surveys.services.outreach import outreach_pass


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a moment as YYYY-MM-DDTHH:MM") from None
    # Without an offset the moment is read in the portal's time zone (TIME_ZONE); each campaign then
    # takes the day it falls on in its own time zone.
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Run one pass of the reminder ladder (what beat runs every 15 minutes): claim each step due and "
        "queue its e-mail. Prints one line per e-mail, SUPPLIER_CODE STEP, and the count last."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", metavar="YYYY-MM-DDTHH:MM", help="Run as of this moment (default: now; no offset: TIME_ZONE)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would go out; send and record nothing.")
        parser.add_argument("--campaign", metavar="NAME", help="Only this campaign (its name, any case).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = _moment(options["now"]) if options["now"] else timezone.now()
        campaign = None
        if options["campaign"]:
            campaign = Campaign.objects.filter(name__iexact=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"No campaign is named {options['campaign']!r}.")
            if campaign.status != Campaign.Status.OPEN:
                raise CommandError(f"The campaign {campaign.name!r} is not open: no reminders go out for it.")
        with transaction.atomic():
            steps = outreach_pass(now=now, campaign=campaign, dry_run=options["dry_run"])
        for step in steps:
            self.stdout.write(f"{step.supplier_code} {step.step}")
        count = len(steps)
        noun = "e-mail" if count == 1 else "e-mails"
        self.stdout.write(f"{count} {noun} would go out (dry run)" if options["dry_run"] else f"{count} {noun} queued")
