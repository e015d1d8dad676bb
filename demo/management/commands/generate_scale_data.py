from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.builder import DEMO_PASSWORD
from demo.scale import scale_data_exists, scale_generate, scale_shape


class Command(BaseCommand):
    help = (
        "Fill the database with a supply base at full size (5,000 suppliers, ~400,000 smelter rows) "
        "generated from a seed, for the page benchmark (benchmarks/bench_pages.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full size, 0.1 a tenth of it.")
        parser.add_argument(
            "--database-check",
            action="store_true",
            help="Write nothing: print the shape of the generated data already in the database.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if options["database_check"]:
            if not scale_data_exists():
                raise CommandError("No generated data in this database: run generate_scale_data first.")
            self._print_shape(scale_shape())
            return
        if scale_data_exists():
            raise CommandError("This database already holds generated data: use a fresh database (or flush it).")
        if not 0 < options["scale"] <= 1:
            raise CommandError("--scale is a fraction of the full size: more than 0, at most 1.")
        built = scale_generate(seed=options["seed"], scale=options["scale"], log=self.stdout.write)
        self._print_shape(built.counts)
        self.stdout.write(self.style.SUCCESS(f"Done. Demo logins (password {DEMO_PASSWORD}):"))
        for user in built.users:
            self.stdout.write(f"  {user.email}")

    def _print_shape(self, counts: dict[str, int]) -> None:
        for name, value in counts.items():
            self.stdout.write(f"  {name.replace('_', ' '):<42} {value:>9,}")
