"""python manage.py import_smelters FILE [--as-of YYYY-MM-DD]"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smelters.management.commands._import import run_import
from smelters.services import smelter_reference_import


class Command(BaseCommand):
    help = (
        "Import smelter reference data: a CMRT/EMRT workbook (its Smelter Look-up), a status list "
        "(CSV/XLSX, columns by header name) or an Appendix A CSV. All or nothing; re-importing is a no-op."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            help="Date the statuses are as of (default: a date in the file or its name; without one: refused).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        path = str(options["file"])
        outcome = run_import(self, path, lambda: smelter_reference_import(source=path, as_of=options["as_of"]))
        kind = {"lookup": "Smelter Look-up", "status_list": "status list", "appendix_a": "Appendix A list"}
        sheet = f" (sheet '{outcome.sheet}')" if outcome.sheet else ""
        self.stdout.write(f"{path}: {kind[outcome.kind]}{sheet}, as of {outcome.as_of} from {outcome.as_of_origin}.")
        self.stdout.write(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in outcome.counts.items()))
        for skipped in outcome.skipped:
            self.stdout.write(f"  skipped: {skipped}")
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if not outcome.changed:
            self.stdout.write(self.style.SUCCESS("Nothing new: the data was already imported."))
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))
