"""What the smelter import commands share: turning a refused import into a readable command error."""

from collections.abc import Callable
from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError

from core.importing import ImportRefused

T = TypeVar("T")


def run_import(command: BaseCommand, path: str, do_import: Callable[[], T]) -> T:
    """Run `do_import`; a missing file or bad rows end the command with status 1 and every reason."""
    try:
        return do_import()
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file.") from exc
    except ImportRefused as exc:
        for problem in exc.problems:
            command.stderr.write(f"  {problem}")
        raise CommandError(str(exc)) from exc
