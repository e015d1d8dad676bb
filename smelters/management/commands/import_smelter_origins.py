"""python manage.py import_smelter_origins FILE --as-of YYYY-MM-DD"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smelters.services import SmelterImportError, smelter_origins_import


class Command(BaseCommand):
    help = (
        "Import country-of-origin data for known smelters (RMI member data, CSV/XLSX; columns by header name: "
        "Metal, Smelter ID, Countries of origin, and optionally Recycled/Scrap as none, partial or only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as-of", type=date.fromisoformat, required=True, help="The date the data is as of.")

    def handle(self, *args: object, **options: object) -> None:
        path = str(options["file"])
        try:
            outcome = smelter_origins_import(source=path, as_of=options["as_of"])  # type: ignore[arg-type]
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file.") from exc
        except SmelterImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: country-of-origin data as of {outcome.as_of}: {outcome.created} created, "
                f"{outcome.updated} updated, {outcome.unchanged} unchanged."
            )
        )
