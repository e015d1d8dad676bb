"""How every file import fails: all or nothing, with every bad row and its reason.

The supplier master file, the smelter reference lists and the country-of-origin data are imported
whole or not at all. Each importer raises `ImportRefused` when it writes nothing; management commands
and admin pages show the one message and list `problems`, so a user sees the same kind of answer
whatever they imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One bad (or skipped) row: where it is, as a user finds it in the file, and why."""

    where: str  # "row 12" or "sheet 'X', row 12"
    reason: str

    @classmethod
    def at_row(cls, number: int, reason: str) -> RowProblem:
        return cls(f"row {number}", reason)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ImportRefused(Exception):
    """The import wrote nothing. `str()` is the message for the user; `problems` lists the bad rows."""

    def __init__(self, message: str, problems: Iterable[RowProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    @classmethod
    def bad_rows(cls, label: str, problems: Iterable[RowProblem]) -> ImportRefused:
        """Refuse the file `label` for its bad rows, each listed with its reason."""
        problems = list(problems)
        return cls(f"{label}: {len(problems)} row(s) cannot be imported; nothing was imported.", problems)
