from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.importing import ImportRefused
from suppliers.services import supplier_import


class Command(BaseCommand):
    help = (
        "Import the supplier master file (.csv or .xlsx). Columns by header name: supplier_code, name, "
        "contact_email (required); contact_name, country, category, annual_spend, currency, in_scope, "
        "owner_email (optional). All or nothing: a file with bad rows imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, **options: str) -> None:
        try:
            result = supplier_import(path=options["file"])
        except FileNotFoundError as exc:
            raise CommandError(f"{options['file']}: no such file") from exc
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged")
        )
