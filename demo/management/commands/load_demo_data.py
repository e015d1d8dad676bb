from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.builder import DEMO_PASSWORD, demo_load

# Copy-pasteable from the project folder: the virtualenv's Python, and where the file comes from.
SMELTER_DATA_HINT = (
    "Smelter reference data is not included (the RMI's lists are copyrighted). Download the blank CMRT"
    " template (CMRT 6.5, .xlsx) from the RMI's website, responsiblemineralsinitiative.org, and load its"
    " Smelter Look-up sheet with:\n"
    "  .venv/bin/python manage.py import_smelters path/to/CMRT_6.5.xlsx"
)


class Command(BaseCommand):
    help = "Fill the database with demo users and a believable supplier list (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--suppliers", type=int, default=320)
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the portal is served (printed).")

    def handle(self, *args: object, **options: Any) -> None:
        logins = demo_load(suppliers=options["suppliers"])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {options['url']} with:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<22} password: {DEMO_PASSWORD}   ({login.role})")
        self.stdout.write(SMELTER_DATA_HINT)
