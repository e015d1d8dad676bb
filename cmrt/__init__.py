"""CMRT workbook library: read RMI Conflict Minerals Reporting Templates 6.x safely and validate them.

Pure Python, no Django. Public API:

* `inspect_workbook(path_or_bytes, *, today=None, max_bytes=...) -> InspectionResult`
* `read_smelter_lookup(path_or_bytes) -> list[LookupRow]` (raises `Refused`)
* `read_workbook_sheets(path_or_bytes) -> (sheet names, {sheet: cells})`: any workbook, same guard and
  sandbox (raises `Refused`); the portal's table importers read .xlsx/.xls through it
* `main(argv) -> int`: the command line (`python -m cmrt FILE ... --json`)
* `RULES`: the rule catalogue (code -> Rule(code, severity, summary)); the rules live in `cmrt/rules/`
* `metal_in_scope(q1, q2)` / `metal_scope(q1, q2) -> Scope` (and `InspectionResult.scope_of(metal)`): the one
  definition of a metal in scope, for the rules, the pages and every figure
* the template's facts, defined once: `METALS`, `METAL_LABELS`, `CID_PATTERN`/`CID_RE` (the Smelter ID),
  `SHEET_LOOKUP` ("Smelter Look-up"), `QUESTION_TEXT` (1-8) and `COMPANY_QUESTION_TEXT` (A-H)
* `campaign_findings(result, *, supplier_name, period_start, period_end, minimum_version)`: the checks that
  need a campaign's facts (minimum version, the supplier's name, the reporting period)
* `warm_up()` / `shutdown()`: start / stop the sandboxed reader process ahead of time
"""

from .campaign import campaign_findings, company_name_similarity
from .cli import main
from .inspect import inspect_workbook, read_smelter_lookup, read_workbook_sheets
from .isolation import shutdown, warm_up
from .layout import CID_PATTERN, CID_RE, SHEET_LOOKUP
from .model import (
    METAL_LABELS,
    METALS,
    CompanyAnswer,
    Declaration,
    Finding,
    InspectionResult,
    LookupRow,
    ProductRow,
    SmelterRow,
)
from .questions import COMPANY_QUESTION_TEXT, QUESTION_TEXT, Scope, metal_in_scope, metal_scope
from .rules import RULES, Refused, Rule

__all__ = [
    "CID_PATTERN",
    "CID_RE",
    "COMPANY_QUESTION_TEXT",
    "METALS",
    "METAL_LABELS",
    "QUESTION_TEXT",
    "RULES",
    "SHEET_LOOKUP",
    "CompanyAnswer",
    "Declaration",
    "Finding",
    "InspectionResult",
    "LookupRow",
    "ProductRow",
    "Refused",
    "Rule",
    "Scope",
    "campaign_findings",
    "company_name_similarity",
    "SmelterRow",
    "inspect_workbook",
    "main",
    "metal_in_scope",
    "metal_scope",
    "read_smelter_lookup",
    "read_workbook_sheets",
    "shutdown",
    "warm_up",
]
