"""python manage.py import_smelter_origins FILE --as-of YYYY-MM-DD"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smelters.management.commands._import import run_import
from smelters.services import smelter_origins_import


class Command(BaseCommand):
    help = (
        "Import country-of-origin data for known smelters (RMI member data, CSV/XLSX; columns by header name: "
        "Metal, Smelter ID, Countries of origin, and optionally Recycled/Scrap as none, partial or only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as-of", type=date.fromisoformat, required=True, help="The date the data is as of.")

    def handle(self, *args: object, **options: Any) -> None:
        path = str(options["file"])
        outcome = run_import(self, path, lambda: smelter_origins_import(source=path, as_of=options["as_of"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: country-of-origin data as of {outcome.as_of}: {outcome.created} created, "
                f"{outcome.updated} updated, {outcome.unchanged} unchanged."
            )
        )
