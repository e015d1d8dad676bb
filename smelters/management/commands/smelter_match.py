"""python manage.py smelter_match --metal METAL --name NAME [--country C] [--id CID] [--as-of DATE] --json"""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from smelters import matching
from smelters.models import Smelter
from smelters.selectors import smelter_status_as_of
from smelters.services import smelter_match


class Command(BaseCommand):
    help = "Match one reported smelter row against the reference data and print the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--metal", required=True, help="Gold, Tantalum, Tin, Tungsten (any case).")
        parser.add_argument("--name", default="", help="The smelter name as reported.")
        parser.add_argument("--country", default="", help="The country as reported (any case).")
        parser.add_argument("--id", dest="cid", default="", help="The Smelter ID as reported.")
        parser.add_argument("--as-of", type=date.fromisoformat, help="Status date (default today).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: object, **options: Any) -> None:
        metal = matching.metal_key(str(options["metal"]))
        if not metal:
            raise CommandError(f"Unknown metal '{options['metal']}'; use one of {', '.join(matching.METALS)}.")
        result = smelter_match(
            metal=metal,
            name=str(options["name"]),
            country=str(options["country"]),
            cid=str(options["cid"]),
        )
        smelter = Smelter.objects.filter(pk=result.smelter_pk).first() if result.smelter_pk else None
        as_of = options["as_of"] or timezone.localdate()
        snapshot = smelter_status_as_of(smelter=smelter, as_of=as_of) if smelter else None
        payload = {
            "smelter_id": smelter.cid if smelter else None,
            "standard_name": smelter.standard_name if smelter else None,
            "country": smelter.country if smelter else None,
            "method": result.method,
            "score": result.score if smelter else None,
            "status": snapshot.status if snapshot else None,
            "status_as_of": snapshot.as_of.isoformat() if snapshot else None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for key, value in payload.items():
            self.stdout.write(f"{key}: {value if value is not None else '-'}")
        if result.flags:
            self.stdout.write(f"flags: {', '.join(result.flags)}")
