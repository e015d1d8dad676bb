from django.core.management.base import BaseCommand, CommandParser

from demo.builder import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Fill the database with demo users and a believable supplier list (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--suppliers", type=int, default=320)

    def handle(self, *args: object, **options: int) -> None:
        logins = demo_load(suppliers=options["suppliers"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000 with:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<22} password: {DEMO_PASSWORD}   ({login.role})")
        # RMI reference lists are copyrighted and not shipped: point at the blank CMRT everyone has.
        self.stdout.write(
            "Smelter reference data is not included (the RMI's lists are copyrighted). Load it from a blank CMRT"
            " template with: python manage.py import_smelters CMRT_6.5.xlsx"
        )
