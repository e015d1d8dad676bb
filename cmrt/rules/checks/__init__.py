"""The checks of a read workbook, one module per subject, run by `validate` in the order a supplier reads it."""

from __future__ import annotations

from datetime import date

from ...model import Finding, InspectionResult
from ..catalogue import RULES
from .company import check_company
from .contradictions import check_contradictions
from .products import check_products
from .questions import check_company_questions, check_questions
from .smelters import check_smelters


def without_covered(findings: list[Finding]) -> list[Finding]:
    """Leave out a warning that an error on the same cell already says (`Rule.covered_by`)."""
    errors = {(f.code, f.sheet, f.cell) for f in findings if f.severity == "error"}
    return [
        f for f in findings if not any((code, f.sheet, f.cell) in errors for code in RULES[f.code].covered_by if f.cell)
    ]


def validate(result: InspectionResult, *, today: date) -> list[Finding]:
    """Every rule, in the order a supplier reads the workbook; one problem found twice is listed once."""
    return without_covered(
        check_company(result, today)
        + check_questions(result)
        + check_company_questions(result)
        + check_products(result)
        + check_smelters(result)
        + check_contradictions(result)
    )


__all__ = [
    "check_company",
    "check_company_questions",
    "check_contradictions",
    "check_products",
    "check_questions",
    "check_smelters",
    "validate",
    "without_covered",
]
