import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cmrt import main


class Command(BaseCommand):
    help = (
        "Read and check CMRT workbooks; prints one JSON document per file (one per line). "
        "Exit status 0 when every file was read (valid or not), 2 when a file was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")

    def handle(self, *args: object, **options: Any) -> None:
        argv = [str(f) for f in options["files"]]
        if options["indent"] is not None:
            argv += ["--indent", str(options["indent"])]
        # The raw stream: JSON lines, no styling. django-stubs does not declare OutputWrapper._out (the
        # wrapped stream), so its __getattr__ reads it as a Callable.
        status = main(argv, stdout=self.stdout._out)  # type: ignore[arg-type]
        if status:
            sys.exit(status)
