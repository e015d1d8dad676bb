"""CMRT workbook library: read RMI Conflict Minerals Reporting Templates 6.x safely and validate them.

Pure Python, no Django. Public API:

* `inspect_workbook(path_or_bytes, *, today=None, max_bytes=...) -> InspectionResult`
* `read_smelter_lookup(path_or_bytes) -> list[LookupRow]` (raises `Refused`)
* `read_workbook_sheets(path_or_bytes) -> (sheet names, {sheet: cells})`: any workbook, same guard and
  sandbox (raises `Refused`); the portal's table importers read .xlsx/.xls through it
* `main(argv) -> int`: the command line (`python -m cmrt FILE ... --json`)
* `RULES`: the rule catalogue (code -> Rule(code, severity, summary))
* `warm_up()` / `shutdown()`: start / stop the sandboxed reader process ahead of time
"""

from .cli import main
from .inspect import inspect_workbook, read_smelter_lookup, read_workbook_sheets
from .isolation import shutdown, warm_up
from .model import (
    CompanyAnswer,
    Declaration,
    Finding,
    InspectionResult,
    LookupRow,
    ProductRow,
    SmelterRow,
)
from .rules import RULES, Refused, Rule

__all__ = [
    "RULES",
    "CompanyAnswer",
    "Declaration",
    "Finding",
    "InspectionResult",
    "LookupRow",
    "ProductRow",
    "Refused",
    "Rule",
    "SmelterRow",
    "inspect_workbook",
    "main",
    "read_smelter_lookup",
    "read_workbook_sheets",
    "shutdown",
    "warm_up",
]
